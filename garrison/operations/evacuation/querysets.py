"""Querysets of the evacuation plan."""

from __future__ import annotations

from garrison.core.scoping import ScopedQuerySet


class EvacuationAssignmentQuerySet(ScopedQuerySet):
    pass
