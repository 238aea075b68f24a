"""Patrol policy as pure functions (no ORM): the hours of a patrol, whether it has been held,
whether two patrols overlap, whether an event reaches the patrol, and a week's figure against
its target.

Interpretations taken:
- a patrol whose end is before its start runs past midnight and ends the next morning; equal
  hours are no patrol at all and are refused;
- a patrol is *held* once its end has passed: before that it cannot be recorded as done;
- two patrols overlap when one starts before the other ends (touching ends do not overlap:
  one may hand over to the next at 22:00);
- a patrol belongs to an event only when the event is declared, reaches the patrol's commune and
  its period covers the patrol's day;
- a commune is *below target* in a week that has ended (or in the event's last, partial week
  once the event has ended) when it has done fewer patrols than the target per week.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """When a patrol runs, as local wall-clock times (the commune's, Asia/Ho_Chi_Minh)."""

    start: datetime.datetime
    end: datetime.datetime

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def runs_past_midnight(starts_at: datetime.time, ends_at: datetime.time) -> bool:
    return ends_at < starts_at


def hours_problem(starts_at: datetime.time | None, ends_at: datetime.time | None) -> str | None:
    """ "same" when the patrol would end when it starts, else None."""
    if starts_at is not None and ends_at is not None and starts_at == ends_at:
        return "same"
    return None


def span(
    day: datetime.date, starts_at: datetime.time, ends_at: datetime.time, tzinfo: datetime.tzinfo
) -> Span:
    """The patrol's start and end (the end on the next day when it runs past midnight)."""
    start = datetime.datetime.combine(day, starts_at, tzinfo=tzinfo)
    end_day = day + datetime.timedelta(days=1) if runs_past_midnight(starts_at, ends_at) else day
    return Span(start, datetime.datetime.combine(end_day, ends_at, tzinfo=tzinfo))


def not_yet_held(patrol_span: Span, now: datetime.datetime) -> bool:
    """Whether the patrol has not ended yet at `now` (it cannot be recorded as done)."""
    return patrol_span.end > now


def event_problem(
    *,
    declared: bool,
    reaches_commune: bool,
    starts_on: datetime.date,
    ends_on: datetime.date,
    day: datetime.date,
) -> str | None:
    """Why a patrol of `day` cannot count for an event: "not_declared", "not_reached",
    "outside" (the day is outside the event's period), or None."""
    if not declared:
        return "not_declared"
    if not reaches_commune:
        return "not_reached"
    if not starts_on <= day <= ends_on:
        return "outside"
    return None


def event_weeks(
    starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> list[tuple[datetime.date, datetime.date, datetime.date]]:
    """The weeks of an event's period so far: (Monday, first day counted, last day counted),
    the first and last days clipped to the period (and the last week to today)."""
    last = min(ends_on, today)
    weeks = []
    monday = starts_on - datetime.timedelta(days=starts_on.weekday())
    while monday <= last:
        sunday = monday + datetime.timedelta(days=6)
        weeks.append((monday, max(monday, starts_on), min(sunday, ends_on)))
        monday += datetime.timedelta(days=7)
    return weeks


def week_is_over(last_day: datetime.date, today: datetime.date) -> bool:
    """Whether a week (clipped to the event) is over and its figure final."""
    return last_day < today


def below_target(done: int, target: int, over: bool) -> bool:
    """A week that is over with fewer patrols done than the target."""
    return over and target > 0 and done < target


# --- the signed document of a coordination plan ------------------------------------------------
#: the largest signed document accepted (as a directive's attachment)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

#: allowed extensions and the first bytes every such file starts with
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def document_problem(name: str, size: int, head: bytes) -> str | None:
    """Why a file cannot be the signed document, or None: "type" (not an allowed extension),
    "empty", "size" (over the limit), "content" (the bytes are not what the name says)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in DOCUMENT_TYPES:
        return "type"
    if size <= 0:
        return "empty"
    if size > MAX_DOCUMENT_BYTES:
        return "size"
    if not any(head.startswith(magic) for magic in DOCUMENT_TYPES[ext]):
        return "content"
    return None
