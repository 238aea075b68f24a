"""The readiness figures (issue 17, section 6): one definition per figure, each one aggregate
query per level (a commune's, a province's communes, the nation's provinces), each as it stands
on the day or at the moment it is asked about. The home pages, the overview page, its exports,
the core indicator registry (`operations.commune_figures`) and bench/operations.py all read
these functions.

- current events: declared events whose period covers the day, or that start within
  `SOON_DAYS` days, reaching the scope (`current_events`);
- plans per state (`plan_states`): of the communes an event reaches (its `EventTarget` rows),
  how many have no plan, a draft, a submitted, a returned or an approved plan, and how many are
  late (no plan submitted or approved, and the target's `plan_due_on` before the day); "ready"
  is approved;
- patrols against target (`patrols_against_target`): for an event with patrols per week, for
  each commune reached and each full or running week (Monday to Sunday) of the event's period
  up to the day, the patrols of the event done that week against the target: commune-weeks
  meeting it / commune-weeks so far, and patrols done / patrols due;
- open incidents by severity (`open_incidents`): incidents that had occurred and were not
  closed at the moment, with the age of the last situation report (now − last report, or
  since the incident when none was sent; the oldest of the group) and how many reports are
  overdue (next report due before the moment);
- today's duty (`duty_now`): the bookings of the commune's shift covering the moment (the day
  shift 07:00–19:00; the night shift 19:00–07:00 belongs to the day it starts).

Plan and incident states are those the rows hold (the registers keep no history of states);
the day decides lateness, the weeks so far, what had occurred and what was overdue.

The figures of a year up to a day (for the assessment of the communes, in
`operations.commune_figures`):
- plans due / filed: the communes' targets of the events declared (not drafts) whose plan was
  due between 1 January and the day; filed when the commune's plan is submitted or approved
  (its state now) and was submitted by the end of the day (an approved plan with no submission
  time counts as filed);
- patrols due / done: for each declared event with a weekly target, its weeks (Monday to
  Sunday, as `patrols_against_target` counts them, the running week included) that begin in the
  year, up to the day: due = the commune's weekly target × those weeks; done = the event's
  patrols done in those weeks by the day, of the communes with a target (a week's surplus is not
  carried to another week, but is not cut either: the assessment caps the whole at the target);
- situation reports due / on time: the reports sent between 1 January and the end of the day,
  plus one report for each incident open at the end of the day whose next report was overdue
  then (one rhythm after the last report sent by then, or after the incident); a report is on
  time when it was sent no later than one rhythm (`incidents.rules.REPORT_EVERY`, by the
  incident's severity as it stands: the register keeps no history of severities) after the
  incident's previous report, or after the incident itself for the first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from .events.models import EventTarget, PlanStatus, ReadinessEvent, ReadinessPlan
from .incidents.models import Incident, Severity
from .patrols.models import Patrol, PatrolStatus
from .rosters.models import DutyAssignment, Shift

#: an event starting within this many days is already "current" (its plans are due)
SOON_DAYS = 7
#: the plan states, in the order tables show them ("none": the commune has filed no plan)
NONE = "none"
LATE = "late"
PLAN_STATES = (
    NONE,
    PlanStatus.DRAFT,
    PlanStatus.SUBMITTED,
    PlanStatus.RETURNED,
    PlanStatus.APPROVED,
)
#: states that leave a plan "not in": late once the due date has passed
NOT_IN = (NONE, PlanStatus.DRAFT, PlanStatus.RETURNED)
SEVERITIES = [value for value, _label in Severity.choices]
#: the group key of each level: a commune's figures, a province's
BY_COMMUNE = "commune_id"
BY_PROVINCE = "province_id"
#: the hours of the duty shifts (operations.rosters: day 07:00–19:00, night 19:00–07:00)
DAY_SHIFT_STARTS = datetime.time(7, 0)
NIGHT_SHIFT_STARTS = datetime.time(19, 0)


# --- current events ------------------------------------------------------------------------------
def current_q(on: datetime.date) -> Q:
    """Declared events whose period covers `on` or that start within SOON_DAYS days."""
    soon = on + datetime.timedelta(days=SOON_DAYS)
    return Q(status=ReadinessEvent.Status.DECLARED, starts_on__lte=soon, ends_on__gte=on)


def current_events(user, on: datetime.date) -> QuerySet[ReadinessEvent]:
    """The current events reaching the user's scope (a commune: the events reaching it; a
    province: those with a commune of its own; the nation: all), soonest first."""
    reached = EventTarget.objects.visible_to(user).values("event_id")
    return (
        ReadinessEvent.objects.visible_to(user)
        .filter(current_q(on), pk__in=reached)
        .distinct()
        .order_by("starts_on", "pk")
    )


# --- plans per state -----------------------------------------------------------------------------
@dataclass
class PlanCounts:
    reached: int = 0
    none: int = 0
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0
    late: int = 0

    @property
    def ready(self) -> int:
        return self.approved

    @property
    def missing(self) -> int:
        """Communes with no plan in (none, draft or returned)."""
        return self.none + self.draft + self.returned

    @property
    def ready_percent(self) -> float | None:
        return round(100 * self.approved / self.reached, 1) if self.reached else None

    def add(self, other: PlanCounts) -> None:
        for name in ("reached", "none", "draft", "submitted", "returned", "approved", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def with_plan(targets: QuerySet[EventTarget]) -> QuerySet[EventTarget]:
    """`targets` joined (LEFT OUTER JOIN) to the plan of their commune for their event, as
    `the_plan`, and annotated with its state, "none" without one (`plan_state`)."""
    return targets.annotate(
        the_plan=FilteredRelation(
            "commune__readiness_plans",
            condition=Q(commune__readiness_plans__event_id=F("event_id")),
        ),
        plan_state=Coalesce("the_plan__status", Value(NONE)),
    )


def plan_state_rows(targets: QuerySet[EventTarget], on: datetime.date, by: str) -> QuerySet:
    """One aggregate query: per (event, group, plan state), the communes reached and how many of
    them are past their due date."""
    return (
        with_plan(targets.order_by())
        .values("event_id", by, "plan_state")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(plan_due_on__lt=on)))
    )


def plan_states(
    targets: QuerySet[EventTarget], on: datetime.date, by: str = BY_COMMUNE
) -> dict[tuple[int, int], PlanCounts]:
    """{(event_id, group id): PlanCounts} of `targets` (the communes reached), on `on`. The
    query returns at most five rows per event and group; they are folded into counts here."""
    counts: dict[tuple[int, int], PlanCounts] = {}
    for row in plan_state_rows(targets, on, by):
        item = counts.setdefault((row["event_id"], row[by]), PlanCounts())
        item.reached += row["n"]
        setattr(item, row["plan_state"], getattr(item, row["plan_state"]) + row["n"])
        if row["plan_state"] in NOT_IN:
            item.late += row["overdue"]
    return counts


def plans_for(user, events, on: datetime.date, by: str) -> dict[tuple[int, int], PlanCounts]:
    targets = EventTarget.objects.visible_to(user).filter(event__in=events)
    return plan_states(targets, on, by)


def late_q(on: datetime.date) -> Q:
    """Targets whose plan is late on `on` (a filter for lists of targets)."""
    is_in = ReadinessPlan.objects.filter(
        event_id=OuterRef("event_id"),
        commune_id=OuterRef("commune_id"),
        status__in=(PlanStatus.SUBMITTED, PlanStatus.APPROVED),
    )
    return Q(plan_due_on__lt=on) & ~Exists(is_in)


# --- patrols against target ----------------------------------------------------------------------
def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def event_weeks(event: ReadinessEvent, on: datetime.date) -> list[datetime.date]:
    """The Mondays of the full or running weeks of the event's period up to `on`."""
    last = min(on, event.ends_on)
    if last < event.starts_on:
        return []
    first = monday(event.starts_on)
    count = (monday(last) - first).days // 7 + 1
    return [first + datetime.timedelta(weeks=n) for n in range(count)]


