"""The evacuation figures (issue 18): one definition per figure, registered in the core indicator
registry; the home sections, the coverage page and its API read them.

`evacuation_coverage(user, by)`: per commune (`by="commune"`) or per province
(`by="province"`) of the user's scope: villages, villages uncovered (no area takes their
people), villages partly covered, people to move (`rules.population_to_move` summed), evacuation
areas, areas over capacity, areas whose capacity is unknown, and capacity (people). Two
aggregate queries per level: one over the villages, one over the evacuation areas. The plan
keeps no history: the figures are those of the plan as it stands, whatever the day asked."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, register_indicator
from garrison.operations.works.models import DefenceWork
from garrison.territory.models import Village

from .querysets import OVER_CAPACITY_Q, PARTLY_Q, UNCOVERED_Q, with_assigned, with_coverage

EVACUATION_AREA = "evacuation_area"
LEVELS = {"commune": "commune_id", "province": "province_id"}
FIGURES = (
    "villages",
    "villages_uncovered",
    "villages_partly_covered",
    "people_to_move",
    "areas",
    "areas_over_capacity",
    "areas_capacity_unknown",
    "capacity",
)


def village_figures(villages, key: str) -> dict[Any, dict[str, int]]:
    rows = (
        with_coverage(villages)
        .order_by()
        .values(key)
        .annotate(
            villages=Count("pk"),
            villages_uncovered=Count("pk", filter=UNCOVERED_Q),
            villages_partly_covered=Count("pk", filter=PARTLY_Q),
            people_to_move=Sum("to_move"),
        )
    )
    return {row.pop(key): row for row in rows}


def area_figures(areas, key: str) -> dict[Any, dict[str, int]]:
    rows = (
        with_assigned(areas.filter(kind=EVACUATION_AREA))
        .order_by()
        .values(key)
        .annotate(
            areas=Count("pk"),
            areas_over_capacity=Count("pk", filter=OVER_CAPACITY_Q),
            areas_capacity_unknown=Count("pk", filter=Q(capacity_people__isnull=True)),
            capacity=Sum("capacity_people"),
        )
    )
    return {row.pop(key): row for row in rows}


def _merge(*parts: dict[Any, dict[str, int]]) -> dict[Any, dict[str, int]]:
    merged: dict[Any, dict[str, int]] = {}
    for part in parts:
        for key, row in part.items():
            merged.setdefault(key, dict.fromkeys(FIGURES, 0)).update(
                {name: value or 0 for name, value in row.items()}
            )
    return merged


def evacuation_coverage(
    user: Any, by: str, province_id: int | None = None
) -> dict[Any, dict[str, int]]:
    """The coverage figures of the user's scope (narrowed to `province_id` if given) by commune
    or province id (see the module)."""
    key = LEVELS[by]
    villages = Village.objects.visible_to(user)
    areas = DefenceWork.objects.visible_to(user)
    if province_id is not None:
        villages = villages.filter(province_id=province_id)
        areas = areas.filter(province_id=province_id)
    return _merge(village_figures(villages, key), area_figures(areas, key))


def totals(rows: dict[Any, dict[str, int]]) -> dict[str, int]:
    """The sum of figures rows (a page's total line: figures already aggregated per level)."""
    return {name: sum(row[name] for row in rows.values()) for name in FIGURES}


def _villages_uncovered(commune_ids, on) -> dict[int, int]:
    rows = village_figures(Village.objects.filter(commune_id__in=commune_ids), "commune_id")
    return {pk: row["villages_uncovered"] for pk, row in rows.items()}


def _areas_over_capacity(commune_ids, on) -> dict[int, int]:
    rows = area_figures(DefenceWork.objects.filter(commune_id__in=commune_ids), "commune_id")
    return {pk: row["areas_over_capacity"] for pk, row in rows.items()}


def _coverage_url(commune_id: int, on) -> str | None:
    from django.urls import reverse

    from garrison.territory.models import Commune

    code = Commune.code_of(commune_id)
    return f"{reverse('operations:evacuation_coverage')}?commune={code}" if code else None


register_indicator(
    Indicator(
        "operations.villages_without_evacuation_area",
        _("villages without an evacuation area"),
        _("Evacuation plan: villages of the commune whose people no evacuation area takes"),
        _villages_uncovered,
        unit=_("villages"),
        list_url=_coverage_url,
    )
)
register_indicator(
    Indicator(
        "operations.evacuation_areas_over_capacity",
        _("evacuation areas over capacity"),
        _("Evacuation plan: evacuation areas whose assigned people exceed their capacity (people)"),
        _areas_over_capacity,
        unit=_("areas"),
        list_url=_coverage_url,
    )
)
