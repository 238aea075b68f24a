"""The demo's readiness data (issue 17 §8): three events with plans in every state, a duty roster
over the Lunar New Year, joint patrols in Na Son and Mường Thanh, a landslide with militia, a
reservist and a reserve truck mobilised and three situation reports, a closed incident with its
lessons — reading right whatever the day of the year (built on two fixed days)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from garrison.accounts.models import User
from garrison.commands.models import Assignment
from garrison.forces.models import MilitiaMember
from garrison.operations.models import (
    CoordinationMeeting,
    CoordinationPlan,
    DutyAssignment,
    DutyRole,
    DutyShift,
    EventReach,
    EventTarget,
    Incident,
    IncidentUpdate,
    Mobilisation,
    Patrol,
    PatrolStatus,
    PlanStatus,
    PoliceOfficer,
    PoliceUnit,
    ReadinessEvent,
    ReadinessPlan,
    Severity,
    SituationReport,
)
from garrison.territory.models import Commune
from tests.demo.built import demo_built_on

pytestmark = pytest.mark.django_db

#: a day far from the real Lunar New Year and one in its season (Tết 2027 falls on 6 February).
#: Both after October 2026: the rest of the demo (staffing, cadres' decisions, returns) holds
#: fixed 2026 dates up to then, which an earlier day would place in the future.
DAYS = [datetime.date(2026, 11, 20), datetime.date(2027, 1, 30)]
CONGRESS = "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
ELECTION = "Bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026–2031"


@pytest.fixture(scope="module", autouse=True, params=DAYS, ids=str)
def today(request, django_db_setup, django_db_blocker):
    """The demo built once per day of DAYS, with the clock on that day for the module's tests,
    inside a transaction rolled back at the end (no other module sees the rows)."""
    with demo_built_on(request.param, django_db_blocker) as day:
        yield day


def tet() -> ReadinessEvent:
    return ReadinessEvent.objects.get(province__code=11, name__startswith="Tết Nguyên đán")


def commune(name: str) -> Commune:
    return Commune.objects.get(province__code=11, name=name)


def test_three_events_placed_around_today(today):
    event = tet()
    assert event.name == "Tết Nguyên đán Đinh Mùi 2027"  # the coming Tết, on both days
    assert event.starts_on < today < event.ends_on  # current: duty and patrols now
    assert event.plan_due_on < today  # the plans were due: lateness shows
    assert (event.kind, event.reach, event.patrols_per_week, event.duty_strength) == (
        "holiday",
        EventReach.ALL,
        3,
        3,
    )
    assert event.status == ReadinessEvent.Status.DECLARED
    assert event.declared_by.username == "dienbien" and event.declared_at < timezone.now()

    congress = ReadinessEvent.objects.get(name=CONGRESS)
    assert congress.province is None and congress.declared_by.username == "ministry"
    election = ReadinessEvent.objects.get(name=ELECTION)
    assert election.reach == EventReach.BORDER
    for past in (congress, election):
        closed = past.ends_on < today
        assert (past.status == ReadinessEvent.Status.CLOSED) == closed
        assert past.declared_at < timezone.now()


def test_each_event_reaches_exactly_its_communes_with_what_they_owe():
    dien_bien = Commune.objects.filter(province__code=11)
    for event in ReadinessEvent.objects.all():
        targets = EventTarget.objects.filter(event=event)
        expected = (
            dien_bien.filter(is_border=True) if event.reach == EventReach.BORDER else dien_bien
        )
        assert set(targets.values_list("commune", flat=True)) == set(
            expected.values_list("pk", flat=True)
        )
        assert not targets.exclude(
            plan_due_on=event.plan_due_on,
            patrols_per_week=event.patrols_per_week,
            duty_strength=event.duty_strength,
        ).exists()
        assert not targets.exclude(province__code=11).exists()


def test_plans_in_every_state_with_na_son_submitted_and_muong_thanh_approved(today):
    event = tet()
    plans = ReadinessPlan.objects.filter(event=event)
    states = dict(plans.values_list("status").annotate(n=Count("pk")))
    assert set(states) == set(PlanStatus.values)
    assert plans.count() < 45  # some communes have none: late
    assert plans.get(commune__name="Xã Na Son").status == PlanStatus.SUBMITTED
    assert plans.get(commune__name="Phường Mường Thanh").status == PlanStatus.APPROVED
    now = timezone.now()
    for plan in plans:
        sent = plan.status != PlanStatus.DRAFT
        assert (plan.submitted_at is not None) == sent
        decided = plan.status in (PlanStatus.APPROVED, PlanStatus.RETURNED)
        assert (plan.decided_at is not None) == decided == (plan.decided_by is not None)
        assert bool(plan.return_reason) == (plan.status == PlanStatus.RETURNED)
        if sent:
            assert event.declared_at < plan.submitted_at < now
        if decided:
            assert plan.submitted_at < plan.decided_at < now
        assert plan.key_places and plan.contacts
    # the closed events' plans were mostly approved
    for past in ReadinessEvent.objects.filter(status=ReadinessEvent.Status.CLOSED):
        approved = past.plans.filter(status=PlanStatus.APPROVED).count()
        assert approved > past.plans.count() * 0.7


def test_plans_put_the_communes_own_forces_on_standby():
    plan = ReadinessPlan.objects.get(event=tet(), commune__name="Xã Na Son")
    units, members, staff = (
        plan.standby_units.all(),
        plan.standby_members.all(),
        plan.standby_staff.all(),
    )
    assert units.exists() and members.count() >= 6 and staff.exists()
    for rows in (units, members, staff):
        assert set(rows.values_list("commune", flat=True)) == {plan.commune_id}
    assert not members.exclude(status__in=MilitiaMember.OPEN_STATUSES).exists()


def test_a_roster_over_the_lunar_new_year_without_conflicts(today):
    event = tet()
    shifts = DutyShift.objects.filter(event=event)
    days = (event.ends_on - event.starts_on).days + 1
    for name in ("Xã Na Son", "Phường Mường Thanh"):
        assert shifts.filter(commune__name=name).count() == 2 * days
    assert not shifts.exclude(day__range=(event.starts_on, event.ends_on)).exists()
    bookings = DutyAssignment.objects.filter(shift__event=event).select_related(
        "shift", "member", "staff_post"
    )
    for booking in bookings:
        day = booking.shift.day
        assert booking.commune_id == booking.shift.commune_id
        if booking.role == DutyRole.COMMAND_DUTY_OFFICER:
            post = booking.staff_post
            assert booking.person_id == post.person_id and post.commune_id == booking.commune_id
            assert Assignment.objects.current(day).filter(pk=post.pk).exists()
        else:
            member = booking.member
            assert booking.person_id == member.person_id
            assert member.started_on <= day <= member.term_end and member.ended_on is None
    assert not (bookings.values("shift", "person").annotate(n=Count("pk")).filter(n__gt=1).exists())
    in_na_son = shifts.filter(commune__name="Xã Na Son")
    officers = Count("assignments", filter=Q(assignments__role=DutyRole.COMMAND_DUTY_OFFICER))
    assert not in_na_son.annotate(officers=officers).exclude(officers=1).exists()
    short = shifts.annotate(n=Count("assignments")).filter(n__lt=event.duty_strength)
    assert [(s.commune.name, s.day) for s in short] == [
        ("Xã Na Son", today + datetime.timedelta(1))
    ]


def test_joint_patrols_in_na_son_and_muong_thanh(today):
    event = tet()
    for name in ("Xã Na Son", "Phường Mường Thanh"):
        place = commune(name)
        police = PoliceUnit.objects.get(commune=place)
        assert 3 <= PoliceOfficer.objects.filter(police_unit=police).count() <= 4
        assert police.head_name in PoliceOfficer.objects.values_list("full_name", flat=True)
        plan = CoordinationPlan.objects.get(commune=place)
        assert "03/2019/NĐ-CP" in plan.title and plan.signed_on < today
        meeting = CoordinationMeeting.objects.get(commune=place)
        assert meeting.plan == plan and meeting.event == event and meeting.held_on < today
        patrols = Patrol.objects.filter(commune=place, event=event)
        done = patrols.filter(status=PatrolStatus.DONE)
        planned = patrols.filter(status=PatrolStatus.PLANNED)
        assert done.exists() and planned.exists()
        assert not done.filter(day__gte=today).exists() and not planned.filter(day__lt=today)
        assert not done.filter(findings="").exists()
        for patrol in patrols:
            assert patrol.is_joint and patrol.members.count() == 3
            assert set(patrol.officers.values_list("commune", flat=True)) == {place.pk}
            assert set(patrol.members.values_list("commune", flat=True)) == {place.pk}
    assert PoliceUnit.objects.filter(province__code=11).count() == 45


def test_a_landslide_with_militia_a_reservist_and_a_truck_and_three_reports_overdue():
    landslide = Incident.objects.get(kind="landslide")
    assert landslide.commune.name == "Xã Na Son" and landslide.commune.is_remote
    assert landslide.severity == Severity.SEVERE and landslide.status == "open"
    reports = landslide.reports.order_by("sent_at")
    assert reports.count() == 3
    assert landslide.last_report_at == reports.last().sent_at
    assert landslide.next_report_due_at == landslide.last_report_at + datetime.timedelta(hours=6)
    assert landslide.next_report_due_at < timezone.now()  # overdue: the province sees it
    assert reports.last().sent_by.username == "nason"
    assert landslide.updates.count() >= 3
    lines = landslide.mobilisations.select_related("member", "reservist", "means")
    assert lines.filter(member__isnull=False).count() >= 3
    assert lines.get(reservist__isnull=False).reservist.commune_id == landslide.commune_id
    truck = lines.get(means__isnull=False).means
    assert truck.kind == "road_vehicle" and truck.commune_id == landslide.commune_id
    for line in lines:
        assert line.from_at >= landslide.occurred_at


def test_a_closed_fire_with_its_lessons_and_a_minor_incident_open_elsewhere():
    fire = Incident.objects.get(status="closed")
    assert fire.kind == "forest_fire"
    assert fire.after_action and fire.lessons and fire.closed_at > fire.occurred_at
    assert fire.next_report_due_at is None and fire.last_report_at < fire.closed_at
    assert not fire.mobilisations.filter(until_at=None).exists()
    minor = Incident.objects.get(severity=Severity.MINOR)
    assert minor.status == "open" and minor.commune.name == "Phường Mường Thanh"
    assert minor.next_report_due_at == minor.last_report_at + datetime.timedelta(hours=24)
    assert minor.next_report_due_at > timezone.now()


def test_every_row_is_valid():
    """full_clean on a sample of each model: dates on the right side of today, choices,
    constraints, the models' own checks."""
    for model in (
        ReadinessEvent,
        EventTarget,
        ReadinessPlan,
        DutyShift,
        DutyAssignment,
        PoliceUnit,
        PoliceOfficer,
        CoordinationPlan,
        CoordinationMeeting,
        Patrol,
        Incident,
        IncidentUpdate,
        Mobilisation,
        SituationReport,
    ):
        rows = list(model.objects.order_by("pk")[:40]) + list(model.objects.order_by("-pk")[:40])
        assert rows, model
        for row in rows:
            row.full_clean()
            if hasattr(row, "commune_id") and row.commune_id:
                assert row.province_id == row.commune.province_id, row


def test_the_demo_logins_see_their_communes_rows():
    nason, muongthanh = User.objects.get(username="nason"), User.objects.get(username="muongthanh")
    event = tet()
    for user in (nason, muongthanh):
        assert ReadinessEvent.objects.visible_to(user).filter(pk=event.pk).exists()
        for model in (ReadinessPlan, DutyShift, Patrol, Incident, PoliceOfficer, CoordinationPlan):
            rows = model.objects.visible_to(user)
            assert rows.exists(), (user, model)
            assert set(rows.values_list("commune", flat=True)) == {user.commune_id}
    assert Incident.objects.visible_to(nason).get().kind == "landslide"
    province = User.objects.get(username="dienbien")
    assert Incident.objects.visible_to(province).count() == 3
