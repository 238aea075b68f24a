"""Querysets of readiness events, the communes they reach and the communes' plans.

Events: a province reads its own events and the Ministry's declared events that reach one of its
communes (never the Ministry's drafts); a commune reads the events that reach it; the Ministry
reads everything and changes only its own (national) events.

Targets: each row carries its commune's plan state (`plan_state`: none, draft, submitted,
returned, approved) as one subquery, and `late` is read from it and the due date, so the
province's counts and filters are one aggregate query."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from garrison.core.scoping import ScopedQuerySet, scope_of, scope_q

#: the plan states of a commune reached by an event, "none" when it has filed no plan
PLAN_STATES = ("none", "draft", "submitted", "returned", "approved")
#: the states in which a plan counts as filed on time (not late once its due date has passed)
FILED_STATES = ("submitted", "approved")


class EventQuerySet(ScopedQuerySet):
    def _reach(self, scope: Any, action: str) -> Q:
        from .models import EventTarget

        if scope is None:
            return Q(pk__in=[])
        if scope.is_nation:
            return Q() if action == "view" else Q(province__isnull=True)
        if scope.is_province:
            if action == "change":
                return Q(province_id=scope.province_id)
            reaches = Exists(
                EventTarget.objects.filter(event_id=OuterRef("pk"), province_id=scope.province_id)
            )
            return Q(province_id=scope.province_id) | (Q(province__isnull=True) & reaches)
        if action == "change":
            return Q(pk__in=[])
        return Q(
            Exists(EventTarget.objects.filter(event_id=OuterRef("pk"), commune_id=scope.commune_id))
        )

    def visible_to(self, user: Any) -> EventQuerySet:
        # not core's `targets__commune_id` join: an EXISTS keeps one row per event
        return self.filter(self._reach(scope_of(user), "view"))

    def editable_by(self, user: Any) -> EventQuerySet:
        scope = scope_of(user)
        return self.filter(scope_q(self.model, scope, "change")).filter(
            self._reach(scope, "change")
        )

    def declared(self) -> EventQuerySet:
        return self.filter(status="declared")


def _plan_state() -> Coalesce:
    from .models import ReadinessPlan

    status = ReadinessPlan.objects.filter(
        event_id=OuterRef("event_id"), commune_id=OuterRef("commune_id")
    ).values("status")[:1]
    return Coalesce(Subquery(status), Value("none"))


def late_q(today: datetime.date) -> Q:
    """Targets whose plan is neither submitted nor approved and whose due date has passed
    (needs the `plan_state` annotation)."""
    return Q(plan_due_on__lt=today) & ~Q(plan_state__in=FILED_STATES)


class TargetQuerySet(ScopedQuerySet):
    def with_plan_state(self) -> TargetQuerySet:
        return self.annotate(plan_state=_plan_state())

    def filter_plan(self, value: str, today: datetime.date) -> TargetQuerySet:
        """`value`: a plan state (none, draft, submitted, returned, approved) or "late"."""
        qs = self if "plan_state" in self.query.annotations else self.with_plan_state()
        if value == "late":
            return qs.filter(late_q(today))
        return qs.filter(plan_state=value)

    def plan_counts(self, today: datetime.date) -> dict[str, int]:
        """How many communes reached, and how many in each plan state and late: one query."""
        qs = self if "plan_state" in self.query.annotations else self.with_plan_state()
        counts = {state: Count("pk", filter=Q(plan_state=state)) for state in PLAN_STATES}
        return qs.order_by().aggregate(
            total=Count("pk"), late=Count("pk", filter=late_q(today)), **counts
        )


class PlanQuerySet(ScopedQuerySet):
    def awaiting_decision(self) -> PlanQuerySet:
        return self.filter(status="submitted")
