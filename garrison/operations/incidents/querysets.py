"""Querysets of incidents and mobilisations: the overdue situation reports and their age (for the
province's list and the dashboards), and the overlap of mobilisations (one query for a batch).
Everything is a filter or an annotation in the database, never a loop over rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Coalesce

from garrison.core.scoping import ScopedQuerySet

OPEN = "open"


def overdue_q(now: datetime.datetime, prefix: str = "") -> Q:
    """Open, with its next situation report due before `now` (the due moment is still in time)."""
    return Q(**{f"{prefix}status": OPEN, f"{prefix}next_report_due_at__lt": now})


class IncidentQuerySet(ScopedQuerySet):
    def open(self) -> IncidentQuerySet:
        return self.filter(status=OPEN)

    def overdue(self, now: datetime.datetime) -> IncidentQuerySet:
        """The open incidents whose next situation report is due before `now`."""
        return self.filter(overdue_q(now))

    def with_report_age(self, now: datetime.datetime) -> IncidentQuerySet:
        """Annotations for the province's watch, at the moment `now`:
        `report_age` (a duration): since the last situation report, or since the incident when
            none was sent yet — how long the province has been without news;
        `last_report_age` (a duration, None when no report was sent yet): since the last report;
        `is_overdue` (bool): open and its next report due before `now`."""
        at = Value(now, output_field=models.DateTimeField())
        duration = models.DurationField()
        return self.annotate(
            report_age=ExpressionWrapper(
                at - Coalesce(F("last_report_at"), F("occurred_at")), output_field=duration
            ),
            last_report_age=ExpressionWrapper(at - F("last_report_at"), output_field=duration),
            is_overdue=Case(
                When(overdue_q(now), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )


class MobilisationQuerySet(ScopedQuerySet):
    def engaged(self) -> MobilisationQuerySet:
        """Still engaged (no end recorded)."""
        return self.filter(until_at__isnull=True)

    def overlapping(
        self,
        *,
        start: datetime.datetime,
        end: datetime.datetime | None = None,
        members: Iterable[Any] = (),
        reservists: Iterable[Any] = (),
        means: Iterable[Any] = (),
    ) -> MobilisationQuerySet:
        """The mobilisations of any of these members, reservists or means (ids) whose span
        [from_at, until_at) meets [start, end) — one query for the whole batch."""
        who = Q(pk__in=[])
        for field, ids in (("member", members), ("reservist", reservists), ("means", means)):
            ids = [getattr(i, "pk", i) for i in ids]
            if ids:
                who |= Q(**{f"{field}_id__in": ids})
        when = Q(until_at__isnull=True) | Q(until_at__gt=start)
        if end is not None:
            when &= Q(from_at__lt=end)
        return self.filter(who, when)
