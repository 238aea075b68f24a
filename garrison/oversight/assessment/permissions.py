"""Who may do what with the results-based assessment, read from the user's scope (never from
the role name). The page buttons, the API routes and the services' guards all ask these.

- The province's writing staff set the year's criteria (targets and weights), compute a run
  and approve it; the nation's writing roles may too, for any province. Nobody else: the
  inspector reads, the assessed commune reads its own scores, the Ministry reads.
- No figure is typed by anyone: scores and figures are written by the compute service only.
- Everybody reads what their scope covers (the communes: their own scores and figures, their
  province's runs and criteria); the provinces compared is the Ministry's page; a commune's
  own scorecard is a commune user's menu entry.
"""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import COMMUNE, NATION, PROVINCE, PROVINCE_WRITES, scope_of, writes_at

__all__ = [
    "can_approve_run",
    "can_compute_run",
    "can_set_criteria",
    "can_view_our_scorecard",
    "can_view_provinces_compared",
    "can_view_ranking",
]


def _for_province(user: Any, province_id: int | None) -> bool:
    """Whether the user's scope reaches the province (None: any province)."""
    scope = scope_of(user)
    if scope is None:
        return False
    if province_id is None or scope.level == NATION:
        return True
    return scope.province_id == province_id


def _province_of(obj: Any) -> int | None:
    if obj is None:
        return None
    return getattr(obj, "province_id", None) or getattr(obj, "pk", None)


def can_set_criteria(user: Any, obj: Any = None) -> bool:
    """Sets the targets and weights of a year. `obj`: a criterion or a province."""
    return writes_at(user, PROVINCE_WRITES) and _for_province(user, _province_of(obj))


def can_compute_run(user: Any, obj: Any = None) -> bool:
    """Computes (or re-computes, while a draft) a run. `obj`: a run or a province."""
    return writes_at(user, PROVINCE_WRITES) and _for_province(user, _province_of(obj))


def can_approve_run(user: Any, obj: Any = None) -> bool:
    """Approves a draft run, freezing it. `obj`: the run."""
    return writes_at(user, PROVINCE_WRITES) and _for_province(user, _province_of(obj))


def can_view_ranking(user: Any, obj: Any = None) -> bool:
    """The province's ranking and trend pages are the province's and the Ministry's (a commune
    sees its own scorecard instead)."""
    scope = scope_of(user)
    return scope is not None and scope.level in (NATION, PROVINCE)


def can_view_provinces_compared(user: Any, obj: Any = None) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.level == NATION


def can_view_our_scorecard(user: Any, obj: Any = None) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.level == COMMUNE
