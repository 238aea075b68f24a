"""Querysets of directives and receipts: each directive's progress (acknowledged, completed,
late, overdue) as correlated counts over the receipts the user may see, and each receipt's state —
one query, never a loop over rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from garrison.core.scoping import ScopedQuerySet

#: a receipt completed after its due date (its completion's local date is later)
LATE = Q(completed_at__isnull=False, completed_at__date__gt=models.F("due_on"))


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Not completed and past the due date (the due date itself is still in time)."""
    return Q(**{f"{prefix}completed_at__isnull": True, f"{prefix}due_on__lt": today})


class DirectiveQuerySet(ScopedQuerySet):
    def issued(self) -> DirectiveQuerySet:
        return self.filter(status="issued")

    def with_progress(self, user: Any, today: datetime.date) -> DirectiveQuerySet:
        """recipients, acknowledged, completed, late (completed after the due date) and overdue
        (not completed, past due): correlated counts over the receipts `user` may see — all of
        them for the province, the commune's own for a commune."""
        from .models import DirectiveReceipt

        receipts = (
            DirectiveReceipt.objects.visible_to(user)
            .filter(directive=OuterRef("pk"))
            .order_by()
            .values("directive")
        )

        def counted(condition: Q | None = None) -> Coalesce:
            rows = receipts.filter(condition) if condition is not None else receipts
            count = rows.annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(count, output_field=models.IntegerField()), 0)

        return self.annotate(
            recipients_count=counted(),
            acknowledged_count=counted(Q(acknowledged_at__isnull=False)),
            completed_count=counted(Q(completed_at__isnull=False)),
            late_count=counted(LATE),
            overdue_count=counted(overdue_q(today)),
        )


class ReceiptQuerySet(ScopedQuerySet):
    def open(self) -> ReceiptQuerySet:
        """Not yet completed."""
        return self.filter(completed_at__isnull=True)

    def overdue(self, today: datetime.date) -> ReceiptQuerySet:
        return self.filter(overdue_q(today))

    def late(self) -> ReceiptQuerySet:
        return self.filter(LATE)

    def laggards(self) -> ReceiptQuerySet:
        """Whom a reminder is for: not acknowledged or not completed."""
        return self.open()

    def with_state(self, today: datetime.date) -> ReceiptQuerySet:
        """`receipt_state`: pending, acknowledged, overdue, completed or completed_late — the
        words of DirectiveReceipt.state, computed in the database so that lists sort by it."""
        return self.annotate(
            receipt_state=Case(
                When(LATE, then=Value("completed_late")),
                When(completed_at__isnull=False, then=Value("completed")),
                When(overdue_q(today), then=Value("overdue")),
                When(acknowledged_at__isnull=False, then=Value("acknowledged")),
                default=Value("pending"),
                output_field=models.CharField(),
            ),
        )

    def filter_state(self, state: str, today: datetime.date) -> ReceiptQuerySet:
        """Receipts in one state of the province's table: not_acknowledged, not_completed,
        overdue, late, on_time (completed), completed; unknown words match nothing."""
        conditions = {
            "not_acknowledged": Q(acknowledged_at__isnull=True),
            "acknowledged": Q(acknowledged_at__isnull=False),
            "not_completed": Q(completed_at__isnull=True),
            "completed": Q(completed_at__isnull=False),
            "overdue": overdue_q(today),
            "late": LATE,
            "on_time": Q(completed_at__isnull=False) & ~LATE,
        }
        condition = conditions.get(state)
        return self.filter(condition) if condition is not None else self.none()

    def counts(self, today: datetime.date) -> dict[str, int]:
        """recipients, acknowledged, completed, late, overdue: one aggregate query."""
        result = self.aggregate(
            recipients=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            completed=Count("pk", filter=Q(completed_at__isnull=False)),
            late=Count("pk", filter=LATE),
            overdue=Count("pk", filter=overdue_q(today)),
        )
        return {k: v or 0 for k, v in result.items()}


STATE_FILTERS = (
    "not_acknowledged",
    "acknowledged",
    "not_completed",
    "completed",
    "overdue",
    "late",
    "on_time",
)
