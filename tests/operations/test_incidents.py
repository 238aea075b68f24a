"""Incidents: the life cycle through the services (open, timeline, mobilise from the registers,
situation reports, close with lessons), double mobilisation flagged, an ended militia term refused,
overdue situation reports, the rhythm and the permissions. Fixed times (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from garrison.operations.incidents import rules, services
from garrison.operations.models import Incident, Mobilisation
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    ReservistFactory,
    TechnicalMeansFactory,
)
from tests.factories.ops_incidents import at, stop_clock

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages and timeline lines in English, as the tests assert them (a page
    writes them in its user's language)."""
    with translation.override("en"):
        yield


def _incident(actor, commune, *, title="Sạt lở đất bản Huổi Một", severity="severe", when=None):
    return services.do_open_incident(
        actor=actor,
        incident=Incident(
            commune=commune,
            kind="landslide",
            title=title,
            occurred_at=when or at(20, 5, 30),
            severity=severity,
            village="Bản Huổi Một",
            latitude=Decimal("21.38612"),
            longitude=Decimal("103.01724"),
        ),
    )


@pytest.fixture
def squad_a(commune_a):
    return MilitiaUnitFactory(commune=commune_a, name="Tiểu đội cơ động Na Son")


@pytest.fixture
def registers_a(commune_a, squad_a):
    """Commune A's registers: two serving militia members, a reservist and a truck."""
    return {
        "members": [MilitiaMemberFactory(unit=squad_a), MilitiaMemberFactory(unit=squad_a)],
        "reservist": ReservistFactory(person=PersonFactory(residence_commune=commune_a)),
        "truck": TechnicalMeansFactory(commune=commune_a, registration_number="27C-012.34"),
    }


def test_the_rhythm_is_set_by_severity():
    start = at(20, 6)
    assert rules.next_report_due("critical", start, None) == at(20, 9)
    assert rules.next_report_due("severe", start, None) == at(20, 12)
    assert rules.next_report_due("moderate", start, at(20, 8)) == at(20, 20)
    assert rules.next_report_due("minor", start, None) == at(21, 6)


def test_an_incident_lives_from_opening_to_its_lessons(
    monkeypatch, commune_a_staff, commune_a, registers_a
):
    stop_clock(monkeypatch, at(20, 6))
    incident = _incident(commune_a_staff, commune_a)
    assert incident.status == "open"
    assert incident.next_report_due_at == at(20, 11, 30)  # severe: 6 hours after 05:30
    first = incident.updates.get()
    assert "Incident opened" in first.text and first.author == commune_a_staff

    stop_clock(monkeypatch, at(20, 6, 30))
    services.do_add_incident_update(
        actor=commune_a_staff, incident=incident, text="Đất đá vùi lấp 2 nhà, 1 người mắc kẹt."
    )
    result = services.do_mobilise(
        actor=commune_a_staff,
        incident=incident,
        members=registers_a["members"],
        reservists=[registers_a["reservist"]],
        means=[registers_a["truck"]],
        from_at=at(20, 6, 15),
        task="Tìm kiếm, cứu nạn; chở người sơ tán",
    )
    assert len(result.rows) == 4 and result.flags == []
    assert incident.mobilisations.filter(until_at__isnull=True).count() == 4

    stop_clock(monkeypatch, at(20, 9))
    services.do_send_situation_report(
        actor=commune_a_staff,
        incident=incident,
        situation="Đã sơ tán 12 hộ, 48 người; 1 người bị thương.",
        people_evacuated=48,
        injured=1,
        needs="02 máy xúc",
    )
    incident.refresh_from_db()
    assert (incident.people_evacuated, incident.injured) == (48, 1)
    assert incident.last_report_at == at(20, 9)
    assert incident.next_report_due_at == at(20, 15)

    stop_clock(monkeypatch, at(20, 14))
    services.do_send_situation_report(
        actor=commune_a_staff,
        incident=incident,
        situation="Đã tìm thấy người mắc kẹt, còn sống.",
        people_evacuated=30,
        injured=2,
    )
    incident.refresh_from_db()
    assert (incident.people_evacuated, incident.injured, incident.reports.count()) == (30, 2, 2)

    stop_clock(monkeypatch, at(21, 8))
    with pytest.raises(ValidationError) as refused:
        services.do_close_incident(
            actor=commune_a_staff, incident=incident, after_action="Xong.", lessons=""
        )
    assert "lessons" in refused.value.message_dict
    services.do_close_incident(
        actor=commune_a_staff,
        incident=incident,
        after_action="Sạt lở vùi 2 nhà; huy động 4 lực lượng, phương tiện; cứu được 1 người.",
        lessons="Cần di dời sớm các hộ ven taluy khi mưa lớn kéo dài.",
    )
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at == at(21, 8)
    assert incident.next_report_due_at is None
    assert set(incident.mobilisations.values_list("until_at", flat=True)) == {at(21, 8)}
    # closed: read-only
    with pytest.raises(ValidationError):
        services.do_add_incident_update(actor=commune_a_staff, incident=incident, text="x")
    with pytest.raises(ValidationError, match="closed"):
        services.do_send_situation_report(actor=commune_a_staff, incident=incident, situation="x")


