"""The life cycle of findings and corrective actions, as pure functions (no ORM): which
transitions an action allows, what a finding's state is given its actions, when an action is
overdue or due soon. The services ask these before they write; the pages and the API show
what they answer.

A corrective action goes open → answered (the owner commune gives what it did and the evidence)
→ verified (the inspector accepts it); or answered → returned (the inspector refuses it, with a
reason) → answered again. A verified action never changes again.

A finding is open while it has no action, or some action is not verified; corrected when every
action is verified; closed without action when the inspector closed it (with a reason), which
is only possible while it has no action at all (an action, once given, is carried out and
verified: the finding is then corrected)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

# the states, as stored (models.ActionState / models.FindingState)
OPEN = "open"
ANSWERED = "answered"
RETURNED = "returned"
VERIFIED = "verified"

FINDING_OPEN = "open"
FINDING_CORRECTED = "corrected"
FINDING_CLOSED = "closed"

#: an action due within this many days (today included) is "due soon" on the commune's to-do
DUE_SOON_DAYS = 14

#: the action states the owner commune may answer from
ANSWERABLE = frozenset({OPEN, RETURNED})
#: the action states waiting for the owner commune (its to-do)
AWAITING_COMMUNE = ANSWERABLE
#: the action states the inspector may verify or return
DECIDABLE = frozenset({ANSWERED})

#: (from, to) pairs of the action's life cycle
TRANSITIONS = frozenset(
    {
        (OPEN, ANSWERED),
        (RETURNED, ANSWERED),
        (ANSWERED, VERIFIED),
        (ANSWERED, RETURNED),
    }
)


def may_move(state: str, to: str) -> bool:
    """Whether an action in `state` may move to `to`."""
    return (state, to) in TRANSITIONS


def may_answer(state: str) -> bool:
    return may_move(state, ANSWERED)


def may_verify(state: str) -> bool:
    return may_move(state, VERIFIED)


def may_return(state: str) -> bool:
    return may_move(state, RETURNED)


def finding_state(closed: bool, action_states: Iterable[str]) -> str:
    """A finding's state: closed without action when the inspector closed it; corrected when it
    has actions and every one is verified; open otherwise (no action yet, or some not done)."""
    if closed:
        return FINDING_CLOSED
    states = list(action_states)
    if states and all(state == VERIFIED for state in states):
        return FINDING_CORRECTED
    return FINDING_OPEN


def may_add_action(finding_state_now: str) -> bool:
    """Actions are given on an open finding (not on a corrected or closed one)."""
    return finding_state_now == FINDING_OPEN


def may_close(finding_state_now: str, action_states: Iterable[str]) -> bool:
    """An open finding without any action may be closed without action."""
    return finding_state_now == FINDING_OPEN and not list(action_states)


def is_overdue(due_on: datetime.date, state: str, today: datetime.date) -> bool:
    """Past its due date (before today) and not verified."""
    return due_on < today and state != VERIFIED


def is_due_soon(due_on: datetime.date, state: str, today: datetime.date) -> bool:
    """Not overdue, waiting for the commune, and due within `DUE_SOON_DAYS` from today."""
    return state in AWAITING_COMMUNE and today <= due_on < today + datetime.timedelta(
        days=DUE_SOON_DAYS
    )


def due_soon_until(today: datetime.date) -> datetime.date:
    """The first day no longer "due soon" (exclusive end of the window)."""
    return today + datetime.timedelta(days=DUE_SOON_DAYS)


def days_overdue(due_on: datetime.date, today: datetime.date) -> int:
    return max((today - due_on).days, 0)


def ends_before_start(starts_on: datetime.date | None, ends_on: datetime.date | None) -> bool:
    return bool(starts_on and ends_on and ends_on < starts_on)
