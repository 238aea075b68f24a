"""Mass-mobilisation policy as pure functions (no ORM): what a programme's period must be, what
help given under it must hold, and who was helped more than once.

Interpretations taken (to confirm with the provincial command's political section):
- help given on a day outside the programme's period (before it starts or after it ends) is
  REFUSED, not flagged: the programme's period is what its budget and its report cover, and
  help given outside it belongs to another programme (or to the commune's ordinary work). The
  message names the period so the user either corrects the date or chooses the right programme;
- help given in the future is refused (core's date bounds): the register records what was given;
- money is counted once per handing over: its quantity is 1 and its value is the sum handed over;
- gifts, money and houses built or repaired have a value (a house without a value could not be
  accounted for in the programme's report); work days may be valued 0 (labour given by the
  militia, when the programme does not price it);
- a person (for a family, its head) helped twice in one programme is FLAGGED, never refused:
  a poor family may rightly receive a gift and later a house repaired; the page and the API
  name the earlier help (what and when) so that a mistaken double entry is seen and put right.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

GIFT, MONEY, WORK_DAYS, HOUSE_BUILT, HOUSE_REPAIRED = (
    "gift",
    "money",
    "work_days",
    "house_built",
    "house_repaired",
)
#: kinds whose value must be more than 0
VALUED = frozenset({GIFT, MONEY, HOUSE_BUILT, HOUSE_REPAIRED})
HOUSES = frozenset({HOUSE_BUILT, HOUSE_REPAIRED})


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def period_errors(starts_on: datetime.date | None, ends_on: datetime.date | None) -> dict:
    """{field: message} when a programme's period is impossible (ends before it starts)."""
    if starts_on and ends_on and ends_on < starts_on:
        return {
            "ends_on": _(
                "The programme cannot end (%(end)s) before it starts (%(start)s): check the "
                "two dates."
            )
            % {"end": _day(ends_on), "start": _day(starts_on)}
        }
    return {}


def outside_period(
    starts_on: datetime.date, ends_on: datetime.date, given_on: datetime.date
) -> str | None:
    """Why help given on `given_on` is refused under a programme running from `starts_on` to
    `ends_on` (both included), or None when the day lies in the period."""
    if starts_on <= given_on <= ends_on:
        return None
    return _(
        "Help given on %(day)s is outside the programme's period (%(start)s – %(end)s): correct "
        "the date, or record it under the programme that was running that day."
    ) % {"day": _day(given_on), "start": _day(starts_on), "end": _day(ends_on)}


def amount_errors(kind: str, quantity: int | None, value_vnd: int | None) -> dict[str, str]:
    """{field: message} for a quantity or value that does not fit what was given."""
    errors: dict[str, str] = {}
    if quantity is not None and quantity < 1:
        errors["quantity"] = _("The quantity is at least 1.")
    if kind == MONEY and quantity not in (None, 1):
        errors["quantity"] = _(
            "Money is recorded once per handing over: the quantity is 1 and the value is the "
            "sum handed over (e.g. 1.200.000)."
        )
    if kind in HOUSES and not value_vnd:
        errors["value_vnd"] = _(
            "A house built or repaired needs its value in VND (e.g. 50.000.000): the programme's "
            "report accounts for it."
        )
    elif kind in VALUED and not value_vnd:
        errors["value_vnd"] = _("Give the value in VND (e.g. 500.000).")
    if value_vnd is not None and value_vnd < 0:
        errors["value_vnd"] = _("The value cannot be negative.")
    return errors


def helped_more_than_once(rows: Iterable[tuple[Any, Any]]) -> set[tuple[Any, Any]]:
    """Of (programme, person) pairs, one per help given, those that occur more than once."""
    seen: set[tuple[Any, Any]] = set()
    twice: set[tuple[Any, Any]] = set()
    for pair in rows:
        (twice if pair in seen else seen).add(pair)
    return twice
