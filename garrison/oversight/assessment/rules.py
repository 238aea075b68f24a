"""The arithmetic of the results-based assessment, as pure functions (no ORM).

- A measure's value is numerator / denominator × 100 for a rate, else the numerator (a count),
  rounded to 2 decimals (ROUND_HALF_UP on Decimal).
- A rate whose denominator is zero does not apply to that commune: it is shown as "not
  applicable", earns no points and its weight is not counted (the commune is not assessed on
  what it had nothing of: no reservists, no directive due).
- attainment = min(value / target, 1); points = weight × attainment (2 decimals).
- score = 100 × Σ points / Σ weights counted, 2 decimals, ROUND_HALF_UP: 0 to 100. A commune to
  which no measure applies scores 0 (with 0 weight counted).
- rank: competition ranking ("1, 2, 2, 4") by score, highest first; communes of equal score
  share a rank and are listed by name, the Vietnamese way.
- period: a whole year is assessed as of 31 December, or today while the year runs; the first
  half-year as of 30 June; the second as of 31 December (each no later than today). The
  indicators count what fell due "from 1 January to the day": a half-year's figures are the
  year's up to the half-year's last day (the second half-year's therefore the whole year's).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from garrison.core.text import word_key

YEAR, FIRST_HALF, SECOND_HALF = "year", "h1", "h2"
PERIODS = (YEAR, FIRST_HALF, SECOND_HALF)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def as_decimal(value: int | float | Decimal | None) -> Decimal:
    """A figure from an indicator (int, float or Decimal) as a Decimal (None reads 0)."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


# --- periods ------------------------------------------------------------------------------------
def period_bounds(year: int, period: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period."""
    if period == FIRST_HALF:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if period == SECOND_HALF:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    if period == YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise ValueError(f"unknown period {period!r}")


def period_as_of(year: int, period: str, today: datetime.date) -> datetime.date:
    """The day a run of the period reads the registers on: its last day, or today while it
    runs (a period that has not begun has no day yet: ValueError)."""
    start, end = period_bounds(year, period)
    if today < start:
        raise ValueError("the period has not begun")
    return min(end, today)


def as_of_problem(year: int, period: str, as_of: datetime.date, today: datetime.date) -> str:
    """What is wrong with reading the period on `as_of` ("" when nothing): "future" (after
    today), "outside" (not a day of the period's year up to its last day)."""
    start, end = period_bounds(year, period)
    if as_of > today:
        return "future"
    if as_of.year != year or as_of > end or as_of < start:
        return "outside"
    return ""


# --- one figure ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Criterion:
    """What a measure is held to in a run: target (in the measure's unit) and weight."""

    measure: str
    target: Decimal
    weight: int


@dataclass(frozen=True)
class Figure:
    measure: str
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None  # None: the measure does not apply
    target: Decimal
    weight: int
    points: Decimal | None

    @property
    def applies(self) -> bool:
        return self.value is not None


def figure_value(numerator: Decimal, denominator: Decimal | None, is_rate: bool) -> Decimal | None:
    """numerator / denominator × 100 for a rate (None when the denominator is zero), else the
    numerator; 2 decimals."""
    if not is_rate:
        return quantize(numerator)
    if denominator is None or denominator == 0:
        return None
    return quantize(numerator * HUNDRED / denominator)


def attainment(value: Decimal, target: Decimal) -> Decimal:
    """How much of the target the value reaches, at most all of it (0 to 1). A target of 0
    or less is always reached."""
    if target <= 0:
        return Decimal(1)
    return min(max(value, ZERO) / target, Decimal(1))


def points(weight: int, value: Decimal | None, target: Decimal) -> Decimal | None:
    if value is None:
        return None
    return quantize(weight * attainment(value, target))


def figure(
    criterion: Criterion,
    numerator: int | float | Decimal | None,
    denominator: int | float | Decimal | None,
    is_rate: bool,
) -> Figure:
    top = as_decimal(numerator)
    bottom = as_decimal(denominator) if is_rate else None
    value = figure_value(top, bottom, is_rate)
    return Figure(
        measure=criterion.measure,
        numerator=quantize(top),
        denominator=quantize(bottom) if bottom is not None else None,
        value=value,
        target=criterion.target,
        weight=criterion.weight,
        points=points(criterion.weight, value, criterion.target),
    )


# --- a commune's score --------------------------------------------------------------------------
def score(figures: Iterable[Figure]) -> tuple[Decimal, int]:
    """(score 0–100, weight counted) of one commune's figures."""
    counted = [f for f in figures if f.applies]
    weights = sum(f.weight for f in counted)
    if not weights:
        return quantize(ZERO), 0
    earned = sum((f.points or ZERO for f in counted), ZERO)
    return quantize(HUNDRED * earned / weights), weights


# --- ranks --------------------------------------------------------------------------------------
def place_key(name: str) -> str:
    """The key that sorts place names the Vietnamese way, word by word ("Xã Ẳng Nưa" after
    "Xã An Bình")."""
    return "".join(word_key(word) for word in name.split())


def ranking(rows: Sequence[tuple[int, str, Decimal]]) -> list[tuple[int, int]]:
    """[(key, rank)] of (key, name, score) rows, in the order they are listed: score highest
    first, ties by name; competition ranking (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda row: (-row[2], place_key(row[1]), row[0]))
    ranks: list[tuple[int, int]] = []
    previous: Decimal | None = None
    rank = 0
    for position, (key, _name, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks.append((key, rank))
    return ranks


def spread(scores: Sequence[Decimal]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(mean, lowest, highest) of a province's scores (None when it has none)."""
    if not scores:
        return None, None, None
    mean = quantize(sum(scores, ZERO) / len(scores))
    return mean, min(scores), max(scores)
