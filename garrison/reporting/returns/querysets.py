"""Querysets of the communes' returns: made, awaiting a decision, overdue, and on time or not —
each a filter or an annotation, never a loop over rows."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, Q, Value, When

from garrison.core.scoping import ScopedQuerySet


class SubmissionQuerySet(ScopedQuerySet):
    def made(self) -> SubmissionQuerySet:
        """Submitted or approved: the return counts as made."""
        return self.filter(state__in=("submitted", "approved"))

    def awaiting_decision(self) -> SubmissionQuerySet:
        return self.filter(state="submitted")

    def overdue(self, today: datetime.date) -> SubmissionQuerySet:
        """Not made (draft or returned) and past the due date."""
        return self.exclude(state__in=("submitted", "approved")).filter(due_on__lt=today)

    def with_timeliness(self) -> SubmissionQuerySet:
        """`on_time_flag`: made by the due date (judged by the first submission)."""
        return self.annotate(
            on_time_flag=Case(
                When(ON_TIME, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


#: first submitted on or before the due date (local date)
ON_TIME = Q(first_submitted_at__isnull=False, first_submitted_at__date__lte=models.F("due_on"))