def test_changing_the_severity_reckons_the_next_report_again(
    monkeypatch, commune_a_staff, commune_a
):
    stop_clock(monkeypatch, at(20, 6))
    incident = _incident(commune_a_staff, commune_a, severity="moderate")
    assert incident.next_report_due_at == at(20, 17, 30)
    incident.severity = "critical"
    services.do_update_incident(
        actor=commune_a_staff, incident=incident, expected_version=incident.version
    )
    incident.refresh_from_db()
    assert incident.next_report_due_at == at(20, 8, 30)
    assert incident.updates.filter(text__contains="Severity changed").exists()


def test_a_person_or_vehicle_mobilised_twice_at_once_is_flagged(
    monkeypatch, commune_a_staff, commune_a, registers_a
):
    stop_clock(monkeypatch, at(20, 12))
    landslide = _incident(commune_a_staff, commune_a)
    flood = _incident(commune_a_staff, commune_a, title="Lũ quét suối Nậm Rốm", when=at(20, 9))
    member, truck = registers_a["members"][0], registers_a["truck"]
    services.do_mobilise(
        actor=commune_a_staff,
        incident=landslide,
        members=[member],
        means=[truck],
        from_at=at(20, 6),
    )
    result = services.do_mobilise(
        actor=commune_a_staff,
        incident=flood,
        members=[member, registers_a["members"][1]],
        means=[truck],
        from_at=at(20, 10),
    )
    # recorded all the same, each overlap naming the other incident
    assert len(result.rows) == 3
    flagged = {str(row): other.incident.title for row, other in result.flags}
    assert flagged == {str(member): landslide.title, str(truck): landslide.title}
    lines = services.flagged_lines(flood)
    assert len(lines) == 2 and {o.incident_id for o in lines.values()} == {landslide.pk}
    assert len(services.flagged_lines(landslide)) == 2  # seen from both sides


def test_no_flag_when_the_first_mobilisation_was_stood_down_before(
    monkeypatch, commune_a_staff, commune_a, registers_a
):
    stop_clock(monkeypatch, at(20, 12))
    landslide = _incident(commune_a_staff, commune_a)
    flood = _incident(commune_a_staff, commune_a, title="Lũ quét", when=at(20, 9))
    truck = registers_a["truck"]
    first = services.do_mobilise(
        actor=commune_a_staff, incident=landslide, means=[truck], from_at=at(20, 6)
    ).rows[0]
    services.do_stand_down(actor=commune_a_staff, mobilisation=first, until_at=at(20, 9, 45))
    result = services.do_mobilise(
        actor=commune_a_staff, incident=flood, means=[truck], from_at=at(20, 10)
    )
    assert result.flags == []
    assert services.flagged_lines(flood) == {}


def test_a_militia_member_whose_term_has_ended_is_refused(
    monkeypatch, commune_a_staff, commune_a, squad_a
):
    stop_clock(monkeypatch, at(20, 12))
    incident = _incident(commune_a_staff, commune_a)
    ended = MilitiaMemberFactory(
        unit=squad_a, started_on=datetime.date(2021, 4, 1), term_end=datetime.date(2025, 3, 31)
    )
    with pytest.raises(ValidationError) as refused:
        services.do_mobilise(actor=commune_a_staff, incident=incident, members=[ended])
    assert "term ended 31/03/2025" in " ".join(refused.value.message_dict["members"])
    assert not Mobilisation.objects.exists()


def test_mobilising_the_same_member_twice_on_one_incident_is_refused(
    monkeypatch, commune_a_staff, commune_a, registers_a
):
    stop_clock(monkeypatch, at(20, 12))
    incident = _incident(commune_a_staff, commune_a)
    member = registers_a["members"][0]
    services.do_mobilise(actor=commune_a_staff, incident=incident, members=[member])
    with pytest.raises(ValidationError, match="already mobilised for this incident"):
        services.do_mobilise(actor=commune_a_staff, incident=incident, members=[member])


