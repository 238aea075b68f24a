"""Each measure of the assessment (garrison/oversight/assessment/measures.py) on a crafted
commune: its numerator and denominator are the rows it claims to count, as the registers stood
on the day (DAY, the first half-year's last day), and rows outside that day or year are left
out. The clock stands on TODAY; every date derives from it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from garrison.commands.rules import Position
from garrison.conscription.models import Candidate, CommuneQuota
from garrison.forces.models import Attendance
from garrison.oversight.assessment import rules, services
from garrison.oversight.assessment.measures import MEASURES, get_measure
from garrison.reporting.models import Submission
from tests.clock import move_clock
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    CommandFactory,
    DefenceWorkFactory,
    EventTargetFactory,
    IncidentFactory,
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PatrolFactory,
    PersonFactory,
    ReadinessEventFactory,
    ReadinessPlanFactory,
    ReserveUnitFactory,
    ReservistFactory,
    ServiceRecordFactory,
    SituationReportFactory,
    TrainingPlanFactory,
    TrainingSessionFactory,
    issued_directive,
    monthly_form,
)
from tests.factories.oversight import CorrectiveActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 15)
DAY = datetime.date(2026, 6, 30)
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    move_clock(monkeypatch, TODAY)


def measured(code: str, commune, on: datetime.date = DAY) -> rules.Figure:
    """The measure's figure for `commune` on `on` (target 100, weight 10)."""
    [result] = services.compute(
        [(commune.pk, commune.name)], [rules.Criterion(code, Decimal(100), 10)], on
    )
    [figure] = result.figures
    return figure


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_every_measure_reads_registered_indicators():
    assert len(MEASURES) >= 13
    assert all(m.available for m in MEASURES), [m.code for m in MEASURES if not m.available]
    assert len({m.code for m in MEASURES}) == len(MEASURES)


def test_it_counts_the_commander_post_held_on_the_day(commune_a, commune_b):
    command = CommandFactory(commune=commune_a)
    CommandFactory(commune=commune_b)  # no Commander
    AssignmentFactory(command=command, position=Position.COMMANDER, start_date=DAY)
    assert measured("command.commander_post", commune_a).value == 1
    assert measured("command.commander_post", commune_a, DAY - datetime.timedelta(1)).value == 0
    assert measured("command.commander_post", commune_b).value == 0


