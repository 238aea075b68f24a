"""Querysets of defence and security education."""

from __future__ import annotations

from garrison.core.scoping import ScopedQuerySet


class EducationSessionQuerySet(ScopedQuerySet):
    pass


class AttendanceQuerySet(ScopedQuerySet):
    pass


class AudienceMemberQuerySet(ScopedQuerySet):
    pass
