"""What readiness puts on each scope's home page (issue 17, section 6), every figure from
`operations.indicators` and linked to the list behind it:

- a commune: today's duty (names and roles of the shift on now), its open incidents (with the
  next report due), the current events and the state of its plan for each; to-do items: the
  plans due (returned ones first) and the situation reports due or overdue;
- a province: the current events with plans missing or late, the open incidents by severity
  (age of the oldest last report, overdue reports), the patrols against target of each
  current event; to-do items: plans waiting for approval, overdue situation reports;
- the Ministry: one row per province (current events, plans approved / reached, late, patrol
  target met, open incidents by severity, overdue reports), each linked to the province's
  own view (territory's province dashboard).

Links go through `link()`: a list page that is not (yet) there leaves its figure unlinked.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from garrison.core.home import TodoItem, register_section, register_todo
from garrison.core.permissions import can_open_at
from garrison.core.registry import NavLink, register_nav_link
from garrison.core.scoping import NATION, PROVINCE
from garrison.territory.models import Commune, Province

from . import indicators as ind
from .events.models import EventTarget, PlanStatus, ReadinessPlan
from .incidents.models import Incident, Severity

#: at most this many rows of a kind are listed one by one on a home page
MAX_ITEMS = 10


def link(name: str, *args: Any, **params: Any) -> str | None:
    """The URL of page `name` (args: its pk) with `params` as its query string (None and ""
    left out), or None when the page does not exist (the figure is then shown unlinked)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def can_view_overview(user: Any, obj: Any = None) -> bool:
    """The readiness overview is a province's and the Ministry's (a commune has its home)."""
    return can_open_at(user, (NATION, PROVINCE))


register_nav_link(
    NavLink(
        "operations",
        5,
        gettext_lazy("Readiness overview"),
        "operations:overview",
        can_view_overview,
    )
)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


# --- a commune -----------------------------------------------------------------------------------
def commune_events(request, on: datetime.date) -> list[EventTarget]:
    """The current events reaching the commune (its targets), each with the state of its plan,
    the plan's pk and the reason it was returned (one query, kept on the request: the section
    and the to-do list both read it)."""
    cached = getattr(request, "_operations_commune_events", None)
    if cached is None:
        cached = request._operations_commune_events = _commune_events(request.user, on)
    return cached


def _commune_events(user, on: datetime.date) -> list[EventTarget]:
    return list(
        ind.with_plan(EventTarget.objects.visible_to(user))
        .filter(event__in=ind.current_events(user, on))
        .annotate(plan_pk=F("the_plan__pk"), plan_reason=F("the_plan__return_reason"))
        .select_related("event")
        .order_by("event__starts_on", "event_id")[:MAX_ITEMS]
    )


PLAN_STATE_LABELS = {
    ind.NONE: gettext_lazy("no plan yet"),
    PlanStatus.DRAFT: PlanStatus.DRAFT.label,
    PlanStatus.SUBMITTED: PlanStatus.SUBMITTED.label,
    PlanStatus.RETURNED: PlanStatus.RETURNED.label,
    PlanStatus.APPROVED: PlanStatus.APPROVED.label,
}


@register_section(12)
def commune_readiness(request, scope):
    if not scope.is_commune:
        return None
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    duty = list(ind.duty_now(user, now)[:50])
    incidents = list(ind.open_incident_rows(user, now)[:MAX_ITEMS])
    events = commune_events(request, today)
    for target in events:
        target.state_label = PLAN_STATE_LABELS.get(target.plan_state, target.plan_state)
        target.late = target.plan_state in ind.NOT_IN and target.plan_due_on < today
        target.url = (
            link("operations:plan_detail", target.plan_pk)
            if target.plan_pk
            else link("operations:event_detail", target.event_id)
        )
    for incident in incidents:
        incident.url = link("operations:incident_detail", incident.pk)
        incident.overdue = bool(incident.next_report_due_at and incident.next_report_due_at < now)
    if not (duty or incidents or events):
        return None
    day, shift = ind.shift_covering(now)
    return {
        "template": "operations/_home_commune.html",
        "duty": duty,
        "duty_day": day,
        "duty_shift": shift,
        "roster_url": link(
            "operations:roster",
            commune=Commune.code_of(scope.commune_id),  # the roster takes the commune's code
            **{"from": day.isoformat(), "until": day.isoformat()},
        ),
        "incidents": incidents,
        "incidents_url": link("operations:incident_list", status="open"),
        "events": events,
        "today": today,
    }


def _commune_todos(request, scope) -> list[TodoItem]:
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    items = []
    targets = [t for t in commune_events(request, today) if t.plan_state in ind.NOT_IN]
    targets.sort(key=lambda t: (t.plan_state != PlanStatus.RETURNED, t.plan_due_on))
    for target in targets:
        values = {"event": target.event.name}
        if target.plan_state == PlanStatus.RETURNED:
            label = _("Correct and resubmit the readiness plan for %(event)s (returned)") % values
        else:
            label = _("Submit the readiness plan for %(event)s") % values
        url = (
            link("operations:plan_detail", target.plan_pk)
            if target.plan_pk
            else link("operations:event_detail", target.event_id)
        )
        items.append(TodoItem(label, url=url, due=target.plan_due_on))
    due = (
        ind.open_incident_rows(user, now)
        .filter(next_report_due_at__isnull=False)
        .order_by("next_report_due_at")
    )
    for incident in due[:MAX_ITEMS]:
        label = _("Send the situation report on %(incident)s") % {"incident": incident.title}
        items.append(
            TodoItem(
                label,
                url=link("operations:incident_detail", incident.pk),
                due=_local_date(incident.next_report_due_at),
            )
        )
    return items


