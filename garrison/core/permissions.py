"""Who may read the generic machinery's own records (the audit of reads). `can_<action>(user,
obj=None)`, as in every app."""

from __future__ import annotations

from typing import Any

from .scoping import NATION, PROVINCE, Scope, scope_of


def can_open_at(user: Any, levels: Any) -> bool:
    """Whether the menu offers a page to `user`: their scope level is one of `levels` (a
    register's `nav_levels`)."""
    scope = scope_of(user)
    return scope is not None and scope.level in levels


def can_view_reads(user: Any, obj: Any = None) -> bool:
    """Who read whose personal data: the province (its staff and its inspector) for the data
    of its communes, the nation for all. A commune does not watch its own readers."""
    scope = scope_of(user)
    return scope is not None and scope.level in (NATION, PROVINCE)


def can_view_home_of(user: Any, scope: Scope) -> bool:
    """Another scope's home page, read-only (the Ministry's view of one province): only a
    user whose own scope covers it (a province sees its own, the nation every one)."""
    own = scope_of(user)
    return own is not None and own.covers(scope)
