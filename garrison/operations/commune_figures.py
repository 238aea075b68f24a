"""The readiness figures of each commune in the core indicator registry (`core.indicators`):
the figures of a day (plans late or approved, incidents open, situation reports overdue) for
report forms, and of a year up to a day (plans due and filed, patrols due and done, situation
reports on time) for the assessment of the communes. Each is one aggregate per figure over the
communes asked about, built on the queries of `operations.indicators`; each links to the list
behind it (`operations.home.link`). Registered when the app is ready.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, register_indicator
from garrison.territory.models import Commune

from .events.models import EventTarget, PlanStatus, ReadinessEvent
from .incidents.models import Incident, SituationReport
from .incidents.rules import REPORT_EVERY
from .indicators import (
    BY_COMMUNE,
    LATE,
    current_q,
    event_weeks,
    open_at_q,
    open_incidents,
    plan_states,
    with_plan,
)
from .patrols.models import Patrol, PatrolStatus


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
