"""The forces API: the militia and reserve assess endpoints and command (LAW.md section 10),
and the scoped registers (units, members, reservists, means, training, overview)."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from garrison.forces.models import Attendance, MemberAssignment, MilitiaMember
from tests.conftest import client_for
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    ReserveUnitFactory,
    ReservistFactory,
    TrainingPlanFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

RECRUIT = {"sex": "M", "dob": "2001-01-15", "ref_date": "2026-06-03", "kind": "mobile"}
RESERVIST = {
    "sex": "M",
    "dob": "1996-03-01",
    "ref_date": "2026-06-03",
    "active_service": {"kind": "army", "months": 24},
}


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


# --- assess (LAW.md section 10) ------------------------------------------------------------------


def test_militia_assess_answers_the_term_and_training_days(commune_a_staff):
    """DQTV 8.2 and 28.1: 4 years, 15 days in the first year then 12 (mobile)."""
    response = post(client_for(commune_a_staff), "/api/forces/militia/assess", RECRUIT)
    assert response.status_code == 200
    answer = response.json()
    assert answer["outcome"] == "allowed_obligation"
    assert answer["term_end"] == "2030-06-03"
    assert answer["training_days"] == {"2026": 15, "2027": 12, "2028": 12, "2029": 12}


def test_reserve_assess_answers_a_list_in_order(commune_a_staff):
    old = {**RESERVIST, "dob": "1970-01-01"}
    response = post(client_for(commune_a_staff), "/api/forces/reserve/assess", [RESERVIST, old])
    assert response.status_code == 200
    first, second = response.json()
    assert (first["outcome"], first["reserve_class"], first["group"]) == (
        "in_reserve",
        "hang_1",
        "A",
    )
    assert first["combat_unit_allowed"] is True
    assert second["outcome"] == "out_of_reserve_age"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**RECRUIT, "knd": "local"}, "knd"),
        ({**RECRUIT, "kind": "cavalry"}, "kind"),
        ({**RECRUIT, "dob": "15/01/2001"}, "dob"),
    ],
)
def test_militia_assess_names_the_bad_field(commune_a_staff, body, field):
    response = post(client_for(commune_a_staff), "/api/forces/militia/assess", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_the_command_gives_the_same_answer(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps([RECRUIT, {**RECRUIT, "dob": "2010-01-01"}]), encoding="utf-8")
    out = StringIO()
    call_command("assess", "militia", str(path), stdout=out)
    answers = json.loads(out.getvalue())
    assert [a["outcome"] for a in answers] == ["allowed_obligation", "refused_age"]
    reserve = tmp_path / "reserve.json"
    reserve.write_text(json.dumps(RESERVIST), encoding="utf-8")
    out = StringIO()
    call_command("assess", "reserve", str(reserve), stdout=out)
    assert json.loads(out.getvalue())["reserve_class"] == "hang_1"


# --- members -------------------------------------------------------------------------------------


@pytest.fixture
def unit_a(commune_a):
    return MilitiaUnitFactory(commune=commune_a, kind="local", level="team")


def test_admitting_a_member_computes_the_term_and_its_history(commune_a_staff, unit_a):
    person = PersonFactory(
        residence_commune=unit_a.commune, date_of_birth=datetime.date(2001, 5, 1)
    )
    response = post(
        client_for(commune_a_staff),
        "/api/forces/members",
        {"citizen_id": person.citizen_id, "unit_id": unit_a.pk, "started_on": "2026-06-03"},
    )
    assert response.status_code == 201, response.content
    member = response.json()
    assert (member["term_years"], member["term_end"]) == (4, "2030-06-03")
    assert [p["unit_id"] for p in member["placements"]] == [unit_a.pk]


def test_an_under_age_admission_is_refused_citing_the_ground(commune_a_staff, unit_a):
    person = PersonFactory(
        residence_commune=unit_a.commune, date_of_birth=datetime.date(2009, 5, 1)
    )
    response = post(
        client_for(commune_a_staff),
        "/api/forces/members",
        {"citizen_id": person.citizen_id, "unit_id": unit_a.pk, "started_on": "2026-06-03"},
    )
    assert response.status_code == 400
    assert "DQTV 8.1" in response.json()["detail"]
    assert not MilitiaMember.objects.exists()


def test_unknown_circumstances_are_named(commune_a_staff, unit_a):
    person = PersonFactory(residence_commune=unit_a.commune)
    response = post(
        client_for(commune_a_staff),
        "/api/forces/members",
        {
            "citizen_id": person.citizen_id,
            "unit_id": unit_a.pk,
            "started_on": "2026-06-03",
            "circumstances": ["studying", "lazy"],
        },
    )
    assert response.status_code == 400
    assert "lazy" in response.json()["errors"]["circumstances"][0]


def test_moving_a_member_keeps_the_history(commune_a_staff, unit_a):
    member = MilitiaMemberFactory(unit=unit_a, started_on=datetime.date(2025, 4, 1))
    other = MilitiaUnitFactory(commune=unit_a.commune)
    response = post(
        client_for(commune_a_staff),
        f"/api/forces/members/{member.pk}/move",
        {"unit_id": other.pk, "role": "leader", "on": "2026-05-01"},
    )
    assert response.status_code == 200, response.content
    placements = response.json()["placements"]
    assert [(p["unit_id"], p["role"]) for p in placements] == [
        (unit_a.pk, "member"),
        (other.pk, "leader"),
    ]
    assert placements[0]["ended_on"] is not None
    assert MemberAssignment.objects.filter(member=member).count() == 2


def test_member_lists_filter_terms_ending_and_training(commune_a_staff, unit_a):
    ending = MilitiaMemberFactory(unit=unit_a, started_on=datetime.date(2022, 6, 1))
    MilitiaMemberFactory(unit=unit_a, started_on=datetime.date(2025, 6, 1))
    client = client_for(commune_a_staff)
    data = client.get("/api/forces/members?status=open&term_ends_in=2026").json()
    assert [m["id"] for m in data["items"]] == [ending.pk]
    assert client.get("/api/forces/members?training=sideways").status_code == 422


# --- reserve, training, overview -----------------------------------------------------------------


def test_assigning_a_reservist_follows_the_engine(commune_a_staff, commune_a, province):
    reservist = ReservistFactory(
        person__residence_commune=commune_a, person__date_of_birth=datetime.date(1988, 1, 1)
    )
    combat = ReserveUnitFactory(province=province, role="combat")
    support = ReserveUnitFactory(province=province, role="support")
    client = client_for(commune_a_staff)
    url = f"/api/forces/reservists/{reservist.pk}/assign"
    refused = post(client, url, {"reserve_unit_id": combat.pk, "on": "2026-06-01"})
    assert refused.status_code == 400
    assert "LLDBĐV 17.2" in refused.json()["detail"]
    done = post(client, url, {"reserve_unit_id": support.pk, "on": "2026-06-01"})
    assert done.status_code == 200
    assert done.json()["reserve_unit_id"] == support.pk
    assert done.json()["answer"]["support_unit_allowed"] is True


def test_recording_attendance_replaces_the_list(commune_a_staff, commune_a):
    unit = MilitiaUnitFactory(commune=commune_a, kind="mobile")
    first = MilitiaMemberFactory(unit=unit, started_on=datetime.date(2025, 4, 1))
    second = MilitiaMemberFactory(unit=unit, started_on=datetime.date(2025, 4, 1))
    session = TrainingSessionFactory(plan=TrainingPlanFactory(commune=commune_a, kind="mobile"))
    client = client_for(commune_a_staff)
    url = f"/api/forces/sessions/{session.pk}/attendance"
    response = client.put(
        url, json.dumps({"member_ids": [first.pk, second.pk]}), "application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["present"] == 2
    response = client.put(url, json.dumps({"member_ids": [second.pk]}), "application/json")
    assert response.json()["present"] == 1
    assert list(Attendance.objects.values_list("member", flat=True)) == [second.pk]


def test_the_overview_rolls_up_by_unit_for_a_commune_and_by_commune_for_a_province(
    commune_a_staff, province_staff, unit_a
):
    MilitiaMemberFactory(unit=unit_a)
    data = client_for(commune_a_staff).get("/api/forces/overview").json()
    assert data["grouping"] == "unit"
    assert [(r["name"], r["strength"], r["establishment"]) for r in data["rows"]] == [
        (unit_a.name, 1, 9)
    ]
    data = client_for(province_staff).get("/api/forces/overview").json()
    assert data["grouping"] == "commune"
    assert data["total"]["strength"] == 1
    assert data["total"]["gap"] == 8


def test_read_only_users_cannot_add(ministry_viewer, unit_a):
    person = PersonFactory(residence_commune=unit_a.commune)
    response = post(
        client_for(ministry_viewer),
        "/api/forces/members",
        {"citizen_id": person.citizen_id, "unit_id": unit_a.pk, "started_on": "2026-06-03"},
    )
    assert response.status_code == 403  # a read-only role may not add (was 400 before)
    assert not MilitiaMember.objects.exists()


def test_it_registers_a_means_through_the_api(commune_a_staff, commune_a):
    """issue 15, finding 11: the schema and the form agree (the form requires a status)."""
    import json as _json

    response = client_for(commune_a_staff).post(
        "/api/forces/means",
        _json.dumps(
            {
                "commune_code": commune_a.code,
                "kind": "road_vehicle",
                "model_name": "Hyundai HD700",
                "registration_number": "27C-123.45",
                "owner_name": "Lò Văn A",
                "registered_on": "2026-04-01",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "registered"
