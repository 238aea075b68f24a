"""How figures, ratios and periods are shown to a reader, in the active language. The one place
pages, charts, messages and PDFs take their wording from (the template filters of
`core.templatetags.garrison` call these; no page formats a number or a period by itself).

- `format_count(2383)`: "2.383" in Vietnamese, "2,383" in English (thousands grouped);
- `format_decimal(0.5)`: "0,5" / "0.5", at most `digits` decimals, trailing zeros dropped;
- `format_percent(2 / 3)`: a ratio as a percentage, "66,7%" / "66.7%";
- `format_percentage(93.33)`: a figure already in per cent, "93,3%";
- `format_period(kind, start, end)`: "Tháng 11/2026", "Quý 4/2026", "Năm 2026" in Vietnamese,
  "November 2026", "Q4 2026", "Year 2026" in English.

What a user *types* is read by `core.numbers` (`parse_number`), and shown back in an input by
`core.numbers.format_number`, which never groups thousands (so it reads back the same).
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

EMPTY = "—"

MONTH_NAMES = {
    1: pgettext_lazy("month of a period", "January"),
    2: pgettext_lazy("month of a period", "February"),
    3: pgettext_lazy("month of a period", "March"),
    4: pgettext_lazy("month of a period", "April"),
    5: pgettext_lazy("month of a period", "May"),
    6: pgettext_lazy("month of a period", "June"),
    7: pgettext_lazy("month of a period", "July"),
    8: pgettext_lazy("month of a period", "August"),
    9: pgettext_lazy("month of a period", "September"),
    10: pgettext_lazy("month of a period", "October"),
    11: pgettext_lazy("month of a period", "November"),
    12: pgettext_lazy("month of a period", "December"),
}


def _number(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
    except (ArithmeticError, ValueError, TypeError):
        try:
            number = Decimal(str(value))
        except (ArithmeticError, ValueError, TypeError):
            return None
    return number if number.is_finite() else None


def format_decimal(value: Any, digits: int = 1, grouping: bool = True) -> str:
    """`value` rounded to at most `digits` decimals (trailing zeros dropped), the language's
    decimal mark, thousands grouped: "1.234,5" in Vietnamese. None → "—"."""
    number = _number(value)
    if number is None:
        return EMPTY
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    else:
        rounded = rounded.normalize()
    if rounded == 0:
        rounded = Decimal(0)  # no "-0"
    return str(formats.number_format(rounded, use_l10n=True, force_grouping=grouping))


def format_count(value: Any) -> str:
    """A whole number with its thousands grouped: "2.383" in Vietnamese, "2,383" in English."""
    return format_decimal(value, digits=0)


def format_percentage(value: Any, digits: int = 1) -> str:
    """A figure already in per cent (93.333…) as "93,3%"."""
    text = format_decimal(value, digits=digits)
    return text if text == EMPTY else f"{text}%"


def format_percent(value: Any, digits: int = 1) -> str:
    """A ratio (2/3) as a percentage: "66,7%" in Vietnamese, "66.7%" in English."""
    number = _number(value)
    return EMPTY if number is None else format_percentage(number * 100, digits=digits)


def format_period(kind: str, start: datetime.date, end: datetime.date) -> str:
    """A reporting period as a reader names it. `kind` is one of the period types of
    `reporting.returns.periods` ("week", "month", "quarter", "half_year", "year", "event")."""
    if kind == "month":
        return _("%(month_name)s %(year)d") % {
            "month_name": MONTH_NAMES[start.month],
            "year": start.year,
        }
    if kind == "quarter":
        return _("Q%(quarter)d %(year)d") % {
            "quarter": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    if kind == "half_year":
        if start.month == 1:
            return _("first half of %(year)d") % {"year": start.year}
        return _("second half of %(year)d") % {"year": start.year}
    if kind == "year":
        return _("Year %(year)d") % {"year": start.year}
    if kind == "week":
        iso = start.isocalendar()
        return _("Week %(week)d/%(year)d (%(start)s–%(end)s)") % {
            "week": iso.week,
            "year": iso.year,
            "start": formats.date_format(start, "d/m"),
            "end": formats.date_format(end, "d/m"),
        }
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
    }


def format_date(value: datetime.date | None) -> str:
    """A day as dd/mm/yyyy (the language's short date format); None → "—"."""
    if value is None:
        return EMPTY
    return str(formats.date_format(value, "SHORT_DATE_FORMAT"))


_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")


def format_when(value: Any) -> str:
    """A day or a month however a law engine gives it: a date or "2026-11-05" → "05/11/2026";
    a month "2026-04" → "Tháng 04/2026"; anything else as it is."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.date):
        return format_date(value)
    text = str(value)
    month = _ISO_MONTH.fullmatch(text)
    if month and 1 <= int(month[2]) <= 12:
        first = datetime.date(int(month[1]), int(month[2]), 1)
        return format_period("month", first, first)
    try:
        return format_date(datetime.date.fromisoformat(text))
    except ValueError:
        return text


class Ratio(float):
    """A ratio a page shows as a percentage ("66,7%") while exports keep the plain fraction:
    `display` and list columns render it with `format_percent`."""

    @classmethod
    def of(cls, value: float | None) -> Ratio | None:
        return None if value is None else cls(value)

    def __str__(self) -> str:
        return format_percent(float(self))
