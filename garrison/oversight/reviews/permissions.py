"""Who may do what with interim and overall reviews, read from the user's scope and its write
grants (never from the role name). Page buttons, API routes and the services ask these.

- The province's staff and its inspector (grant "lessons") record the province's reviews, quote
  the registers' figures in them and draw their lessons.
- The province's communes and the Ministry read them (and their report as PDF).
"""

from __future__ import annotations

from typing import Any

from garrison.accounts.rules import Grant
from garrison.core.scoping import PROVINCE, scope_of, writes_at

__all__ = ["can_quote_figures", "can_write_review", "writes_lessons_of"]


def writes_lessons_of(user: Any, obj: Any = None) -> bool:
    """Whether `user` holds the grant "lessons" at the province, and `obj` (a review, a lesson,
    a replication: anything with a `province_id`), if given, is of their province."""
    if not writes_at(user, {PROVINCE}, Grant.LESSONS):
        return False
    scope = scope_of(user)
    return obj is None or (scope is not None and obj.province_id == scope.province_id)


def can_write_review(user: Any, obj: Any = None) -> bool:
    """Records or edits a review of its province (`obj`: the review, or None)."""
    return writes_lessons_of(user, obj)


def can_quote_figures(user: Any, obj: Any = None) -> bool:
    """Quotes (again) the registers' figures in a review of its province."""
    return writes_lessons_of(user, obj)
