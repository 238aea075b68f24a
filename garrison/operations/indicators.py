"""The readiness figures (issue 17, section 6): one definition per figure, each one aggregate
query per level (a commune's, a province's communes, the nation's provinces), each as it stands
on the day or at the moment it is asked about. The home pages, the overview page, its exports,
the core indicator registry and bench/operations.py all read these functions.

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

The figures of a year up to a day (for the assessment of the communes, `_year_*` below):
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
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
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
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, register_indicator
from garrison.territory.models import Commune

from .events.models import EventTarget, PlanStatus, ReadinessEvent, ReadinessPlan
from .incidents.models import Incident, Severity, SituationReport
from .incidents.rules import REPORT_EVERY
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


# --- the core registry (figures per commune, for report forms and assessments) -------------------
def _current_targets(ids: list[int], on: datetime.date) -> QuerySet[EventTarget]:
    return EventTarget.objects.filter(
        commune_id__in=ids, event__in=ReadinessEvent.objects.filter(current_q(on))
    )


def _plans_late(ids: list[int], on: datetime.date) -> dict[int, int]:
    counts = plan_states(_current_targets(ids, on), on, BY_COMMUNE)
    answer: dict[int, int] = {}
    for (_event, commune), item in counts.items():
        answer[commune] = answer.get(commune, 0) + item.late
    return answer


def _plans_approved(ids: list[int], on: datetime.date) -> dict[int, int]:
    counts = plan_states(_current_targets(ids, on), on, BY_COMMUNE)
    answer: dict[int, int] = {}
    for (_event, commune), item in counts.items():
        answer[commune] = answer.get(commune, 0) + item.approved
    return answer


def _end_of(on: datetime.date) -> datetime.datetime:
    """The end of day `on` (local): a figure "on a day" counts what stood at its close, or now
    when the day is today."""
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time(23, 59, 59)))
    return min(end, timezone.now())


def _incidents_open(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = open_incidents(Incident.objects.filter(commune_id__in=ids), _end_of(on), BY_COMMUNE)
    return {pk: item.open for pk, item in rows.items()}


def _reports_overdue(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = open_incidents(Incident.objects.filter(commune_id__in=ids), _end_of(on), BY_COMMUNE)
    return {pk: item.overdue for pk, item in rows.items()}


# --- the figures of a year up to a day (the assessment of the communes) ------------------------
def _year_start(on: datetime.date) -> datetime.date:
    return datetime.date(on.year, 1, 1)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _year_targets(ids: list[int], on: datetime.date) -> QuerySet[EventTarget]:
    """The targets of declared events whose plan was due between 1 January and `on`."""
    return EventTarget.objects.filter(
        commune_id__in=ids, plan_due_on__gte=_year_start(on), plan_due_on__lte=on
    ).exclude(event__status=ReadinessEvent.Status.DRAFT)


def _plans_due(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = _year_targets(ids, on).order_by().values("commune_id").annotate(n=Count("pk"))
    return {row["commune_id"]: row["n"] for row in rows}


def _plans_filed(ids: list[int], on: datetime.date) -> dict[int, int]:
    filed = Q(plan_state__in=(PlanStatus.SUBMITTED, PlanStatus.APPROVED)) & (
        Q(the_plan__submitted_at__isnull=True) | Q(the_plan__submitted_at__lte=_end_of(on))
    )
    rows = (
        with_plan(_year_targets(ids, on).order_by())
        .filter(filed)
        .values("commune_id")
        .annotate(n=Count("pk"))
    )
    return {row["commune_id"]: row["n"] for row in rows}


def year_patrol_weeks(on: datetime.date) -> dict[int, tuple[list[datetime.date], datetime.date]]:
    """{event id: (the Mondays of its weeks counted in `on`'s year, the last day counted)} of
    the declared events with a weekly patrol target (one small query)."""
    events = (
        ReadinessEvent.objects.exclude(status=ReadinessEvent.Status.DRAFT)
        .filter(patrols_per_week__gt=0, starts_on__lte=on, ends_on__gte=_year_start(on))
        .only("pk", "starts_on", "ends_on", "patrols_per_week")
    )
    answer = {}
    for event in events:
        weeks = [w for w in event_weeks(event, on) if w >= _year_start(on)]
        if weeks:
            answer[event.pk] = (weeks, min(on, event.ends_on))
    return answer


def _patrols_due(ids: list[int], on: datetime.date) -> dict[int, int]:
    weeks = year_patrol_weeks(on)
    if not weeks:
        return {}
    per_event = Case(
        *[When(event_id=pk, then=Value(len(w))) for pk, (w, _last) in weeks.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        EventTarget.objects.filter(commune_id__in=ids, event_id__in=list(weeks))
        .filter(patrols_per_week__gt=0)
        .order_by()
        .values("commune_id")
        .annotate(n=Sum(F("patrols_per_week") * per_event))
    )
    return {row["commune_id"]: row["n"] or 0 for row in rows}


def _patrols_done(ids: list[int], on: datetime.date) -> dict[int, int]:
    weeks = year_patrol_weeks(on)
    if not weeks:
        return {}
    counted = Q(pk__in=[])
    for pk, (mondays, last) in weeks.items():
        counted |= Q(event_id=pk, day__gte=mondays[0], day__lte=last)
    with_target = EventTarget.objects.filter(
        event_id=OuterRef("event_id"), commune_id=OuterRef("commune_id"), patrols_per_week__gt=0
    )
    rows = (
        Patrol.objects.filter(commune_id__in=ids, status=PatrolStatus.DONE)
        .filter(counted, Exists(with_target))
        .order_by()
        .values("commune_id")
        .annotate(n=Count("pk"))
    )
    return {row["commune_id"]: row["n"] for row in rows}


def report_rhythm(severity_path: str) -> Case:
    """How long after the last report (or the incident) the next one is due, by severity."""
    return Case(
        *[When(**{severity_path: s}, then=Value(every)) for s, every in REPORT_EVERY.items()],
        output_field=DurationField(),
    )


def _sitreps_on_time(ids: list[int], on: datetime.date) -> dict[int, int]:
    previous = (
        SituationReport.objects.filter(
            incident=OuterRef("incident"), sent_at__lt=OuterRef("sent_at")
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    rows = (
        SituationReport.objects.filter(
            commune_id__in=ids, sent_at__gte=_start_of(_year_start(on)), sent_at__lte=_end_of(on)
        )
        .annotate(since=Coalesce(Subquery(previous), F("incident__occurred_at")))
        .annotate(
            due_by=ExpressionWrapper(
                F("since") + report_rhythm("incident__severity"), output_field=DateTimeField()
            )
        )
        .filter(sent_at__lte=F("due_by"))
        .order_by()
        .values("commune_id")
        .annotate(n=Count("pk"))
    )
    return {row["commune_id"]: row["n"] for row in rows}


def _sitreps_due(ids: list[int], on: datetime.date) -> dict[int, int]:
    start, end = _start_of(_year_start(on)), _end_of(on)
    sent = (
        SituationReport.objects.filter(
            incident=OuterRef("pk"), sent_at__gte=start, sent_at__lte=end
        )
        .order_by()
        .values("incident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = (
        SituationReport.objects.filter(incident=OuterRef("pk"), sent_at__lte=end)
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    next_due = ExpressionWrapper(
        Coalesce(Subquery(last), F("occurred_at")) + report_rhythm("severity"),
        output_field=DateTimeField(),
    )
    missing = Case(
        When(open_at_q(end) & Q(next_due__lt=end), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        Incident.objects.filter(commune_id__in=ids, occurred_at__lte=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start))
        .annotate(
            sent_n=Coalesce(Subquery(sent, output_field=IntegerField()), 0), next_due=next_due
        )
        .annotate(missing_n=missing)
        .order_by()
        .values("commune_id")
        .annotate(n=Sum(F("sent_n") + F("missing_n")))
    )
    return {row["commune_id"]: row["n"] or 0 for row in rows}


def _list(name: str, **params: str):
    """A figure's list: `name` filtered on the commune, by its code as the lists take it
    (operations.home.link: None while the page does not exist)."""

    def url(commune_id: int, on: datetime.date) -> str | None:
        from .home import link

        return link(name, commune=Commune.code_of(commune_id), **params)

    return url


def _year_list(name: str, **params: str):
    """As `_list`, the days of the year up to the day asked about besides (`day_from`,
    `day_until`: the patrol list's names)."""

    def url(commune_id: int, on: datetime.date) -> str | None:
        from .home import link

        return link(
            name,
            commune=Commune.code_of(commune_id),
            day_from=_year_start(on).isoformat(),
            day_until=on.isoformat(),
            **params,
        )

    return url


register_indicator(
    Indicator(
        "operations.plans_late",
        _("readiness plans late"),
        _(
            "Readiness events: communes reached by a current event with no plan submitted or "
            "approved after the plan's due date"
        ),
        _plans_late,
        unit=_("plans"),
        list_url=_list("operations:target_list", plan=LATE),
    )
)
register_indicator(
    Indicator(
        "operations.plans_approved",
        _("readiness plans approved"),
        _("Readiness plans of the current events approved by the province"),
        _plans_approved,
        unit=_("plans"),
        list_url=_list("operations:plan_list", status=PlanStatus.APPROVED),
    )
)
register_indicator(
    Indicator(
        "operations.incidents_open",
        _("incidents open"),
        _("Incidents register: incidents that had occurred and were not closed"),
        _incidents_open,
        unit=_("incidents"),
        list_url=_list("operations:incident_list", status="open"),
    )
)
register_indicator(
    Indicator(
        "operations.reports_overdue",
        _("situation reports overdue"),
        _("Incidents register: open incidents whose next situation report is past due"),
        _reports_overdue,
        unit=_("incidents"),
        list_url=_list("operations:incident_list", status="open", overdue="true"),
    )
)
register_indicator(
    Indicator(
        "operations.plans_due",
        _("readiness plans due this year"),
        _(
            "Readiness events: the events (not drafts) reaching the commune whose plan was due "
            "between 1 January and the day"
        ),
        _plans_due,
        unit=_("plans"),
        list_url=_list("operations:target_list"),
    )
)
register_indicator(
    Indicator(
        "operations.plans_filed",
        _("readiness plans filed this year"),
        _(
            "Readiness plans due between 1 January and the day that are submitted or approved, "
            "submitted by the day"
        ),
        _plans_filed,
        unit=_("plans"),
        list_url=_list("operations:plan_list"),
    )
)
register_indicator(
    Indicator(
        "operations.patrols_due",
        _("patrols due this year"),
        _(
            "Readiness events with a weekly patrol target: the target times the events' weeks "
            "begun between 1 January and the day"
        ),
        _patrols_due,
        unit=_("patrols"),
        list_url=_list("operations:target_list"),
    )
)
register_indicator(
    Indicator(
        "operations.patrols_done",
        _("patrols done this year"),
        _(
            "Patrols register: patrols of those events done in the weeks counted, by the day, "
            "of the communes with a target"
        ),
        _patrols_done,
        unit=_("patrols"),
        list_url=_year_list("operations:patrol_list", status=PatrolStatus.DONE),
    )
)
register_indicator(
    Indicator(
        "operations.sitreps_due",
        _("situation reports due this year"),
        _(
            "Incidents register: situation reports sent between 1 January and the day, and one "
            "for each open incident whose report was overdue on the day"
        ),
        _sitreps_due,
        unit=_("reports"),
        list_url=_list("operations:sitrep_list"),
    )
)
register_indicator(
    Indicator(
        "operations.sitreps_on_time",
        _("situation reports on time this year"),
        _(
            "Situation reports sent between 1 January and the day within the rhythm of the "
            "incident's severity after the previous report (or the incident)"
        ),
        _sitreps_on_time,
        unit=_("reports"),
        list_url=_list("operations:sitrep_list"),
    )
)
