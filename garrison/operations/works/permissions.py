"""Who may do what with defence works, read from the user's scope (never from the role name).
The page buttons, the API routes and the services' guards all ask these functions.

- The commune's own command keeps its works (adds, edits them), records their inspections and
  asks for an inspection after an incident: the works are the commune's part of the zone.
- The province's writing roles may do the same for the works of its communes: the provincial
  command inspects the defensive zone itself and, after an incident, asks for a check.
- The Ministry reads everything, changes nothing (the roll-up pages are its view).
"""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, PROVINCE, scope_of, writes_at

__all__ = ["can_edit_work", "can_record_inspection", "can_request_inspection", "can_view_rollup"]

WRITERS = frozenset({COMMUNE, PROVINCE})


def _in_scope(user: Any, obj: Any) -> bool:
    if obj is None:
        return True
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.level == COMMUNE:
        return getattr(obj, "commune_id", None) == scope.commune_id
    return getattr(obj, "province_id", None) == scope.province_id


def can_edit_work(user: Any, obj: Any = None) -> bool:
    """Adds or edits a work of its commune (or, at the province, of its communes)."""
    return writes_at(user, WRITERS) and _in_scope(user, obj)


def can_record_inspection(user: Any, obj: Any = None) -> bool:
    """Records an inspection of a work in its area. `obj`: the work."""
    return can_edit_work(user, obj)


def can_request_inspection(user: Any, obj: Any = None) -> bool:
    """Asks, after an incident, for a work of its area to be inspected sooner."""
    return can_edit_work(user, obj)


def can_view_rollup(user: Any, obj: Any = None) -> bool:
    """The roll-up by kind and state is the province's and the Ministry's page (a commune
    opening it sees its own works only; its menu offers the list instead)."""
    scope = scope_of(user)
    return scope is not None and scope.level != COMMUNE
