"""A register's rows as its list shows them: the config's FilterSet and its search, applied the
same way for the list page, its exports and the API's list (`core.views`, `core.api_routes`).

Numbers a user may type in a filter are bounded before they reach the database: a year between
1 and 9999 (a date's range), any other number within a 32-bit integer, so `?year=10000` or
`?term_ends_in=99999999999` is a refused filter value (the page shows it beside the filter, the
API answers 422), never a server error; a yes/no filter takes `true` or `false` and refuses
`0` or `junk` alike (never read as "no", nor dropped without a word); a date filter refuses what
is not a date (`0`, `31/02/2026`). A NUL character in the search is dropped (PostgreSQL refuses
it).

A number filter reads what a Vietnamese user types ("1.200" is 1200, "0,5" is 0.5) through
`core.numbers`, in a text input with a numeric keyboard: `NumberFilter` (a decimal) and
`IntegerFilter` (a year, a count, an id: "0,5" is refused with a message). Django-filter's own
NumberFilter renders `type=number`, which Chromium mangles ("0,5" reaches the server as "05",
"1.200" as 1.2); `checked_filters` turns any left in a FilterSet into ours.

Hand-written pages read their query string with the helpers below (`query_id`, `query_text`):
an id a database cannot hold finds nothing, a text loses its NUL characters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.utils import get_model_field

from . import numbers
from .registry import ModelConfig
from .widgets import use_pickers

YEARS = (1, 9999)
INTEGERS = (-(2**31) + 1, 2**31 - 1)
#: the largest row id a database holds (a 64-bit key): SQLite refuses a larger number outright
MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def as_id(value: Any) -> int | None:
    """`value` (typed in a query string or a form) as a row id, or None when it cannot be one:
    ASCII digits only (`"²".isdigit()` is true, `int("²")` fails), from 1 to `MAX_ID` (twenty
    digits overflow SQLite). A lookup by None finds nothing, like a missing row."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def query_id(params: Mapping[str, Any], name: str) -> int | None:
    """The row id the query string (or a posted form) gives as `name`, or None (`as_id`)."""
    return as_id(params.get(name))


def query_ids(values: list[str]) -> list[int]:
    """The row ids among `values` (a `getlist` of ticked boxes); anything else is left out."""
    return [number for number in map(as_id, values) if number is not None]


def query_text(params: Mapping[str, Any], name: str, max_length: int = 200) -> str:
    """The text the query string gives as `name`: without NUL characters (PostgreSQL refuses
    them in text), stripped, at most `max_length` characters (a search, a period key)."""
    value = params.get(name)
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:max_length]


class NumberFilter(django_filters.NumberFilter):
    """A decimal typed as Vietnamese or English staff type it ("0,5", "1.200,5"), read by
    `core.numbers.parse_number`; a text input with a decimal keyboard."""

    field_class = numbers.DecimalField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a year, a count, an id): "1.200" and "1 200" are 1200, "0,5" is refused
    with a message beside the filter (the API answers 422)."""

    field_class = numbers.IntegerField


class YesNoSelect(forms.NullBooleanSelect):
    """The yes/no/any select of a filter, handing its field what the query string says (Django's
    turns anything it does not know, `0` or `junk`, into "any" without a word)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def format_value(self, value: Any) -> str:
        return super().format_value(value.lower() if isinstance(value, str) else value)


class YesNoField(forms.NullBooleanField):
    """A yes/no filter: `true` or `false` (as its select sends them, in any case), empty or
    `unknown` for either; any other spelling — `0`, `1`, `yes`, `junk` — is refused with a
    message beside the filter, never read as one or the other."""

    widget = YesNoSelect
    SPELLINGS: dict[Any, bool | None] = {
        None: None,
        "": None,
        "unknown": None,
        "true": True,
        "false": False,
        True: True,
        False: False,
    }

    def to_python(self, value: Any) -> bool | None:
        key = value.strip().lower() if isinstance(value, str) else value
        if key not in self.SPELLINGS:
            raise ValidationError(
                _("“%(value)s” is neither yes nor no: choose Yes or No (true or false in a link)."),
                code="invalid",
                params={"value": Truncator(str(value).replace("\x00", "")).chars(30)},
            )
        return self.SPELLINGS[key]


