"""The rules of interim and overall reviews as pure functions (no ORM): what a review must name
and when it may be held, and how a figure of the registers reads for the whole province.

Interpretations taken (to confirm with the provincial command's inspection section):
- a review names what it reviews and nothing else: a programme review names its programme, a
  review of a readiness event its event, a review of a period neither (a second choice would
  print under the wrong heading in the report);
- the period ends on or after the day it starts, and the review is held on or after the first
  day of the period it reviews (an interim review is often held before the period ends);
- a figure the review quotes is the sum over the province's communes (people, works, VND) as
  the registers stood on the review date; a rate per commune (in per cent) cannot be summed:
  the province's figure is then the mean of its communes' rates, and says so.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

PERIOD, PROGRAMME, EVENT = "period", "programme", "event"
#: the units (read in English) of a figure that is a rate, not a count
RATE_UNITS = frozenset({"per cent", "percent", "%"})
CENT = Decimal("0.01")


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def subject_errors(subject: str, has_programme: bool, has_event: bool) -> dict[str, str]:
    """{field: message} when the programme or event chosen does not fit what is reviewed."""
    errors: dict[str, str] = {}
    if subject == PROGRAMME and not has_programme:
        errors["programme"] = _("A programme review names its programme: choose it.")
    if subject == EVENT and not has_event:
        errors["event"] = _("A review of a readiness event names the event: choose it.")
    if subject != PROGRAMME and has_programme:
        errors["programme"] = _(
            "Only a programme review names a programme: clear it, or choose “a programme” as "
            "what is reviewed."
        )
    if subject != EVENT and has_event:
        errors["event"] = _(
            "Only a review of a readiness event names an event: clear it, or choose “a "
            "readiness event” as what is reviewed."
        )
    return errors


def period_errors(
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    held_on: datetime.date | None,
) -> dict[str, str]:
    """{field: message} when the period is impossible or the review is held before it."""
    errors: dict[str, str] = {}
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = _(
            "The period cannot end (%(end)s) before it starts (%(start)s): check the two dates."
        ) % {"end": _day(period_end), "start": _day(period_start)}
    if period_start and held_on and held_on < period_start:
        errors["held_on"] = _(
            "The review (%(held)s) cannot be held before the period it reviews starts "
            "(%(start)s): check the review date and the period."
        ) % {"held": _day(held_on), "start": _day(period_start)}
    return errors


def is_rate(unit: str) -> bool:
    """Whether a figure in `unit` (its English name) is a rate, which is averaged, not summed."""
    return unit.strip().lower() in RATE_UNITS


def province_figure(values: Iterable[int | float | Decimal], *, rate: bool) -> Decimal:
    """The province's figure from its communes' `values`: their sum, or for a rate their mean
    (0 without communes); to the hundredth, half up."""
    numbers = [Decimal(str(value)) for value in values]
    total = sum(numbers, Decimal(0))
    if rate:
        total = total / len(numbers) if numbers else Decimal(0)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)
