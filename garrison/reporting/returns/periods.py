"""Reporting periods as pure values (no ORM): a form's period type turns a date into the period
it falls in, each period has a stable key ("2026-10", "2026-Q4", "2026-H2", "2026-W45", "2026"),
a first and last day, and a label in the user's language.

Interpretations taken:
- weeks are ISO weeks (Monday to Sunday), keyed by their ISO year ("2026-W01" may start in
  December 2025);
- an event form has one period, given by the form's own first and last day, keyed "event";
- a report is due a number of days after its period's last day (the form says how many).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from garrison.core.formatting import format_period

WEEK = "week"
MONTH = "month"
QUARTER = "quarter"
HALF_YEAR = "half_year"
YEAR = "year"
EVENT = "event"
PERIOD_TYPES = (WEEK, MONTH, QUARTER, HALF_YEAR, YEAR, EVENT)


@dataclass(frozen=True)
class Period:
    kind: str
    key: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """The period as a reader names it: "Tháng 11/2026", "Quý 4/2026", "Năm 2026"
        ("November 2026" in English)."""
        return format_period(self.kind, self.start, self.end)

    def __str__(self) -> str:
        return self.label

    def due_on(self, due_days: int) -> datetime.date:
        return self.end + datetime.timedelta(days=due_days)


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def period_containing(
    kind: str,
    day: datetime.date,
    event: tuple[datetime.date, datetime.date] | None = None,
) -> Period:
    """The period of type `kind` that `day` falls in (for an event: the event's own days)."""
    if kind == MONTH:
        return Period(
            kind, f"{day.year}-{day.month:02d}", day.replace(day=1), _month_end(day.year, day.month)
        )
    if kind == QUARTER:
        q = (day.month - 1) // 3
        first = datetime.date(day.year, 3 * q + 1, 1)
        return Period(kind, f"{day.year}-Q{q + 1}", first, _month_end(day.year, 3 * q + 3))
    if kind == HALF_YEAR:
        h = 0 if day.month <= 6 else 1
        first = datetime.date(day.year, 6 * h + 1, 1)
        return Period(kind, f"{day.year}-H{h + 1}", first, _month_end(day.year, 6 * h + 6))
    if kind == YEAR:
        return Period(
            kind, str(day.year), datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
        )
    if kind == WEEK:
        iso = day.isocalendar()
        monday = day - datetime.timedelta(days=day.weekday())
        return Period(
            kind, f"{iso.year}-W{iso.week:02d}", monday, monday + datetime.timedelta(days=6)
        )
    if kind == EVENT:
        if event is None or event[0] is None or event[1] is None:
            raise ValueError("an event form needs its first and last day")
        return Period(kind, "event", event[0], event[1])
    raise ValueError(f"unknown period type {kind!r}")


def parse_key(
    kind: str, key: str, event: tuple[datetime.date, datetime.date] | None = None
) -> Period:
    """The period named by `key` ("2026-10", "2026-Q4", "2026-H2", "2026-W45", "2026",
    "event"); ValueError when the key does not name a period of that type."""
    key = (key or "").strip().upper()
    try:
        if kind == EVENT:
            if key != "EVENT":
                raise ValueError
            return period_containing(EVENT, datetime.date.today(), event)
        if kind == MONTH:
            year, month = key.split("-")
            return period_containing(MONTH, datetime.date(int(year), int(month), 1))
        if kind == QUARTER:
            year, q = key.split("-Q")
            if not 1 <= int(q) <= 4:
                raise ValueError
            return period_containing(QUARTER, datetime.date(int(year), 3 * int(q) - 2, 1))
        if kind == HALF_YEAR:
            year, h = key.split("-H")
            if int(h) not in (1, 2):
                raise ValueError
            return period_containing(HALF_YEAR, datetime.date(int(year), 6 * int(h) - 5, 1))
        if kind == YEAR:
            return period_containing(YEAR, datetime.date(int(key), 1, 1))
        if kind == WEEK:
            year, week = key.split("-W")
            return period_containing(WEEK, datetime.date.fromisocalendar(int(year), int(week), 1))
    except (ValueError, TypeError):
        pass
    raise ValueError(key)


_TYPED = [
    # what a user types for a period → its key: "11/2026", "tháng 11/2026", "T11/2026"
    (re.compile(r"(?:th[aá]ng|t|month)?\s*(\d{1,2})\s*[/.-]\s*(\d{4})"), "{1}-{0:0>2}"),
    # "quý 4/2026", "Q4/2026", "Q4 2026"
    (re.compile(r"(?:qu[yý]|q|quarter)\s*([1-4])\s*[/ .-]\s*(\d{4})"), "{1}-Q{0}"),
    # "năm 2026", "year 2026"
    (re.compile(r"(?:n[aă]m|year)\s*(\d{4})"), "{0}"),
]


def key_from_text(text: str) -> str:
    """The key of the period a user typed the way periods are shown ("Tháng 11/2026" or
    "11/2026" → "2026-11", "Quý 4/2026" → "2026-Q4", "Năm 2026" → "2026"); a key ("2026-11")
    or anything else is given back upper-cased, as keys are written."""
    typed = " ".join((text or "").split()).lower()
    if typed == "event":
        return "event"
    for pattern, key in _TYPED:
        match = pattern.fullmatch(typed)
        if match:
            return key.format(*match.groups())
    return typed.upper()


KEY_EXAMPLES = {
    WEEK: "2026-W45",
    MONTH: "2026-10",
    QUARTER: "2026-Q4",
    HALF_YEAR: "2026-H2",
    YEAR: "2026",
    EVENT: "event",
}


def previous(period: Period, event=None) -> Period | None:
    """The period before `period` (None for an event)."""
    if period.kind == EVENT:
        return None
    return period_containing(period.kind, period.start - datetime.timedelta(days=1), event)


def periods_between(kind: str, first: datetime.date, last: datetime.date) -> list[Period]:
    """Every period of type `kind` that overlaps first..last, in order."""
    if kind == EVENT:
        raise ValueError("an event form has a single period")
    periods = []
    current = period_containing(kind, first)
    while current.start <= last:
        periods.append(current)
        current = period_containing(kind, current.end + datetime.timedelta(days=1))
    return periods


def is_expected(established_on: datetime.date | None, period: Period) -> bool:
    """Whether a commune command must report for `period`: only when it existed by the
    period's last day (a command established or reorganised later could not have reported).
    A command with no recorded establishment date is expected (it predates the records)."""
    return established_on is None or established_on <= period.end
