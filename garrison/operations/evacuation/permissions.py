"""Who may do what with the evacuation plan (`can_<action>(user, obj=None)`).

The commune keeps its plan (which area takes which village's people); the province and the
Ministry read it and its coverage. Rows are changed only through `editable_by`."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, scope_of, writes_at

MANAGE_LEVELS = frozenset({COMMUNE})


def can_manage_evacuation(user: Any, obj: Any = None) -> bool:
    """Assign a village to an evacuation area, change or remove the assignment."""
    return writes_at(user, MANAGE_LEVELS)


def can_view_coverage(user: Any, obj: Any = None) -> bool:
    """The coverage page: whoever has a scope (each sees its own communes)."""
    return scope_of(user) is not None