def _scoped_choices(queryset: Any, user: Any) -> Any:
    """A filter's choices of rows (a queryset, or django-filter's callable of the request)
    narrowed to what `user` may see."""
    if callable(queryset) and not isinstance(queryset, models.QuerySet):
        inner = queryset
        return lambda request: _scoped_choices(inner(request), user)
    if isinstance(queryset, models.QuerySet) and hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return queryset


def checked_filters(filterset: Any) -> Any:
    """Make the filters of `filterset` (this instance's copies) refuse what they cannot mean:
    a number out of its range (a year between 1 and 9999, any other number within a 32-bit
    integer), a yes/no given anything but yes or no (`YesNoField`); a number filter reads
    numbers the Vietnamese way (`NumberFilter`). A choice of rows offers only those in the
    user's scope (a commune's filter of training plans once listed the province's), and a choice
    among a growing register is a picker (`core.widgets`)."""
    user = getattr(getattr(filterset, "request", None), "user", None)
    for flt in filterset.filters.values():
        if isinstance(flt, ModelChoiceFilter | ModelMultipleChoiceFilter):
            # django-filter reads the filter's `queryset` (a queryset or a callable of the
            # request) when it builds the field
            flt.queryset = _scoped_choices(flt.queryset, user)
            flt.__dict__.pop("_field", None)
    for name, flt in filterset.filters.items():
        if isinstance(flt, django_filters.NumberFilter) and not issubclass(
            flt.field_class, numbers.NUMBER_FIELDS
        ):
            # never Chromium's type=number (see above); whole for an integer column
            model_field = get_model_field(filterset._meta.model, flt.field_name)
            whole = isinstance(model_field, models.IntegerField | models.ForeignKey) or (
                flt.lookup_expr == "year"
            )
            flt.field_class = numbers.IntegerField if whole else numbers.DecimalField
            flt.__dict__.pop("_field", None)
        if isinstance(flt, django_filters.NumberFilter) and "max_value" not in flt.extra:
            is_year = flt.lookup_expr == "year" or "year" in name or name.endswith("_in")
            low, high = YEARS if is_year else INTEGERS
            flt.extra.update(min_value=low, max_value=high)
        elif isinstance(flt, BooleanFilter) and flt.field_class is forms.NullBooleanField:
            flt.field_class = YesNoField
            flt.__dict__.pop("_field", None)
    use_pickers(filterset.form)
    return filterset


def filterset_for(config: type[ModelConfig], request: HttpRequest, qs: models.QuerySet) -> Any:
    """The config's FilterSet bound to the request's query string, its filters checked."""
    assert config.filterset_class is not None
    return checked_filters(config.filterset_class(request.GET, queryset=qs, request=request))


def search_term(request: HttpRequest) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()


def filter_rows(
    config: type[ModelConfig], request: HttpRequest, qs: models.QuerySet
) -> tuple[models.QuerySet, Any]:
    """(rows, filterset): `qs` narrowed by the FilterSet — no rows when a value is refused
    (`filterset.errors` says which) — and by the page's search."""
    filterset = None
    if config.filterset_class is not None:
        filterset = filterset_for(config, request, qs)
        qs = filterset.qs if filterset.is_valid() else qs.none()
    term = search_term(request)
    if term and config.search_fields:
        qs = config.search(qs, term)
    return qs, filterset


def sorting(config: type[ModelConfig], request: HttpRequest) -> tuple[list[str], str]:
    """(ordering, the sort asked for): the order of the list page and its exports: the column
    the request sorts by (`?sort=name`, `-name` descending), else the register's default."""
    sortable = {c.name: c.order_by for c in config.list_columns if c.order_by}
    raw = request.GET.get("sort", "")
    name = raw.lstrip("-")
    if name in sortable:
        expr = sortable[name]
        desc = raw.startswith("-")
        return [f"-{expr}" if desc else expr, "pk"], raw
    return [*config.default_ordering, "pk"], ""
