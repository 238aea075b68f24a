"""Querysets of defence and security education: the sessions held by a day or in a year, the
cadres in a group on a day, and whether each was trained within the cycle (`rules`)."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from garrison.core.scoping import ScopedQuerySet

from . import rules


class EducationSessionQuerySet(ScopedQuerySet):
    def held_by(self, on: datetime.date) -> EducationSessionQuerySet:
        """Sessions that had started on `on` (a planned one is not held yet)."""
        return self.filter(starts_on__lte=on)

    def in_year(self, year: int, on: datetime.date) -> EducationSessionQuerySet:
        """Sessions of `year` held by `on`."""
        return self.held_by(on).filter(starts_on__year=year)


class AttendanceQuerySet(ScopedQuerySet):
    pass


def trained_q(on: datetime.date) -> Q:
    """A cadre row (AudienceMember) whose person attended a session for the row's group that
    started within the group's cycle ending on `on`."""
    attendance = apps.get_model("operations", "EducationAttendance")
    condition = Q()
    for group in rules.CYCLE_YEARS:
        attended = attendance.objects.filter(
            person_id=OuterRef("person_id"),
            session__audience=group,
            session__starts_on__gte=rules.cycle_start(group, on),
            session__starts_on__lte=on,
        )
        condition |= Q(Exists(attended), audience=group)
    return condition


class AudienceMemberQuerySet(ScopedQuerySet):
    def members_on(self, on: datetime.date) -> AudienceMemberQuerySet:
        """Cadres in their group on `on` (since that day or before, not left before it)."""
        return self.filter(Q(until__isnull=True) | Q(until__gte=on), since__lte=on)

    def with_trained(self, on: datetime.date) -> AudienceMemberQuerySet:
        """Each row annotated `trained`: attended within the cycle ending on `on`."""
        return self.annotate(trained=ExpressionWrapper(trained_q(on), output_field=BooleanField()))

    def due_on(self, on: datetime.date) -> AudienceMemberQuerySet:
        """Cadres in their group on `on` and not trained within the cycle: due for education."""
        return self.members_on(on).exclude(trained_q(on))
