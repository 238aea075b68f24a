"""Who may do what with readiness events and plans, read from the user's scope (never from the
role name). Page buttons, API routes and the services' guards all ask these functions.

- a province's staff declare events for their communes, and decide (approve, return) the plans
  of their communes for any event (their own or the Ministry's);
- the Ministry (a nation scope that writes) declares events for the communes of every province;
  it reads every plan and decides none;
- a commune's own command files, edits and submits its plans for the events that reach it.
"""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, NATION, PROVINCE, scope_of, writes_at

__all__ = [
    "can_close_event",
    "can_decide_plan",
    "can_declare_event",
    "can_edit_event",
    "can_file_plan",
    "sees_one_commune",
]


def can_declare_event(user: Any, obj: Any = None) -> bool:
    """A province's staff (for their province's communes) or the Ministry (for every province).
    `obj`: an event: only one of the user's own province, or a national one for the Ministry."""
    if not writes_at(user, {NATION, PROVINCE}):
        return False
    if obj is None:
        return True
    scope = scope_of(user)
    return obj.province_id == scope.province_id  # None for the Ministry and its events


def can_edit_event(user: Any, obj: Any = None) -> bool:
    """Whoever declares an event edits it while it is a draft."""
    return can_declare_event(user, obj) and (obj is None or obj.status == "draft")


def can_close_event(user: Any, obj: Any = None) -> bool:
    return can_declare_event(user, obj) and (obj is None or obj.status == "declared")


def can_file_plan(user: Any, obj: Any = None) -> bool:
    """The commune's own command files and submits its plans. `obj`: a plan (or anything with
    `commune_id`): only one of the user's own commune."""
    if not writes_at(user, {COMMUNE}):
        return False
    scope = scope_of(user)
    return obj is None or getattr(obj, "commune_id", scope.commune_id) == scope.commune_id


def can_decide_plan(user: Any, obj: Any = None) -> bool:
    """The province approves or returns the plans of its communes; the Ministry decides none.
    `obj`: a plan: only one of the user's own province."""
    if not writes_at(user, {PROVINCE}):
        return False
    scope = scope_of(user)
    return obj is None or getattr(obj, "province_id", scope.province_id) == scope.province_id


def sees_one_commune(user: Any) -> bool:
    """Whether the user looks at readiness from one commune (presentation only)."""
    scope = scope_of(user)
    return scope is not None and scope.is_commune
