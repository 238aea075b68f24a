"""Directive policy as pure functions (no ORM): lateness, and which files may be attached.

Interpretations taken:
- a receipt is *overdue* when it is not completed and today is after its due date (the due
  date itself is still in time);
- a completion is *late* when its date (Asia/Ho_Chi_Minh) is after the due date; the days late
  are counted in calendar days from the due date;
- acknowledgement has no deadline of its own: an unacknowledged receipt is overdue on the same
  terms as an uncompleted one (it cannot be completed without being acknowledged).
"""

from __future__ import annotations

import datetime

#: the largest attachment accepted (each file)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: how many files one upload may carry
MAX_ATTACHMENTS = 10

#: allowed extensions and the first bytes every such file starts with
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def attachment_problem(name: str, size: int, head: bytes) -> str | None:
    """Why a file cannot be attached, or None: "type" (not an allowed extension), "content"
    (the bytes are not what the extension says), "size" (over the limit), "empty"."""
    ext = extension(name)
    if ext not in ALLOWED_TYPES:
        return "type"
    if size <= 0:
        return "empty"
    if size > MAX_ATTACHMENT_BYTES:
        return "size"
    if not any(head.startswith(magic) for magic in ALLOWED_TYPES[ext]):
        return "content"
    return None


def days_late(
    due_on: datetime.date, completed_on: datetime.date | None, today: datetime.date
) -> int:
    """Calendar days past the due date: of the completion, or (not completed) of today."""
    end = completed_on or today
    return max(0, (end - due_on).days)


def is_overdue(due_on: datetime.date, completed_on: datetime.date | None, today: datetime.date):
    return completed_on is None and today > due_on


def is_late(due_on: datetime.date, completed_on: datetime.date | None) -> bool:
    return completed_on is not None and completed_on > due_on
