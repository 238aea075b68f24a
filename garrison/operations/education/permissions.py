"""Who may do what with defence and security education (`can_<action>(user, obj=None)`).

Decision: the commune's own command keeps its sessions, their attendance and the list of its
cadres in each of the four groups (it organises the commune's sessions and answers for who
attended); the province and the Ministry read them and see the coverage rolled up. A province
course for cadres of its communes would be recorded by each commune (to confirm)."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import LEVELS, scope_of, writes_at

from .models import COMMUNE_WRITES


def can_manage_education(user: Any, obj: Any = None) -> bool:
    """Add and edit sessions and the cadres of the groups."""
    return writes_at(user, COMMUNE_WRITES)


def can_record_attendance(user: Any, obj: Any = None) -> bool:
    """Record (or remove) attendance at a session of its own commune. `obj`: a session."""
    scope = scope_of(user)
    if not can_manage_education(user) or scope is None:
        return False
    return obj is None or getattr(obj, "commune_id", None) == scope.commune_id


def can_view_coverage(user: Any, obj: Any = None) -> bool:
    """The coverage page: every scope (each sees its own communes)."""
    scope = scope_of(user)
    return scope is not None and scope.level in LEVELS
