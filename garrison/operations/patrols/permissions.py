"""Who may do what with the patrols and the commune police (`can_<action>(user, obj=None)`).

Decision: the patrols, the commune police, its officers and the coordination plans and meetings
are the commune's own work with its police (Decree 03/2019/NĐ-CP binds the commune Military
Command and the commune police): the commune's staff keep them. The province reads them and
watches the patrols against each event's target (the progress page); it adds none, since it
neither patrols nor signs the commune's coordination plan. The Ministry reads. Rows stay
inside the scope: a row is changed only through `editable_by` (the models' `write_levels`)."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, LEVELS, scope_of, writes_at

#: the levels that keep these registers (the models' `write_levels`)
MANAGE_LEVELS = frozenset({COMMUNE})


def can_manage_patrols(user: Any, obj: Any = None) -> bool:
    """Plan, edit, record and cancel patrols; keep the police, officers, plans, meetings."""
    return writes_at(user, MANAGE_LEVELS)


def can_record_patrol(user: Any, obj: Any = None) -> bool:
    """Record a patrol's result: a planned one, or correct the record of one done."""
    if not can_manage_patrols(user):
        return False
    return obj is None or obj.status in ("planned", "done")


def can_cancel_patrol(user: Any, obj: Any = None) -> bool:
    """Cancel a patrol still planned."""
    if not can_manage_patrols(user):
        return False
    return obj is None or obj.status == "planned"


def can_view_patrol_progress(user: Any, obj: Any = None) -> bool:
    """The patrols done against an event's target: everyone with a scope (each sees its own
    communes), the province and the Ministry first of all."""
    scope = scope_of(user)
    return scope is not None and scope.level in LEVELS


def can_print_patrol_log(user: Any, obj: Any = None) -> bool:
    """The patrol log of a commune (PDF): whoever reads the commune's patrols."""
    return scope_of(user) is not None
