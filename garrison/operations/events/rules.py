"""Readiness events and plans as pure functions (no ORM): which plan states allow what, when a
plan is late, and which files may be attached as the signed plan.

Interpretations taken:
- a commune is *late* with its plan when the plan is neither submitted nor approved and today
  is after the plan's due date (the due date itself is still in time); a returned plan is late
  again once the due date has passed until it is submitted anew;
- a plan is edited by its commune while it is a draft or returned; submitted and approved plans
  are frozen (the province returns a submitted plan to have it corrected).
"""

from __future__ import annotations

import datetime

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"

#: the states in which the commune edits its plan and may submit it
EDITABLE_STATES = frozenset({DRAFT, RETURNED})

#: the largest signed document accepted
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

#: the signed document's allowed extensions and the first bytes such a file starts with
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def document_problem(name: str, size: int, head: bytes) -> str | None:
    """Why a file cannot be the signed plan, or None: "type", "empty", "size", "content"."""
    ext = extension(name)
    if ext not in DOCUMENT_TYPES:
        return "type"
    if size <= 0:
        return "empty"
    if size > MAX_DOCUMENT_BYTES:
        return "size"
    if not any(head.startswith(magic) for magic in DOCUMENT_TYPES[ext]):
        return "content"
    return None


def plan_is_editable(status: str) -> bool:
    return status in EDITABLE_STATES


def plan_can_be_submitted(status: str) -> bool:
    return status in EDITABLE_STATES


def plan_can_be_decided(status: str) -> bool:
    return status == SUBMITTED


def plan_is_late(status: str | None, due_on: datetime.date, today: datetime.date) -> bool:
    """`status` None: the commune has no plan."""
    return status not in (SUBMITTED, APPROVED) and today > due_on


def plan_due_problem(
    plan_due_on: datetime.date, starts_on: datetime.date, ends_on: datetime.date
) -> str | None:
    """ "after_end" when plans would be due after the event has ended."""
    if plan_due_on > ends_on:
        return "after_end"
    return None
