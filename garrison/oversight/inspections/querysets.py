"""The queries of inspections, findings and corrective actions the pages, the home page and the
API share: overdue and due-soon actions (`rules` as database conditions), overdue actions by
commune, the year's inspections by month and state, the communes inspected and not. Each takes
a queryset the caller has already scoped (`visible_to(user)`), so it narrows, never widens."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth

from . import rules
from .models import (
    ActionState,
    CorrectiveAction,
    FindingState,
    Inspection,
    InspectionState,
    InspectionTarget,
)


def overdue_q(today: datetime.date) -> Q:
    """Actions past their due date (before `today`) and not verified (`rules.is_overdue`)."""
    return Q(due_on__lt=today) & ~Q(state=ActionState.VERIFIED)


def awaiting_commune_q() -> Q:
    """Actions waiting for their owner commune's answer (open or returned)."""
    return Q(state__in=sorted(rules.AWAITING_COMMUNE))


def due_soon_q(today: datetime.date) -> Q:
    """Actions waiting for the commune and due from today to `rules.DUE_SOON_DAYS` ahead."""
    return awaiting_commune_q() & Q(due_on__gte=today, due_on__lt=rules.due_soon_until(today))


def overdue_actions(actions: QuerySet, today: datetime.date) -> QuerySet:
    return actions.filter(overdue_q(today))


def commune_todo_actions(actions: QuerySet, today: datetime.date) -> QuerySet:
    """The actions a commune must answer that are overdue or due soon, the oldest first."""
    return actions.filter(awaiting_commune_q() & (overdue_q(today) | due_soon_q(today))).order_by(
        "due_on", "pk"
    )


def awaiting_verification(actions: QuerySet) -> QuerySet:
    return actions.filter(state=ActionState.ANSWERED)


def overdue_by_commune(actions: QuerySet, today: datetime.date) -> list[dict[str, Any]]:
    """One row per commune with overdue actions: its code and name, how many, and the earliest
    due date; the communes with most first. One aggregate query."""
    return list(
        overdue_actions(actions, today)
        .values("commune_id", "commune__code", "commune__name")
        .annotate(count=Count("pk"), oldest=Min("due_on"))
        .order_by("-count", "oldest", "commune__name")
    )


def open_findings(findings: QuerySet) -> QuerySet:
    return findings.filter(state=FindingState.OPEN)


def open_rechecks(findings: QuerySet, commune_ids: list[int]) -> QuerySet:
    """The open findings of `commune_ids` a re-inspection may check."""
    return open_findings(findings).filter(commune_id__in=commune_ids)


def inspections_of_year(inspections: QuerySet, year: int) -> QuerySet:
    """The inspections starting in `year`."""
    return inspections.filter(starts_on__year=year)


def by_month_and_state(inspections: QuerySet) -> dict[int, dict[str, int]]:
    """{month: {state: count}} of `inspections` (by their first day). One aggregate query."""
    table: dict[int, dict[str, int]] = {}
    rows = (
        inspections.annotate(month=ExtractMonth("starts_on"))
        .values("month", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        table.setdefault(row["month"], {})[row["state"]] = row["n"]
    return table


def inspected_communes(communes: QuerySet, inspections: QuerySet) -> QuerySet:
    """The communes of `communes` some inspection of `inspections` (not cancelled) names."""
    targets = InspectionTarget.objects.filter(
        commune_id=OuterRef("pk"),
        inspection__in=inspections.exclude(state=InspectionState.CANCELLED).values("pk"),
    )
    return communes.filter(Exists(targets))


def not_inspected_communes(communes: QuerySet, inspections: QuerySet) -> QuerySet:
    return communes.exclude(pk__in=inspected_communes(communes, inspections).values("pk"))


def finding_counts(findings: QuerySet) -> dict[str, int]:
    """{state: count} of `findings`."""
    rows = findings.values("state").annotate(n=Count("pk")).order_by()
    return {row["state"]: row["n"] for row in rows}


def action_counts(actions: QuerySet, today: datetime.date) -> dict[str, int]:
    """{state: count} of `actions`, and "overdue"."""
    counts = {row["state"]: row["n"] for row in actions.values("state").annotate(n=Count("pk"))}
    counts["overdue"] = overdue_actions(actions, today).count()
    return counts


__all__ = [
    "CorrectiveAction",
    "Inspection",
    "action_counts",
    "awaiting_commune_q",
    "awaiting_verification",
    "by_month_and_state",
    "commune_todo_actions",
    "due_soon_q",
    "finding_counts",
    "inspected_communes",
    "inspections_of_year",
    "not_inspected_communes",
    "open_findings",
    "open_rechecks",
    "overdue_actions",
    "overdue_by_commune",
    "overdue_q",
]
