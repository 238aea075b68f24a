"""Who may do what with lessons learned, effective models and their replications, read from the
user's scope and its write grants (never from the role name). Page buttons, API routes and the
services ask these functions.

- The province's staff and its inspector (grant "lessons") record the province's lessons and
  models, and where a model was taken up and with what result.
- The province's communes read its lessons and models (to copy what works) and each its own
  replications; they change none.
- The Ministry reads every province's, changes nothing.
"""

from __future__ import annotations

from typing import Any

from garrison.oversight.reviews.permissions import writes_lessons_of

__all__ = ["can_record_replication", "can_write_lesson"]


def can_write_lesson(user: Any, obj: Any = None) -> bool:
    """Records or edits a lesson or model of its province (`obj`: the lesson, or None)."""
    return writes_lessons_of(user, obj)


def can_record_replication(user: Any, obj: Any = None) -> bool:
    """Records where a model of its province was taken up, or the result since (`obj`: the
    lesson or the replication, or None)."""
    return writes_lessons_of(user, obj)
