"""Querysets of the patrols: the roll-up of patrols done per commune, event and week that the
progress page and the dashboards build their figures on (one aggregate query, never a loop over
rows), and the patrols whose hours may overlap a given one."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek

from garrison.core.scoping import ScopedQuerySet

DONE = "done"
CANCELLED = "cancelled"


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week of `day` (the weeks of the roll-up start on Mondays)."""
    return day - datetime.timedelta(days=day.weekday())


class PatrolQuerySet(ScopedQuerySet):
    def done(self) -> PatrolQuerySet:
        return self.filter(status=DONE)

    def done_per_week(self) -> PatrolQuerySet:
        """Patrols done, counted per (commune, event, week): rows of `commune_id`, `event_id`,
        `week` (the Monday, a date: TruncWeek, the same on SQLite and PostgreSQL) and `done`.
        Scope and narrow the queryset first (`visible_to(user).filter(event=…)`)."""
        return (
            self.done()
            .annotate(week=TruncWeek("day"))
            .values("commune_id", "event_id", "week")
            .annotate(done=Count("pk"))
            .order_by("commune_id", "event_id", "week")
        )

    def around(self, day: datetime.date) -> PatrolQuerySet:
        """Patrols not cancelled on `day` or the days either side: those whose hours may
        overlap a patrol of `day` (a patrol may run past midnight into the next morning)."""
        one = datetime.timedelta(days=1)
        return self.exclude(status=CANCELLED).filter(day__range=(day - one, day + one))

    def with_members(self, members: list[int], officers: list[int]) -> PatrolQuerySet:
        """Patrols any of these militia members or police officers take part in."""
        condition = Q(pk__in=[])
        if members:
            condition |= Q(members__in=members)
        if officers:
            condition |= Q(officers__in=officers)
        return self.filter(condition).distinct()

    def with_counts(self) -> PatrolQuerySet:
        """`member_count` and `officer_count` of each patrol (a subquery each: the list's rows
        are not multiplied by a join)."""

        def count(field: str) -> Subquery:
            through = self.model._meta.get_field(field).remote_field.through
            return Subquery(
                through._default_manager.filter(patrol_id=OuterRef("pk"))
                .values("patrol_id")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            )

        return self.annotate(member_count=count("members"), officer_count=count("officers"))
