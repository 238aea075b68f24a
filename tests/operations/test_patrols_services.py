"""Patrols with the commune police: planning, recording and cancelling through the services,
and what they refuse (people of another commune, a patrol done before it is held, one person on
two patrols at once, an event that does not cover the patrol). Fixed dates only."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from garrison.operations.models import Patrol
from garrison.operations.patrols import rules, services
from tests.clock import move_clock
from tests.factories import (
    EventTargetFactory,
    MilitiaMemberFactory,
    PoliceOfficerFactory,
    ReadinessEventFactory,
)

TODAY = datetime.date(2026, 2, 16)
T = datetime.time


@pytest.fixture
def today(monkeypatch):
    return move_clock(monkeypatch, TODAY)


@pytest.fixture
def members_a(commune_a):
    return [MilitiaMemberFactory(unit__commune=commune_a) for _ in range(3)]


@pytest.fixture
def officers_a(commune_a):
    return [PoliceOfficerFactory(police_unit__commune=commune_a) for _ in range(2)]


@pytest.fixture
def tet(province, commune_a):
    event = ReadinessEventFactory(
        province=province,
        status="declared",
        starts_on=datetime.date(2026, 2, 2),
        ends_on=datetime.date(2026, 2, 22),
    )
    EventTargetFactory(event=event, commune=commune_a, patrols_per_week=2)
    return event


def plan(actor, commune, day, starts, ends, members=(), officers=(), event=None):
    patrol = Patrol(
        commune=commune, day=day, starts_at=starts, ends_at=ends, villages="Bản Na Son", event=event
    )
    return services.do_plan_patrol(actor=actor, patrol=patrol, members=members, officers=officers)


def errors_of(exc) -> dict:
    return exc.value.message_dict


def test_it_plans_and_records_a_joint_patrol(
    today, commune_a, commune_a_staff, members_a, officers_a, tet
):
    patrol = plan(
        commune_a_staff,
        commune_a,
        datetime.date(2026, 2, 14),
        T(19, 0),
        T(23, 0),
        members_a[:2],
        officers_a,
        event=tet,
    )
    assert patrol.status == "planned"
    assert patrol.is_joint
    services.do_record_patrol(
        actor=commune_a_staff,
        patrol=patrol,
        findings="Hai thanh niên tụ tập đua xe, đã nhắc nhở.",
        follow_up="Báo Công an xã theo dõi.",
        members=members_a,
        officers=officers_a[:1],
    )
    patrol.refresh_from_db()
    assert patrol.status == "done"
    assert patrol.findings.startswith("Hai thanh niên")
    assert set(patrol.members.all()) == set(members_a)
    assert list(patrol.officers.all()) == officers_a[:1]


def test_members_and_officers_of_another_commune_are_refused(
    today, commune_a, commune_b, commune_a_staff, members_a
):
    stranger = MilitiaMemberFactory(unit__commune=commune_b)
    officer_b = PoliceOfficerFactory(police_unit__commune=commune_b, full_name="Lò Văn Bính")
    with pytest.raises(ValidationError) as exc:
        plan(
            commune_a_staff,
            commune_a,
            datetime.date(2026, 2, 20),
            T(19, 0),
            T(22, 0),
            [members_a[0], stranger],
            [officer_b],
        )
    errors = errors_of(exc)
    assert stranger.person.full_name in errors["members"][0]
    assert "Xã Na Son" in errors["members"][0]
    assert "Lò Văn Bính" in errors["officers"][0]
    assert not Patrol.objects.exists()


def test_an_officer_who_left_is_refused(today, commune_a, commune_a_staff, officers_a):
    gone = officers_a[0]
    gone.is_active = False
    gone.save()
    with pytest.raises(ValidationError) as exc:
        plan(commune_a_staff, commune_a, datetime.date(2026, 2, 20), T(8), T(11), (), [gone])
    assert gone.full_name in errors_of(exc)["officers"][0]


def test_a_patrol_not_yet_held_cannot_be_recorded_as_done(
    today, commune_a, commune_a_staff, members_a
):
    patrol = plan(commune_a_staff, commune_a, datetime.date(2026, 2, 18), T(19), T(22), members_a)
    with pytest.raises(ValidationError) as exc:
        services.do_record_patrol(actor=commune_a_staff, patrol=patrol, findings="x")
    message = errors_of(exc)["day"][0]
    assert "A patrol not yet held cannot be recorded as done" in message
    assert "18/02/2026" in message
    patrol.refresh_from_db()
    assert patrol.status == "planned"


def test_a_patrol_past_midnight_ends_the_next_morning(today, commune_a, commune_a_staff, members_a):
    yesterday = TODAY - datetime.timedelta(days=1)
    patrol = plan(commune_a_staff, commune_a, yesterday, T(22), T(2), members_a[:1])
    span = services.patrol_span(patrol)
    assert span.end.date() == TODAY and span.end.hour == 2
    # the same member on a patrol of today from 01:00 overlaps the end of that one
    with pytest.raises(ValidationError) as exc:
        plan(commune_a_staff, commune_a, TODAY, T(1), T(4), members_a[:1])
    message = errors_of(exc)["members"][0]
    assert members_a[0].person.full_name in message
    assert str(patrol) in message  # names the other patrol


def test_one_member_on_two_patrols_of_overlapping_hours_is_refused(
    today, commune_a, commune_a_staff, members_a, officers_a
):
    day = datetime.date(2026, 2, 20)
    first = plan(commune_a_staff, commune_a, day, T(19), T(22), members_a[:2], officers_a[:1])
    with pytest.raises(ValidationError) as exc:
        plan(commune_a_staff, commune_a, day, T(21), T(23, 30), members_a[1:], officers_a)
    errors = errors_of(exc)
    assert members_a[1].person.full_name in errors["members"][0]
    assert "19:00–22:00" in errors["members"][0]
    assert officers_a[0].full_name in errors["officers"][0]
    # touching hours hand over: no overlap; a cancelled patrol holds nobody
    plan(commune_a_staff, commune_a, day, T(22), T(23, 30), members_a[1:])
    services.do_cancel_patrol(actor=commune_a_staff, patrol=first, reason="Mưa lớn")
    plan(commune_a_staff, commune_a, day, T(20), T(21), members_a[:1])
    assert Patrol.objects.count() == 3


def test_equal_hours_are_refused(today, commune_a, commune_a_staff):
    with pytest.raises(ValidationError) as exc:
        plan(commune_a_staff, commune_a, TODAY, T(19), T(19))
    assert "next morning" in errors_of(exc)["ends_at"][0]


def test_the_event_must_reach_the_commune_and_cover_the_day(
    today, province, commune_a, commune_b, commune_b_staff, commune_a_staff, tet
):
    with pytest.raises(ValidationError) as exc:
        plan(commune_b_staff, commune_b, datetime.date(2026, 2, 10), T(19), T(22), event=tet)
    assert "does not reach this commune" in errors_of(exc)["event"][0]
    with pytest.raises(ValidationError) as exc:
        plan(commune_a_staff, commune_a, datetime.date(2026, 2, 25), T(19), T(22), event=tet)
    assert "02/02/2026 to 22/02/2026" in errors_of(exc)["event"][0]
    draft = ReadinessEventFactory(province=province)
    EventTargetFactory(event=draft, commune=commune_a)
    with pytest.raises(ValidationError) as exc:
        plan(commune_a_staff, commune_a, datetime.date(2026, 2, 10), T(19), T(22), event=draft)
    assert "has not been declared" in errors_of(exc)["event"][0]


def test_cancelling_needs_a_reason_and_a_planned_patrol(
    today, commune_a, commune_a_staff, members_a
):
    patrol = plan(commune_a_staff, commune_a, datetime.date(2026, 2, 20), T(19), T(22))
    with pytest.raises(ValidationError):
        services.do_cancel_patrol(actor=commune_a_staff, patrol=patrol, reason="  ")
    services.do_cancel_patrol(actor=commune_a_staff, patrol=patrol, reason="Bão số 3")
    patrol.refresh_from_db()
    assert (patrol.status, patrol.cancel_reason) == ("cancelled", "Bão số 3")
    with pytest.raises(ValidationError):
        services.do_cancel_patrol(actor=commune_a_staff, patrol=patrol, reason="again")
    with pytest.raises(ValidationError):
        services.do_record_patrol(actor=commune_a_staff, patrol=patrol, members=members_a)


def test_only_the_communes_own_staff_keep_its_patrols(
    today, commune_a, commune_a_staff, commune_b_staff, province_staff, ministry_viewer
):
    patrol = plan(commune_a_staff, commune_a, datetime.date(2026, 2, 20), T(19), T(22))
    for outsider in (commune_b_staff, province_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            services.do_cancel_patrol(actor=outsider, patrol=patrol, reason="x")
        with pytest.raises(PermissionDenied):
            plan(outsider, commune_a, datetime.date(2026, 2, 21), T(19), T(22))


def test_rules_weeks_of_an_event_are_clipped_to_its_period_and_today():
    weeks = rules.event_weeks(datetime.date(2026, 2, 4), datetime.date(2026, 2, 22), TODAY)
    assert weeks == [
        (datetime.date(2026, 2, 2), datetime.date(2026, 2, 4), datetime.date(2026, 2, 8)),
        (datetime.date(2026, 2, 9), datetime.date(2026, 2, 9), datetime.date(2026, 2, 15)),
        (datetime.date(2026, 2, 16), datetime.date(2026, 2, 16), datetime.date(2026, 2, 22)),
    ]
    assert rules.below_target(1, 2, over=True)
    assert not rules.below_target(1, 2, over=False)
    assert not rules.below_target(0, 0, over=True)


def test_done_per_week_counts_patrols_done_per_commune_event_and_monday(commune_a, commune_b, tet):
    from tests.factories import PatrolFactory

    for day in (datetime.date(2026, 2, 2), datetime.date(2026, 2, 8), datetime.date(2026, 2, 9)):
        PatrolFactory(commune=commune_a, event=tet, day=day)
    PatrolFactory(commune=commune_a, event=tet, day=datetime.date(2026, 2, 3), status="planned")
    PatrolFactory(commune=commune_b, day=datetime.date(2026, 2, 4))
    rows = {
        (r["commune_id"], r["event_id"], r["week"]): r["done"]
        for r in Patrol.objects.done_per_week()
    }
    assert rows == {
        (commune_a.pk, tet.pk, datetime.date(2026, 2, 2)): 2,
        (commune_a.pk, tet.pk, datetime.date(2026, 2, 9)): 1,
        (commune_b.pk, None, datetime.date(2026, 2, 2)): 1,
    }