def test_another_communes_forces_cannot_be_mobilised(
    monkeypatch, commune_a_staff, commune_a, commune_b
):
    stop_clock(monkeypatch, at(20, 12))
    incident = _incident(commune_a_staff, commune_a)
    truck_b = TechnicalMeansFactory(commune=commune_b)
    with pytest.raises(ValidationError) as refused:
        services.do_mobilise(actor=commune_a_staff, incident=incident, means=[truck_b])
    assert "means" in refused.value.message_dict


def test_a_severe_incident_is_overdue_7_hours_after_its_last_report_not_5(
    monkeypatch, commune_a_staff, commune_a
):
    stop_clock(monkeypatch, at(20, 9))
    late = _incident(commune_a_staff, commune_a, title="late", when=at(20, 1))
    fresh = _incident(commune_a_staff, commune_a, title="fresh", when=at(20, 1))
    stop_clock(monkeypatch, at(20, 10))
    services.do_send_situation_report(actor=commune_a_staff, incident=late, situation="x")
    stop_clock(monkeypatch, at(20, 12))
    services.do_send_situation_report(actor=commune_a_staff, incident=fresh, situation="y")

    now = at(20, 17)  # late: last report 7 h ago; fresh: 5 h ago (severe: every 6 h)
    assert list(Incident.objects.overdue(now)) == [late]
    rows = {i.title: i for i in Incident.objects.with_report_age(now)}
    assert rows["late"].is_overdue and not rows["fresh"].is_overdue
    assert rows["late"].last_report_age == datetime.timedelta(hours=7)
    assert rows["fresh"].report_age == datetime.timedelta(hours=5)
    # a closed incident is never overdue
    stop_clock(monkeypatch, at(20, 17))
    services.do_close_incident(actor=commune_a_staff, incident=late, after_action="a", lessons="b")
    assert not Incident.objects.overdue(now).exists()


def test_times_in_the_future_are_refused(monkeypatch, commune_a_staff, commune_a):
    stop_clock(monkeypatch, at(20, 9))
    with pytest.raises(ValidationError) as refused:
        _incident(commune_a_staff, commune_a, when=at(20, 10))
    assert "occurred_at" in refused.value.message_dict
    incident = _incident(commune_a_staff, commune_a)
    with pytest.raises(ValidationError) as refused:
        services.do_send_situation_report(
            actor=commune_a_staff, incident=incident, situation="x", sent_at=at(20, 11)
        )
    assert "sent_at" in refused.value.message_dict


def test_a_lone_latitude_or_a_point_outside_viet_nam_is_refused(
    monkeypatch, commune_a_staff, commune_a
):
    stop_clock(monkeypatch, at(20, 9))
    lone = Incident(
        commune=commune_a,
        kind="flood",
        title="x",
        occurred_at=at(20, 8),
        severity="minor",
        latitude=Decimal("21.38612"),
    )
    with pytest.raises(ValidationError) as refused:
        services.do_open_incident(actor=commune_a_staff, incident=lone)
    assert "longitude" in refused.value.message_dict
    paris = Incident(
        commune=commune_a,
        kind="flood",
        title="x",
        occurred_at=at(20, 8),
        severity="minor",
        latitude=Decimal("48.85"),
        longitude=Decimal("2.35"),
    )
    with pytest.raises(ValidationError) as refused:
        services.do_open_incident(actor=commune_a_staff, incident=paris)
    assert {"latitude", "longitude"} <= set(refused.value.message_dict)


def test_only_the_communes_own_command_changes_its_incidents(
    monkeypatch, commune_a_staff, commune_b_staff, province_staff, ministry_viewer, commune_a
):
    stop_clock(monkeypatch, at(20, 9))
    for outsider in (commune_b_staff, province_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            _incident(outsider, commune_a)
    incident = _incident(commune_a_staff, commune_a)
    for outsider in (commune_b_staff, province_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            services.do_add_incident_update(actor=outsider, incident=incident, text="x")
    assert Incident.objects.visible_to(province_staff).count() == 1
    assert Incident.objects.visible_to(commune_b_staff).count() == 0
    assert Incident.objects.editable_by(province_staff).count() == 0


def test_the_province_marks_a_report_read_the_commune_does_not(
    monkeypatch, commune_a_staff, province_staff, commune_a
):
    stop_clock(monkeypatch, at(20, 9))
    incident = _incident(commune_a_staff, commune_a)
    report = services.do_send_situation_report(
        actor=commune_a_staff, incident=incident, situation="x"
    )
    assert not services.do_mark_report_read(actor=commune_a_staff, report=report)
    stop_clock(monkeypatch, at(20, 9, 20))
    assert services.do_mark_report_read(actor=province_staff, report=report)
    report.refresh_from_db()
    assert report.read_at == at(20, 9, 20)
    assert not services.do_mark_report_read(actor=province_staff, report=report)  # once
