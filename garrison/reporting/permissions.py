"""Who may do what in reporting, read from the user's scope (never from the role name). The pages'
buttons, the API routes and the services' guards all ask these functions, so that a button is
shown exactly when its action would be allowed.

Each `can_<action>(user, obj=None)` answers for the action in general, or for one object when
given. Which rows a user reaches at all is core's scoping (`visible_to`, `editable_by`,
`get_for`); these functions add what the scope's level decides: the commune's own command fills
and submits its returns and answers directives, the province writes directives and decides on
returns. The `sees_*` functions say from which height the user looks at reporting (one commune,
one province, the nation), for the pages and figures that differ by it.
"""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, NATION, PROVINCE, scope_of

__all__ = [
    "can_answer",
    "can_decide",
    "can_fill",
    "can_issue",
    "can_withdraw",
    "sees_one_commune",
    "sees_one_province",
    "sees_the_nation",
]


def _writes_at(user: Any, level: str):
    """The user's scope when it writes at `level`, else None."""
    scope = scope_of(user)
    return scope if scope is not None and scope.level == level and scope.can_write else None


def _sees_at(user: Any, level: str) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.level == level


# --- actions -------------------------------------------------------------------------------------
def can_fill(user: Any, obj: Any = None) -> bool:
    """The commune's own command starts, fills and submits its returns. `obj`: a return (or
    anything with `commune_id`): only one of the user's own commune."""
    scope = _writes_at(user, COMMUNE)
    if scope is None:
        return False
    return obj is None or getattr(obj, "commune_id", scope.commune_id) == scope.commune_id


def can_answer(user: Any, obj: Any = None) -> bool:
    """The commune's own command acknowledges and completes the directives it receives. `obj`: a
    receipt: only one addressed to the user's own commune."""
    return can_fill(user, obj)


def can_withdraw(user: Any, obj: Any = None) -> bool:
    """The commune's own command takes back a return it submitted, as long as the province has
    not decided on it. `obj`: a return: only one of the user's own commune, still submitted."""
    if not can_fill(user, obj):
        return False
    return obj is None or getattr(obj, "state", "submitted") == "submitted"


def can_decide(user: Any, obj: Any = None) -> bool:
    """The province approves or returns its communes' returns. `obj`: a return: only one of the
    user's own province."""
    scope = _writes_at(user, PROVINCE)
    if scope is None:
        return False
    return obj is None or getattr(obj, "province_id", scope.province_id) == scope.province_id


def can_issue(user: Any, obj: Any = None) -> bool:
    """A province's staff write, send, amend and chase directives to their communes. `obj`: a
    directive: only one of the user's own province."""
    scope = _writes_at(user, PROVINCE)
    if scope is None:
        return False
    return obj is None or getattr(obj, "province_id", scope.province_id) == scope.province_id


# --- the height the user looks from --------------------------------------------------------------
def sees_one_commune(user: Any) -> bool:
    """A commune's account (reader or writer): its own returns and receipts only."""
    return _sees_at(user, COMMUNE)


def sees_one_province(user: Any) -> bool:
    """A province's account: its communes, commune by commune."""
    return _sees_at(user, PROVINCE)


def sees_the_nation(user: Any) -> bool:
    """A Ministry account: every province, province by province."""
    return _sees_at(user, NATION)
