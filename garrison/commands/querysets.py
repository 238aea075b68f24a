"""Staffing figures computed in the database: one query per list, never a loop over rows."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from garrison.core.scoping import ScopedQuerySet

from .rules import Position


class AssignmentQuerySet(ScopedQuerySet):
    def current(self, on: datetime.date | None = None) -> AssignmentQuerySet:
        """Assignments in force on `on` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)


def _current_assignments(on: datetime.date | None):
    from .models import Assignment

    return Assignment.objects.current(on)


def commander_name(on: datetime.date | None = None) -> Subquery:
    """The name of the Commander of the command (OuterRef "pk") in post on `on` (today)."""
    return Subquery(
        _current_assignments(on)
        .filter(command=OuterRef("pk"), position=Position.COMMANDER)
        .order_by("-start_date")
        .values("person__full_name")[:1]
    )


class MilitaryCommandQuerySet(ScopedQuerySet):
    def with_staffing(self, on: datetime.date | None = None) -> MilitaryCommandQuerySet:
        """Annotate each command with quota_total, filled_total, vacancies and has_commander,
        all computed by the database."""
        from .models import StaffingQuota

        holders = (
            _current_assignments(on)
            .filter(command=OuterRef("command"), position=OuterRef("position"))
            .order_by()
            .values("command")
            .annotate(n=Count("pk"))
            .values("n")
        )
        per_command = (
            StaffingQuota.objects.filter(command=OuterRef("pk"))
            .annotate(held=Coalesce(Subquery(holders), Value(0), output_field=IntegerField()))
            .order_by()
            .values("command")
        )
        quota_total = per_command.annotate(s=Sum("quota", output_field=IntegerField())).values("s")
        filled_total = per_command.annotate(
            s=Sum(Least("held", "quota", output_field=IntegerField()), output_field=IntegerField())
        ).values("s")
        return self.annotate(
            quota_total=Coalesce(Subquery(quota_total), Value(0), output_field=IntegerField()),
            filled_total=Coalesce(Subquery(filled_total), Value(0), output_field=IntegerField()),
            vacancies=F("quota_total") - F("filled_total"),
            has_commander=Exists(
                _current_assignments(on).filter(command=OuterRef("pk"), position=Position.COMMANDER)
            ),
        )

    def communes(self) -> MilitaryCommandQuerySet:
        return self.filter(level="commune")

    def commander_rollup(self, on: datetime.date | None = None) -> models.QuerySet:
        """Per province: number of commune commands and how many have a Commander in post.
        One grouped query (used by the national home page and the API)."""
        return (
            self.communes()
            .annotate(
                _has=Exists(
                    _current_assignments(on).filter(
                        command=OuterRef("pk"), position=Position.COMMANDER
                    )
                )
            )
            .order_by()
            .values("province")
            .annotate(
                commands=Count("pk"),
                with_commander=Count("pk", filter=Q(_has=True)),
            )
        )
