"""Who may do what with incidents, read from the user's scope (never from the role name). The page
buttons, the API routes and the services' guards all ask these functions.

- The commune's own command opens its incidents, adds to their timeline, mobilises its forces and
  means, stands them down, sends the situation reports and closes the incident: the commune is
  where the response is led and the one that answers for what it reports.
- The province reads every incident of its communes, watches the overdue reports and marks the
  reports read when it opens them. It does NOT open an incident for a commune: a report the
  commune has not made would have no one answering for it on the ground; the province asks the
  commune to open it (by telephone or a directive). This is a decision to confirm.
- The Ministry reads everything, changes nothing.
"""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, PROVINCE, scope_of, writes_at

__all__ = [
    "can_close",
    "can_mark_read",
    "can_mobilise",
    "can_open_incident",
    "can_report",
    "can_update",
]


def _own_commune(user: Any, obj: Any) -> bool:
    scope = scope_of(user)
    return obj is None or (
        scope is not None and getattr(obj, "commune_id", None) == scope.commune_id
    )


def _is_open(obj: Any) -> bool:
    incident = getattr(obj, "incident", obj)
    return obj is None or getattr(incident, "status", "open") == "open"


def can_open_incident(user: Any, obj: Any = None) -> bool:
    """The commune's own command (a writing role) opens an incident in its commune."""
    return writes_at(user, {COMMUNE}) and _own_commune(user, obj)


def can_update(user: Any, obj: Any = None) -> bool:
    """Adds to the timeline (and edits the details) of an open incident of its own commune."""
    return can_open_incident(user, obj) and _is_open(obj)


def can_mobilise(user: Any, obj: Any = None) -> bool:
    """Mobilises forces and means for an open incident of its own commune, stands them down.
    `obj`: an incident or a mobilisation."""
    return can_update(user, obj)


def can_report(user: Any, obj: Any = None) -> bool:
    """Sends a situation report on an open incident of its own commune."""
    return can_update(user, obj)


def can_close(user: Any, obj: Any = None) -> bool:
    """Closes an open incident of its own commune (with the after-action account)."""
    return can_update(user, obj)


def can_mark_read(user: Any, obj: Any = None) -> bool:
    """The province (any of its roles: reading is what marks a report read) for a report of
    one of its communes. `obj`: a situation report."""
    scope = scope_of(user)
    if scope is None or scope.level != PROVINCE:
        return False
    return obj is None or getattr(obj, "province_id", None) == scope.province_id
