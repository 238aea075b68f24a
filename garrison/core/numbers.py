"""Numbers as Vietnamese and English staff type them.

Vietnamese writes a decimal comma and groups thousands with dots or spaces ("0,5", "1.200",
"1 200"); English the other way round ("0.5", "1,200"). Every number a user types goes through
`parse_number`, which reads both ways and refuses, saying how to write it, what it cannot read
for sure:

- digits with an optional sign: "12", "-3";
- one separator followed by other than three digits is a decimal mark: "0,5", "0.5", "2,25";
  so is one after a lone "0" ("0,125") or after more than three digits ("1234,5");
- groups of exactly three digits after a first group of one to three, separated by ".", ",",
  a space (or a no-break or thin space), are thousands: "1.200", "1 200", "12.345.678";
- both together, the last separator being the decimal mark: "1.200,5", "1,200.5", "1 200,5";
- a single "." or "," followed by exactly three digits ("1.250") is 1250 in Vietnamese and
  1.25 in English: in a whole-number field (a count, a year) it can only be 1250; in a decimal
  field it is refused with both readings spelled out.

The form fields below (`IntegerField`, `DecimalField`, `FloatField`) use it, render as text
inputs with a numeric keyboard (`inputmode`) and show the stored value back in the user's
language ("0,5" in Vietnamese). Browsers' own `type=number` inputs are not used: Chromium drops
a comma it does not take for its locale's decimal mark, so "0,5" reached the server as "05"
(5 days), and it sends "1.200" as 1.2.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

#: separators of thousands a user may type besides "." and ",": a space, a no-break space, a
#: narrow no-break space (what French-style formatting inserts) and a thin space
SPACES = " \u00a0\u202f\u2009"
MINUS_SIGNS = "-\u2212"  # a hyphen-minus, or the minus sign a word processor puts instead
MAX_LENGTH = 60
_TOKENS = re.compile(r"([.,]|[" + SPACES + r"])")

MESSAGES = {
    "invalid": _("“%(value)s” is not a number: write it with digits, e.g. 12 or 0.5."),
    "invalid_whole": _(
        "“%(value)s” is not a number: write a whole number with digits, e.g. 12 or 1200."
    ),
    "not_whole": _(
        "“%(value)s” is not a whole number: this field takes whole numbers only, write it "
        "without decimals, e.g. 12."
    ),
    "ambiguous": _(
        "“%(value)s” could be %(whole)s or %(decimal)s: write %(whole)s for the whole number, "
        "or %(decimal)s for the decimal."
    ),
}


def _refuse(code: str, text: str, in_whole: bool, **params: str) -> ValidationError:
    if code == "invalid" and in_whole:
        code = "invalid_whole"
    return ValidationError(MESSAGES[code], code=code, params={"value": text, **params})


def decimal_mark() -> str:
    """The decimal mark of the active language ("," in Vietnamese, "." in English)."""
    return str(get_format("DECIMAL_SEPARATOR"))


def format_number(value: Any) -> str:
    """A number as the user would type it in the active language: no thousands separator,
    the language's decimal mark, no exponent ("0,5", "1200", "1,25"), and always read back
    by `parse_number` as the same number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    text = format(number, "f")
    integer, _mark, fraction = text.lstrip("-").partition(".")
    if len(fraction) == 3 and integer != "0" and len(integer) <= 3:
        text += "0"  # "1,2500", not "1,250", which `parse_number` refuses as ambiguous
    return text.replace(".", decimal_mark())


def _plain(integer: str, fraction: str) -> Decimal:
    fraction = fraction.rstrip("0")
    return Decimal(f"{integer or '0'}.{fraction}" if fraction else integer or "0")


def parse_number(text: str, *, whole: bool) -> Decimal:
    """The number `text` is, read the Vietnamese or the English way (see the module's
    docstring); ValidationError saying how to write it when it is not a number, is not whole
    in a whole-number field, or could be read two ways in a decimal field. Trailing zeros of
    the decimals are dropped ("0,50" is 0.5, "2,0" is 2)."""
    typed = str(text).strip()
    if not typed or len(typed) > MAX_LENGTH:
        raise _refuse("invalid", typed, whole)
    body, sign = typed, ""
    if body[0] in MINUS_SIGNS or body[0] == "+":
        sign = "-" if body[0] in MINUS_SIGNS else ""
        body = body[1:]
    parts = _TOKENS.split(body)
    groups, separators = parts[0::2], [" " if s in SPACES else s for s in parts[1::2]]
    if not all(g.isascii() and g.isdigit() for g in groups[1:]) or not (
        groups[0] == "" or (groups[0].isascii() and groups[0].isdigit())
    ):
        raise _refuse("invalid", typed, whole)
    if groups[0] == "":  # ",5" or ".5": a decimal without its zero
        if separators[:1] not in ([","], ["."]) or len(separators) != 1:
            raise _refuse("invalid", typed, whole)
        number = _plain("0", groups[1])
        return _checked(sign, number, typed, whole)
    if not separators:
        return _checked(sign, Decimal(groups[0]), typed, whole)

    last = separators[-1]
    decimal_at: int | None = None  # index of the separator that is the decimal mark
    if last in ".," and separators.count(last) == 1:
        others = set(separators[:-1])
        if others:  # "1.200,5", "1,200.5", "1 200,5": the last one is the decimal mark
            if len(others) != 1:
                raise _refuse("invalid", typed, whole)
            decimal_at = len(separators) - 1
        else:  # one separator alone: a decimal mark unless it could be a thousands group
            integer, fraction = groups
            could_group = len(fraction) == 3 and len(integer) <= 3 and integer[0] != "0"
            if not could_group:
                decimal_at = 0
            elif not whole:
                raise _refuse(
                    "ambiguous",
                    typed,
                    whole,
                    whole=f"{sign}{integer}{fraction}",
                    decimal=sign + format_number(_plain(integer, fraction)),
                )
    elif len(set(separators)) != 1:  # "1.200 300", "1,200,300.400.500"
        raise _refuse("invalid", typed, whole)

    integer_groups = groups if decimal_at is None else groups[: decimal_at + 1]
    first, rest = integer_groups[0], integer_groups[1:]
    if rest and (len(first) > 3 or first[0] == "0" or any(len(g) != 3 for g in rest)):
        raise _refuse("invalid", typed, whole)
    integer = "".join(integer_groups)
    fraction = "" if decimal_at is None else groups[-1]
    return _checked(sign, _plain(integer, fraction), typed, whole)


