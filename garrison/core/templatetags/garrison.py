"""Small template helpers shared by every page: `{% load garrison %}`.

display      a cell or field value as text ("—" for nothing, ✓ for true, local dates and numbers)
percent      a ratio as a percentage: 0.873 → "87,3%" (core.formatting.format_percent)
percentage   a figure already in per cent: 93.33 → "93,3%"
count        a whole number with its thousands grouped: 2383 → "2.383"
when         a date or an ISO month of a law engine's answer: "2026-04" → "Tháng 04/2026"
decimal      a number rounded to one decimal (or `|decimal:2`), the language's decimal mark
bootstrap    give a form field's widget its Bootstrap class (and `is-invalid` when it has errors)
elided_pages the page numbers to show around the current page (with "…" gaps)
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms, template
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from garrison.core import formatting

register = template.Library()

EMPTY = "—"


@register.filter(is_safe=True)
def display(value: Any) -> SafeString:
    """Render a value for reading; the result is escaped HTML."""
    if value is None or value == "":
        return mark_safe(EMPTY)
    if isinstance(value, bool):
        if value:
            return format_html(
                '<i class="bi bi-check-lg" aria-hidden="true"></i>'
                '<span class="visually-hidden">{}</span>',
                _("yes"),
            )
        return format_html(
            '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
            EMPTY,
            _("no"),
        )
    if isinstance(value, formatting.Ratio):
        return conditional_escape(formatting.format_percent(value))
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return conditional_escape(formats.date_format(value, "SHORT_DATETIME_FORMAT"))
    if isinstance(value, datetime.date):
        return conditional_escape(formats.date_format(value, "SHORT_DATE_FORMAT"))
    if isinstance(value, int | Decimal | float):
        return conditional_escape(formats.number_format(value, force_grouping=True))
    if isinstance(value, list | tuple | set):
        return conditional_escape(", ".join(str(v) for v in value) or EMPTY)
    return conditional_escape(str(value))


@register.filter
def percent(value: Any) -> str:
    """A ratio as a percentage: 0.6667 → "66,7%" in Vietnamese; None → "—"."""
    return formatting.format_percent(value)


@register.filter
def percentage(value: Any, digits: Any = 1) -> str:
    """A figure already in per cent: 93.333 → "93,3%" (`|percentage:2` keeps two decimals:
    a target of 1,25%); None → "—"."""
    return formatting.format_percentage(value, digits=int(digits))


@register.filter
def count(value: Any) -> str:
    """A whole number with its thousands grouped: 2383 → "2.383" in Vietnamese."""
    return formatting.format_count(value)


@register.filter
def decimal(value: Any, digits: Any = 1) -> str:
    """A number with at most `digits` decimals and the language's decimal mark: "0,5"."""
    return formatting.format_decimal(value, digits=int(digits))


@register.filter
def when(value: Any) -> str:
    """A date, an ISO day or an ISO month ("2026-04") as a reader writes it: "Tháng 04/2026"."""
    return formatting.format_when(value)


def _widget_class(widget: forms.Widget, small: bool) -> str:
    if isinstance(widget, forms.HiddenInput):
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):  # also SelectMultiple and NullBooleanSelect
        return "form-select form-select-sm" if small else "form-select"
    return "form-control form-control-sm" if small else "form-control"


def _add_classes(widget: forms.Widget, classes: str) -> None:
    present = widget.attrs.get("class", "").split()
    wanted = [c for c in classes.split() if c not in present]
    if wanted:
        widget.attrs["class"] = " ".join([*present, *wanted])


@register.filter
def bootstrap(field: forms.BoundField, size: str = "") -> forms.BoundField:
    """`{{ field|bootstrap }}` or `{{ field|bootstrap:"sm" }}`: the field, its widget carrying
    Bootstrap's class for its type. Idempotent; the widget belongs to this form instance."""
    if not isinstance(field, forms.BoundField):
        return field
    small = size == "sm"
    widget = field.field.widget
    invalid = " is-invalid" if field.errors else ""
    # a MultiWidget (e.g. a date split into day/month/year) styles each part
    for part in getattr(widget, "widgets", [widget]):
        base = _widget_class(part, small)
        if base:
            _add_classes(part, base + invalid)
    return field


@register.filter
def elided_pages(page: Any) -> list[Any]:
    """Page numbers around the current one, with `Paginator.ELLIPSIS` in the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
