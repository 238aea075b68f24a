"""A register's rows as its list shows them: the config's FilterSet and its search, applied the
same way for the list page, its exports and the API's list (`core.views`, `core.api_routes`).

Numbers a user may type in a filter are bounded before they reach the database: a year between
1 and 9999 (a date's range), any other number within a 32-bit integer, so `?year=10000` or
`?term_ends_in=99999999999` is a refused filter value (the page shows it, the API answers 422),
never a server error. A NUL character in the search is dropped (PostgreSQL refuses it)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django_filters import NumberFilter

from .registry import ModelConfig

YEARS = (1, 9999)
INTEGERS = (-(2**31) + 1, 2**31 - 1)


def bound_numbers(filterset: Any) -> Any:
    """Give every number filter of `filterset` (this instance's copies) its range."""
    for name, flt in filterset.filters.items():
        if isinstance(flt, NumberFilter) and "max_value" not in flt.extra:
            is_year = flt.lookup_expr == "year" or "year" in name or name.endswith("_in")
            low, high = YEARS if is_year else INTEGERS
            flt.extra.update(min_value=low, max_value=high)
    return filterset


def search_term(request: HttpRequest) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()


def filter_rows(
    config: type[ModelConfig], request: HttpRequest, qs: models.QuerySet
) -> tuple[models.QuerySet, Any]:
    """(rows, filterset): `qs` narrowed by the FilterSet — no rows when a value is refused
    (`filterset.errors` says which) — and by the page's search."""
    filterset = None
    if config.filterset_class is not None:
        filterset = bound_numbers(config.filterset_class(request.GET, queryset=qs, request=request))
        qs = filterset.qs if filterset.is_valid() else qs.none()
    term = search_term(request)
    if term and config.search_fields:
        condition = models.Q()
        for lookup in config.search_fields:
            condition |= models.Q(**{lookup: term})
        qs = qs.filter(condition)
    return qs, filterset