def _checked(sign: str, number: Decimal, typed: str, whole: bool) -> Decimal:
    if sign == "-":
        number = -number
    if whole and number != number.to_integral_value():
        raise _refuse("not_whole", typed, whole)
    return number + 0 if number else Decimal(0)  # no "-0"


def to_decimal(value: Any, *, whole: bool) -> Decimal:
    """A number typed as text (`parse_number`) or given as a number (a JSON body, a cell of a
    spreadsheet, a value from the database)."""
    if isinstance(value, bool):
        raise _refuse("invalid", str(value), whole)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float | Decimal):
        try:
            number = value if isinstance(value, Decimal) else Decimal(repr(value))
        except InvalidOperation:
            raise _refuse("invalid", str(value), whole) from None
        if not number.is_finite():
            raise _refuse("invalid", str(value), whole)
        if whole and number != number.to_integral_value():
            raise _refuse("not_whole", format_number(number), whole)
        return number
    return parse_number(str(value), whole=whole)


# --- form fields ----------------------------------------------------------------------------------
class _TypedNumber:
    """What the three number fields share: a text input with a numeric keyboard that sends
    exactly what was typed, read by `parse_number`, and a stored value shown back as the user
    types it in their language (`format_number`: "0,5" in Vietnamese, no thousands separator)."""

    whole: bool
    inputmode: str

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = super().widget_attrs(widget)  # type: ignore[misc]
        if not widget.is_hidden:
            attrs["inputmode"] = self.inputmode
        return attrs

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, float | Decimal):
            return format_number(value)
        return value  # an int shows as it is; what the user typed is shown back as typed

    def read(self, value: Any) -> Decimal | None:
        if value in self.empty_values:  # type: ignore[attr-defined]
            return None
        return to_decimal(value, whole=self.whole)


class IntegerField(_TypedNumber, forms.IntegerField):
    """A whole number: counts, years, codes. "1.200", "1,200" and "1 200" are 1200; decimals
    ("2,5") are refused."""

    widget = forms.TextInput
    whole = True
    inputmode = "numeric"

    def to_python(self, value: Any) -> int | None:
        number = self.read(value)
        return None if number is None else int(number)


class DecimalField(_TypedNumber, forms.DecimalField):
    """A decimal ("0,5" or "0.5" days); a lone separator before three digits is refused as
    ambiguous."""

    widget = forms.TextInput
    whole = False
    inputmode = "decimal"

    def to_python(self, value: Any) -> Decimal | None:
        return self.read(value)


class FloatField(_TypedNumber, forms.FloatField):
    """As `DecimalField`, stored as a float."""

    widget = forms.TextInput
    whole = False
    inputmode = "decimal"

    def to_python(self, value: Any) -> float | None:
        number = self.read(value)
        return None if number is None else float(number)


NUMBER_FIELDS = (IntegerField, DecimalField, FloatField)
#: Django's number fields, and ours with the keyboard their input asks for
_OURS: dict[type[forms.Field], tuple[type[forms.Field], str]] = {
    forms.IntegerField: (IntegerField, IntegerField.inputmode),
    forms.DecimalField: (DecimalField, DecimalField.inputmode),
    forms.FloatField: (FloatField, FloatField.inputmode),
}


def typed_number_field(field: forms.Field) -> forms.Field:
    """`field` (a Django IntegerField, DecimalField or FloatField, as a model field makes it)
    turned into the matching field above, with its label, help, bounds and validators; any
    other field is returned as it is. A hidden input keeps its widget."""
    if type(field) not in _OURS:  # one of ours already, or not a number
        return field
    ours, inputmode = _OURS[type(field)]
    field.__class__ = ours  # the same attributes: only parsing and the widget change
    old = field.widget
    if isinstance(old, forms.NumberInput):
        attrs = {k: v for k, v in old.attrs.items() if k not in {"min", "max", "step"}}
        field.widget = forms.TextInput(attrs=attrs | {"inputmode": inputmode})
    elif not old.is_hidden:
        old.attrs.setdefault("inputmode", inputmode)
    return field