def test_it_holds_the_men_enlisted_to_the_quota_of_the_year(province, commune_a):
    this_year = CampaignFactory(
        province=province,
        year=2026,
        exam_start=datetime.date(2025, 11, 1),
        exam_end=datetime.date(2025, 12, 31),
        handover_date=datetime.date(2026, 2, 24),
    )
    next_year = CampaignFactory(province=province, year=2027)  # examinations from 01/11/2026
    for campaign, quota in ((this_year, 4), (next_year, 9)):
        CommuneQuota.objects.update_or_create(
            campaign=campaign, commune=commune_a, defaults={"quota": quota}
        )
    for enlistment in ("reported", "reported", "reported", "absent"):
        record = ServiceRecordFactory(person=PersonFactory(residence_commune=commune_a))
        Candidate.objects.create(
            campaign=this_year,
            record=record,
            person=record.person,
            commune=commune_a,
            outcome="eligible",
            selected=True,
            enlistment=enlistment,
        )
    figure = measured("enlistment.quota_fulfilled", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (3, 4, Decimal("75.00"))
    # on the last day of the year the next campaign is under way: the year's still counts
    assert measured("enlistment.quota_fulfilled", commune_a, TODAY.replace(month=12, day=31)).value
    assert measured("enlistment.quota_fulfilled", commune_a, datetime.date(2026, 2, 1)).value == 0


def test_it_holds_militia_strength_to_the_establishment_of_the_units_in_use(commune_a):
    squad = MilitiaUnitFactory(commune=commune_a)  # establishment 1 + 8
    MilitiaUnitFactory(commune=commune_a, is_active=False)  # not in use
    MilitiaUnitFactory(commune=commune_a, established_on=DAY + datetime.timedelta(days=1))
    for _ in range(6):
        MilitiaMemberFactory(unit=squad, started_on=datetime.date(2025, 4, 1))
    MilitiaMemberFactory(unit=squad, started_on=DAY + datetime.timedelta(days=1))
    figure = measured("militia.strength_vs_establishment", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (6, 9, Decimal("66.67"))


def test_it_counts_the_serving_members_trained_in_full(commune_a):
    squad = MilitiaUnitFactory(commune=commune_a, kind="mobile")
    trained = MilitiaMemberFactory(unit=squad, started_on=datetime.date(2025, 4, 1))
    MilitiaMemberFactory(unit=squad, started_on=datetime.date(2025, 4, 1))
    plan = TrainingPlanFactory(commune=commune_a, year=2026, kind="mobile")
    for held_on in (datetime.date(2026, 3, 10), datetime.date(2026, 6, 20)):
        session = TrainingSessionFactory(plan=plan, held_on=held_on, days=6)
        Attendance.objects.create(session=session, member=trained, commune=commune_a)
    figure = measured("militia.training_completion", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (1, 2, Decimal("50.00"))


def _reservist(commune, **kwargs):
    return ReservistFactory(person=PersonFactory(residence_commune=commune), **kwargs)


def test_it_counts_the_reservists_assigned_by_the_day(province, commune_a):
    unit = ReserveUnitFactory(province=province)
    _reservist(commune_a, reserve_unit=unit, assigned_on=datetime.date(2026, 3, 1))
    _reservist(commune_a, reserve_unit=unit, assigned_on=DAY + datetime.timedelta(days=1))
    _reservist(commune_a)
    _reservist(commune_a, status="discharged", discharged_on=datetime.date(2026, 1, 10))
    figure = measured("reserve.assigned_share", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (1, 3, Decimal("33.33"))


def test_it_counts_the_reservists_checked_in_the_year_by_the_day(commune_a):
    _reservist(commune_a, checked_on=datetime.date(2026, 3, 1))
    _reservist(commune_a, checked_on=DAY)
    _reservist(commune_a, checked_on=datetime.date(2025, 9, 1))
    _reservist(commune_a, checked_on=DAY + datetime.timedelta(days=5))
    figure = measured("reserve.checked_share", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (2, 4, Decimal("50.00"))


def _return(form, commune, month: int, state: str, submitted: datetime.date | None):
    start = datetime.date(2026, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return Submission.objects.create(
        form=form,
        form_version=form.current_version(),
        commune=commune,
        period_key=f"2026-{month:02d}",
        period_start=start,
        period_end=end,
        due_on=end + datetime.timedelta(days=form.due_days),
        state=state,
        first_submitted_at=at(submitted) if submitted else None,
    )


def test_it_counts_the_returns_due_in_the_year_and_those_made_on_time(
    province, commune_a, commune_b
):
    form = monthly_form(province)  # monthly, due 5 days after the month
    form.versions.update(published_at=at(datetime.date(2025, 11, 20)))
    CommandFactory(commune=commune_a)
    CommandFactory(commune=commune_b, established_on=datetime.date(2026, 4, 10))
    _return(form, commune_a, 1, "approved", datetime.date(2026, 2, 3))  # on time
    _return(form, commune_a, 2, "submitted", datetime.date(2026, 3, 5))  # on the due day
    _return(form, commune_a, 3, "approved", datetime.date(2026, 4, 9))  # late
    _return(form, commune_a, 4, "returned", datetime.date(2026, 5, 2))  # sent back: not made
    _return(form, commune_a, 6, "submitted", datetime.date(2026, 6, 30))  # due in July
    figure = measured("reporting.reports_on_time", commune_a)
    # due between 01/01 and 30/06: December 2025 to May 2026 (due 5 January to 5 June)
    assert (figure.numerator, figure.denominator, figure.value) == (2, 6, Decimal("33.33"))
    # commune B's command exists from 10/04/2026: only April and May are due from it
    assert measured("reporting.reports_on_time", commune_b).denominator == 2


def test_it_counts_the_directives_due_in_the_year_and_those_completed_on_time(province, commune_a):
    def directive(due: datetime.date, completed: datetime.date | None):
        issued = issued_directive(
            province, [commune_a], issued_on=due - datetime.timedelta(days=20), due_on=due
        )
        issued.receipts.update(completed_at=at(completed) if completed else None)

    directive(datetime.date(2026, 2, 5), datetime.date(2026, 2, 4))  # on time
    directive(datetime.date(2026, 5, 10), datetime.date(2026, 5, 12))  # late
    directive(datetime.date(2026, 6, 1), None)  # overdue
    directive(datetime.date(2026, 8, 1), datetime.date(2026, 6, 1))  # not yet due
    directive(datetime.date(2025, 12, 20), datetime.date(2025, 12, 1))  # last year
    figure = measured("reporting.directives_on_time", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (1, 3, Decimal("33.33"))


def test_it_counts_the_readiness_plans_due_in_the_year_and_those_filed(province, commune_a):
    def event(due: datetime.date, status: str = "declared", plan: str | None = None, **kw):
        made = ReadinessEventFactory(
            province=province,
            status=status,
            plan_due_on=due,
            starts_on=due + datetime.timedelta(days=5),
            ends_on=due + datetime.timedelta(days=10),
        )
        EventTargetFactory(event=made, commune=commune_a)
        if plan:
            ReadinessPlanFactory(event=made, commune=commune_a, status=plan, **kw)

    event(datetime.date(2026, 2, 5), plan="submitted", submitted_at=at(datetime.date(2026, 2, 3)))
    event(datetime.date(2026, 3, 5), plan="approved", submitted_at=at(datetime.date(2026, 3, 9)))
    event(datetime.date(2026, 5, 1), plan="draft")
    event(datetime.date(2026, 6, 10))  # no plan
    event(datetime.date(2026, 4, 1), status="draft")  # never declared
    event(datetime.date(2026, 9, 1), plan="submitted", submitted_at=at(DAY))  # due later
    event(datetime.date(2026, 6, 20), plan="submitted", submitted_at=at(datetime.date(2026, 7, 2)))
    figure = measured("readiness.plans_filed", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (2, 5, Decimal("40.00"))


def test_it_counts_the_patrols_done_against_the_weekly_target(province, commune_a):
    event = ReadinessEventFactory(
        province=province,
        status="declared",
        starts_on=datetime.date(2026, 2, 10),  # a Tuesday: weeks of 09/02 and 16/02
        ends_on=datetime.date(2026, 2, 22),
        patrols_per_week=2,
    )
    EventTargetFactory(event=event, commune=commune_a)
    for day, status in (
        (datetime.date(2026, 2, 10), "done"),
        (datetime.date(2026, 2, 12), "done"),
        (datetime.date(2026, 2, 17), "done"),
        (datetime.date(2026, 2, 18), "planned"),
        (datetime.date(2026, 2, 19), "cancelled"),
        (datetime.date(2026, 2, 25), "done"),  # after the event
    ):
        PatrolFactory(commune=commune_a, event=event, day=day, status=status)
    PatrolFactory(commune=commune_a, day=datetime.date(2026, 2, 11))  # no event
    figure = measured("readiness.patrols_against_target", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (3, 4, Decimal("75.00"))
    # in the first week of the event only that week is due
    early = measured("readiness.patrols_against_target", commune_a, datetime.date(2026, 2, 13))
    assert (early.numerator, early.denominator) == (2, 2)


def test_it_counts_the_situation_reports_due_and_sent_within_the_rhythm(commune_a):
    start = at(datetime.date(2026, 3, 1), 0)
    hours = datetime.timedelta(hours=1)
    incident = IncidentFactory(  # severe: a report every 6 hours
        commune=commune_a,
        occurred_at=start,
        severity="severe",
        status="closed",
        closed_at=start + 20 * hours,
    )
    for after in (5, 12, 15):  # 5 h: in time; 12 h (7 after): late; 15 h (3 after): in time
        SituationReportFactory(incident=incident, sent_at=start + after * hours)
    IncidentFactory(  # minor, open, no report since 20/06: one report missing on the day
        commune=commune_a, occurred_at=at(datetime.date(2026, 6, 20)), severity="minor"
    )
    IncidentFactory(  # open, its first report not yet due at the end of the day
        commune=commune_a, occurred_at=at(DAY, 10), severity="minor"
    )
    figure = measured("incidents.sitreps_on_time", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (2, 4, Decimal("50.00"))


def test_it_counts_the_corrective_actions_due_and_put_right_on_time(commune_a):
    finding = FindingFactory(commune=commune_a)

    def action(due: datetime.date, answered=None, verified=None, state="open"):
        CorrectiveActionFactory(
            finding=finding, due_on=due, answered_on=answered, verified_on=verified, state=state
        )

    action(
        datetime.date(2026, 3, 31),
        datetime.date(2026, 3, 30),
        datetime.date(2026, 4, 5),
        "verified",
    )
    action(
        datetime.date(2026, 5, 31), datetime.date(2026, 6, 2), datetime.date(2026, 6, 5), "verified"
    )
    action(datetime.date(2026, 6, 15), datetime.date(2026, 6, 10), state="answered")
    action(
        datetime.date(2026, 6, 20),
        datetime.date(2026, 6, 19),
        datetime.date(2026, 7, 2),
        "verified",
    )
    action(datetime.date(2026, 8, 1))  # not yet due
    figure = measured("oversight.findings_corrected_on_time", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (1, 4, Decimal("25.00"))


def test_it_counts_the_defence_works_ready_among_those_in_use(commune_a):
    for state in ("ready", "ready", "ready", "degraded", "planned", "out_of_use"):
        DefenceWorkFactory(commune=commune_a, state=state)
    figure = measured("works.ready_share", commune_a)
    assert (figure.numerator, figure.denominator, figure.value) == (3, 4, Decimal("75.00"))


def test_a_rate_with_nothing_to_count_does_not_apply(commune_b):
    for measure in MEASURES:
        figure = measured(measure.code, commune_b)
        if measure.is_rate:
            assert figure.value is None and figure.points is None, measure.code
        else:
            assert figure.value == 0 and figure.points == 0, measure.code
    assert get_measure("works.ready_share").is_rate
