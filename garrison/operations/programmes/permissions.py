"""Who may do what with mass-mobilisation programmes, read from the user's scope (never from the
role name). Page buttons, API routes and services ask these functions.

- The province's staff create the province's programmes (every commune of it takes part) and
  change them; a commune's command creates and changes its own programme.
- A commune's command records the help it gave, to people of its commune, under its own
  programme or one of its province's. The province reads the help of all its communes (it
  does not hand help out itself: that is done on the ground, by the commune).
- The Ministry reads everything, changes nothing.
"""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, PROVINCE, scope_of, writes_at

__all__ = [
    "can_change_programme",
    "can_create_programme",
    "can_give_aid",
    "changeable_programmes",
]


def can_create_programme(user: Any, obj: Any = None) -> bool:
    """A writing role of a province (a province-wide programme) or of a commune (its own)."""
    return writes_at(user, {PROVINCE, COMMUNE})


def can_change_programme(user: Any, obj: Any = None) -> bool:
    """The province its own province-wide programmes; a commune its own programme."""
    if not can_create_programme(user):
        return False
    if obj is None:
        return True
    scope = scope_of(user)
    assert scope is not None
    if scope.is_province:
        return obj.commune_id is None and obj.province_id == scope.province_id
    return obj.commune_id == scope.commune_id


def changeable_programmes(user: Any, programmes: Any) -> Any:
    """Of `programmes` (already scoped for change), those `user` may change, as
    `can_change_programme` says: a province only its province-wide ones."""
    scope = scope_of(user)
    if scope is not None and scope.is_province:
        return programmes.filter(commune__isnull=True)
    return programmes


def can_give_aid(user: Any, obj: Any = None) -> bool:
    """A commune's command, under its own programme or one of its province. `obj`: the
    programme (or None: whether the user records help at all)."""
    if not writes_at(user, {COMMUNE}):
        return False
    if obj is None:
        return True
    scope = scope_of(user)
    assert scope is not None
    programme = getattr(obj, "programme", obj)
    if programme.commune_id is None:
        return programme.province_id == scope.province_id
    return programme.commune_id == scope.commune_id