# --- a province ----------------------------------------------------------------------------------
def province_waiting(user) -> int:
    return ReadinessPlan.objects.visible_to(user).filter(status=PlanStatus.SUBMITTED).count()


def _province_todos(request) -> list[TodoItem]:
    user = request.user
    now = timezone.now()
    items = []
    waiting = province_waiting(user)
    if waiting:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d readiness plan is waiting for approval",
                    "%(count)d readiness plans are waiting for approval",
                    waiting,
                )
                % {"count": waiting},
                url=link("operations:plan_list", status=PlanStatus.SUBMITTED),
                count=waiting,
            )
        )
    overdue = (
        Incident.objects.visible_to(user)
        .filter(ind.open_at_q(now), next_report_due_at__lt=now)
        .count()
    )
    if overdue:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d situation report is overdue",
                    "%(count)d situation reports are overdue",
                    overdue,
                )
                % {"count": overdue},
                url=link("operations:incident_list", status="open", overdue="true"),
                due=timezone.localdate(now) - datetime.timedelta(days=1),
                count=overdue,
            )
        )
    return items


@register_todo
def operations_todos(request, scope):
    if scope.is_commune:
        return _commune_todos(request, scope)
    if scope.is_province:
        return _province_todos(request)
    return []


def event_rows(user, today: datetime.date, now: datetime.datetime) -> list[dict[str, Any]]:
    """Each current event with its plans (totals over the scope) and patrols against target:
    one query for the events, one for the plans, one per event for the patrols."""
    events = list(ind.current_events(user, today)[:MAX_ITEMS])
    plans = ind.plans_for(user, events, today, ind.BY_PROVINCE)
    rows = []
    for event in events:
        total = ind.PlanCounts()
        for (event_id, _province), counts in plans.items():
            if event_id == event.pk:
                total.add(counts)
        patrols = ind.patrols_for(user, event, today, None).get(None)
        rows.append(
            {
                "event": event,
                "url": link("operations:event_detail", event.pk),
                "plans": total,
                "none_url": link("operations:target_list", event=event.pk, plan="none"),
                "late_url": link("operations:target_list", event=event.pk, plan="late"),
                "submitted_url": link(
                    "operations:plan_list", event=event.pk, status=PlanStatus.SUBMITTED
                ),
                "approved_url": link(
                    "operations:plan_list", event=event.pk, status=PlanStatus.APPROVED
                ),
                "reached_url": link("operations:target_list", event=event.pk),
                "patrols": patrols,
                "patrols_url": link("operations:patrol_progress", event=event.pk),
            }
        )
    return rows


def incident_summary(user, now: datetime.datetime) -> dict[str, Any]:
    counts = ind.incidents_for(user, now, None).get(None) or ind.IncidentCounts(now=now)
    severities = [
        {
            "value": value,
            "label": label,
            "count": counts.by_severity.get(value, 0),
            "url": link("operations:incident_list", status="open", severity=value),
        }
        for value, label in Severity.choices
    ]
    return {
        "counts": counts,
        "severities": severities,
        "open_url": link("operations:incident_list", status="open"),
        "overdue_url": link("operations:incident_list", status="open", overdue="true"),
    }


@register_section(12)
def province_readiness(request, scope):
    if not scope.is_province:
        return None
    user = request.user
    now = timezone.now()
    today = timezone.localdate(now)
    events = event_rows(user, today, now)
    incidents = incident_summary(user, now)
    todos = _province_todos(request)
    if not (events or incidents["counts"].open or todos):
        return None
    return {
        "template": "operations/_home_province.html",
        "events": events,
        "incidents": incidents,
        "todos": todos,
        "overview_url": link("operations:overview"),
    }


# --- the nation ----------------------------------------------------------------------------------
def province_rollup(user, today: datetime.date, now: datetime.datetime) -> list[dict[str, Any]]:
    """One row per province: current events, plans approved / reached and late, patrol target
    met, open incidents by severity and overdue reports. Queries: the events, the plans (one),
    the patrols (one per current event), the incidents (one), the provinces (one)."""
    events = list(ind.current_events(user, today))
    plans = ind.plans_for(user, events, today, ind.BY_PROVINCE)
    patrols: dict[int, ind.PatrolCounts] = {}
    for event in events:
        for province_id, counts in ind.patrols_for(user, event, today, ind.BY_PROVINCE).items():
            patrols.setdefault(province_id, ind.PatrolCounts()).add(counts)
    incidents = ind.incidents_for(user, now, ind.BY_PROVINCE)
    per_province: dict[int, dict[str, Any]] = {}
    for (_event, province_id), counts in plans.items():
        row = per_province.setdefault(province_id, {"events": 0, "plans": ind.PlanCounts()})
        row["events"] += 1
        row["plans"].add(counts)
    rows = []
    for province in Province.objects.visible_to(user).order_by("code"):
        figures = per_province.get(province.pk, {"events": 0, "plans": ind.PlanCounts()})
        open_incidents = incidents.get(province.pk)
        if not figures["events"] and not open_incidents:
            continue
        rows.append(
            {
                "province": province,
                "url": link("territory:province_dashboard", province.pk),
                "events": figures["events"],
                "plans": figures["plans"],
                "patrols": patrols.get(province.pk),
                "incidents": open_incidents or ind.IncidentCounts(now=now),
            }
        )
    return rows


@register_section(12)
def nation_readiness(request, scope):
    if not scope.is_nation:
        return None
    now = timezone.now()
    rows = province_rollup(request.user, timezone.localdate(now), now)
    if not rows:
        return None
    return {
        "template": "operations/_home_nation.html",
        "rows": rows,
        "severities": Severity.choices,
        "overview_url": link("operations:overview"),
    }
