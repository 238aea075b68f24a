"""A registry of named indicators: figures each domain app computes from its registers for a
set of communes on a day ("militia strength", "reservists registered", "Commander post
filled"), so that other apps (report forms, dashboards, assessment) can use a figure by its
code without depending on the app that owns it.

An app registers its indicators in its own `indicators.py`, imported by its AppConfig.ready().
`compute(commune_ids, on)` answers {commune_id: value} in one aggregate query (communes with
nothing to count may be missing: they read as 0); `source` says in words where the figure comes
from, and `list_url(commune_id, on)` (optional) links to the rows behind it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

Number = int | float
Compute = Callable[[list[int], datetime.date], dict[int, Number]]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str | Promise
    source: str | Promise
    compute: Compute
    unit: str | Promise = ""
    list_url: Callable[[int, datetime.date], str | None] | None = None

    def values(self, commune_ids: Iterable[int], on: datetime.date) -> dict[int, Number]:
        """The figure for each of `commune_ids` (0 where the registers hold nothing)."""
        ids = list(commune_ids)
        found = self.compute(ids, on) if ids else {}
        return {pk: found.get(pk, 0) for pk in ids}

    def value(self, commune_id: int, on: datetime.date) -> Number:
        return self.values([commune_id], on)[commune_id]


_INDICATORS: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    if indicator.code in _INDICATORS and _INDICATORS[indicator.code] != indicator:
        raise ValueError(f"indicator {indicator.code!r} is registered twice")
    _INDICATORS[indicator.code] = indicator
    return indicator


def get_indicator(code: str) -> Indicator | None:
    return _INDICATORS.get(code)


def all_indicators() -> list[Indicator]:
    return sorted(_INDICATORS.values(), key=lambda i: i.code)


def indicator_choices() -> list[tuple[str, str]]:
    """(code, "label (code)") for a form's select, sorted by code."""
    return [(i.code, f"{i.label} ({i.code})") for i in all_indicators()]


def counts_by_commune(queryset, commune_field: str = "commune_id") -> dict[int, int]:
    """{commune_id: rows} of `queryset` in one GROUP BY — the usual compute body."""
    from django.db.models import Count

    rows = queryset.order_by().values(commune_field).annotate(n=Count("pk"))
    return {row[commune_field]: row["n"] for row in rows}


# --- figures per province that another app computes ----------------------------------------------
#: f(user) -> {province_id: {name: value}}: figures a lower app shows beside its provinces (the
#: province list's commune-command staffing) without importing the app that computes them.
ProvinceFigures = Callable[[object], dict[int, dict[str, Number]]]
_PROVINCE_FIGURES: list[ProvinceFigures] = []


def register_province_figures(provider: ProvinceFigures) -> ProvinceFigures:
    if provider not in _PROVINCE_FIGURES:
        _PROVINCE_FIGURES.append(provider)
    return provider


def province_figures(user: object) -> dict[int, dict[str, Number]]:
    """Every registered provider's figures for the provinces `user` sees, merged."""
    merged: dict[int, dict[str, Number]] = {}
    for provider in _PROVINCE_FIGURES:
        for province_id, figures in provider(user).items():
            merged.setdefault(province_id, {}).update(figures)
    return merged
