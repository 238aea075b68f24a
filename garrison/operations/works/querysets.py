"""Querysets of defence works and their inspections."""

from __future__ import annotations

from garrison.core.scoping import ScopedQuerySet


class DefenceWorkQuerySet(ScopedQuerySet):
    pass


class InspectionQuerySet(ScopedQuerySet):
    pass
