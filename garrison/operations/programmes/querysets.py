"""Querysets of mass-mobilisation programmes and the help they gave."""

from __future__ import annotations

from garrison.core.scoping import ScopedQuerySet


class ProgrammeQuerySet(ScopedQuerySet):
    pass


class AidQuerySet(ScopedQuerySet):
    pass