@dataclass
class PatrolCounts:
    communes: int = 0
    weeks: int = 0  # commune-weeks so far
    weeks_met: int = 0
    done: int = 0
    due: int = 0

    @property
    def met_percent(self) -> float | None:
        return round(100 * self.weeks_met / self.weeks, 1) if self.weeks else None

    @property
    def done_percent(self) -> float | None:
        return round(100 * self.done / self.due, 1) if self.due else None

    def add(self, other: PatrolCounts) -> None:
        for name in ("communes", "weeks", "weeks_met", "done", "due"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _patrol_figures(event: ReadinessEvent, weeks: list[datetime.date], last: datetime.date):
    """The aggregates over targets of `event`: communes, weeks meeting the target's patrols per
    week (one correlated count per week), patrols done and the weekly targets summed."""
    done = Patrol.objects.filter(
        event_id=event.pk,
        commune_id=OuterRef("commune_id"),
        status=PatrolStatus.DONE,
        day__lte=last,
    ).order_by()

    def count(qs):
        return Coalesce(Subquery(qs.values("commune_id").annotate(n=Count("pk")).values("n")), 0)

    met = [
        Case(
            When(
                GreaterThanOrEqual(
                    count(done.filter(day__gte=start, day__lt=start + datetime.timedelta(weeks=1))),
                    F("patrols_per_week"),
                ),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        for start in weeks
    ]
    return {
        "communes": Count("pk"),
        "met": Sum(sum(met[1:], start=met[0])),
        "done": Sum(count(done.filter(day__gte=weeks[0]))),
        "per_week": Sum("patrols_per_week"),
    }


def patrols_against_target(
    targets: QuerySet[EventTarget], event: ReadinessEvent, on: datetime.date, by: str | None
) -> dict[int | None, PatrolCounts]:
    """{group id: PatrolCounts} of `event` over `targets` (its communes with a weekly target),
    on `on`: one aggregate query. `by=None` answers the total under the key None."""
    weeks = event_weeks(event, on)
    if not weeks or not event.patrols_per_week:
        return {}
    last = min(on, event.ends_on)
    figures = _patrol_figures(event, weeks, last)
    qs = targets.filter(event_id=event.pk, patrols_per_week__gt=0).order_by()
    rows = [qs.aggregate(**figures)] if by is None else qs.values(by).annotate(**figures)
    answer = {}
    for row in rows:
        if not row["communes"]:
            continue
        answer[row[by] if by else None] = PatrolCounts(
            communes=row["communes"],
            weeks=row["communes"] * len(weeks),
            weeks_met=row["met"] or 0,
            done=row["done"] or 0,
            due=(row["per_week"] or 0) * len(weeks),
        )
    return answer


def patrols_for(user, event, on: datetime.date, by: str | None) -> dict:
    return patrols_against_target(EventTarget.objects.visible_to(user), event, on, by)


# --- open incidents ------------------------------------------------------------------------------
@dataclass
class IncidentCounts:
    open: int = 0
    overdue: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    oldest_report: datetime.datetime | None = None  # the oldest "last report" of the group
    now: datetime.datetime | None = None

    @property
    def severity_counts(self) -> list[int]:
        """The counts in the order of SEVERITIES (for tables)."""
        return [self.by_severity.get(s, 0) for s in SEVERITIES]

    @property
    def report_age(self) -> datetime.timedelta | None:
        if self.oldest_report is None or self.now is None:
            return None
        return self.now - self.oldest_report

    @property
    def report_age_hours(self) -> float | None:
        age = self.report_age
        return None if age is None else round(age.total_seconds() / 3600, 1)


def open_at_q(now: datetime.datetime) -> Q:
    """Incidents that had occurred and were not closed at `now`."""
    return Q(occurred_at__lte=now) & (Q(closed_at__isnull=True) | Q(closed_at__gt=now))


def last_report_expr() -> Coalesce:
    return Coalesce("last_report_at", "occurred_at")


def open_incidents(
    incidents: QuerySet[Incident], now: datetime.datetime, by: str | None
) -> dict[int | None, IncidentCounts]:
    """{group id: IncidentCounts} of `incidents` open at `now`: one aggregate query."""
    figures = {
        "open_n": Count("pk"),
        "overdue_n": Count("pk", filter=Q(next_report_due_at__lt=now)),
        "oldest": Min(last_report_expr()),
        **{f"sev_{s}": Count("pk", filter=Q(severity=s)) for s in SEVERITIES},
    }
    qs = incidents.filter(open_at_q(now)).order_by()
    rows = [qs.aggregate(**figures)] if by is None else qs.values(by).annotate(**figures)
    answer = {}
    for row in rows:
        if not row["open_n"]:
            continue
        answer[row[by] if by else None] = IncidentCounts(
            open=row["open_n"],
            overdue=row["overdue_n"],
            by_severity={s: row[f"sev_{s}"] for s in SEVERITIES},
            oldest_report=row["oldest"],
            now=now,
        )
    return answer


def incidents_for(user, now: datetime.datetime, by: str | None) -> dict:
    return open_incidents(Incident.objects.visible_to(user), now, by)


def open_incident_rows(user, now: datetime.datetime) -> QuerySet[Incident]:
    """The open incidents themselves (a commune's home lists them), with the last report."""
    return (
        Incident.objects.visible_to(user)
        .filter(open_at_q(now))
        .annotate(last_report=last_report_expr())
        .select_related("commune")
        .order_by(F("next_report_due_at").asc(nulls_last=True), "-occurred_at")
    )


# --- today's duty --------------------------------------------------------------------------------
def shift_covering(now: datetime.datetime) -> tuple[datetime.date, str]:
    """(day, shift) of the duty shift covering `now` in local time: 07:00–19:00 is that day's
    day shift, 19:00–24:00 its night shift, 00:00–07:00 the previous day's night shift."""
    local = timezone.localtime(now)
    if local.time() < DAY_SHIFT_STARTS:
        return local.date() - datetime.timedelta(days=1), Shift.NIGHT
    if local.time() < NIGHT_SHIFT_STARTS:
        return local.date(), Shift.DAY
    return local.date(), Shift.NIGHT


def duty_now(user, now: datetime.datetime) -> QuerySet[DutyAssignment]:
    """The bookings (names and roles) of the shifts covering `now` the user sees."""
    day, shift = shift_covering(now)
    return (
        DutyAssignment.objects.visible_to(user)
        .filter(shift__day=day, shift__shift=shift)
        .select_related("person", "shift")
        .order_by("role", "person__full_name")
    )
