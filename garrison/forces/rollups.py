"""The figures of the forces overview, by unit (a commune), by commune (a province) or by
province (the nation): militia strength against establishment and population, terms ending,
training completion, reserve readiness. Each figure is one GROUP BY query; rows are merged by key
(a few dozen keys, never a loop over register rows). The figures come from the same queryset
functions as the indicator registry (`strength_by`, `training_by`, `readiness_by` with the day),
so the overview and a report's computed field agree on the same day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from garrison.core.scoping import Scope
from garrison.territory.models import Commune, Province

from .models import ForceTarget, MilitiaMember, MilitiaUnit, Reservist, TechnicalMeans


@dataclass
class Row:
    key: int | None
    name: str
    population: int | None = None
    target_percent: Decimal | None = None
    establishment: int = 0
    strength: int = 0
    completing: int = 0
    trainees: int = 0
    trained: int = 0
    behind: int = 0
    reservists: int = 0
    assigned: int = 0
    checked: int = 0
    class_1: int = 0
    means: int = 0
    means_assigned: int = 0
    depth: int = 0  # a unit's level in the commune's tree
    url_args: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> int:
        return max(0, self.establishment - self.strength)

    @property
    def to_recruit(self) -> int:
        """To keep strength at establishment after this year's terms end."""
        return max(0, self.establishment - self.strength + self.completing)

    @property
    def strength_percent(self) -> float | None:
        """Militia strength as a share of the population (%)."""
        if not self.population:
            return None
        return round(100 * self.strength / self.population, 2)

    @property
    def target_strength(self) -> int | None:
        if self.population is None or self.target_percent is None:
            return None
        return int(self.population * self.target_percent / 100)

    @property
    def trained_percent(self) -> int | None:
        return round(100 * self.trained / self.trainees) if self.trainees else None

    @property
    def checked_percent(self) -> int | None:
        return round(100 * self.checked / self.reservists) if self.reservists else None

    @property
    def assigned_percent(self) -> int | None:
        return round(100 * self.assigned / self.reservists) if self.reservists else None


def tree_order(units) -> list[tuple[MilitiaUnit, int]]:
    """A commune's units depth-first (each parent before its sub-units, by name) with depth;
    sub-units whose parent is not in `units` come out at the top level."""
    units = list(units.order_by("name"))
    present = {u.pk for u in units}
    children: dict[int | None, list[MilitiaUnit]] = {}
    for u in units:
        parent = u.parent_id if u.parent_id in present else None
        children.setdefault(parent, []).append(u)
    ordered: list[tuple[MilitiaUnit, int]] = []

    def visit(parent: int | None, depth: int) -> None:
        for u in children.get(parent, []):
            ordered.append((u, depth))
            visit(u.pk, depth + 1)

    visit(None, 0)
    return ordered


def _merge(rows: dict[Any, Row], queryset, key: str, mapping: dict[str, str]) -> None:
    for item in queryset:
        row = rows.get(item[key])
        if row is None:
            continue
        for attr, column in mapping.items():
            setattr(row, attr, item[column] or 0)


def establishment_sum():
    return Sum(
        F("establishment_leaders")
        + F("establishment_deputies")
        + F("establishment_political")
        + F("establishment_members")
    )


def forces_rollup(user: Any, scope: Scope, today: datetime.date) -> tuple[str, list[Row], Row]:
    """(grouping, rows, total) for the user's scope: a commune sees its units, a province its
    communes, the nation its provinces."""
    year = today.year
    members = MilitiaMember.objects.visible_to(user)
    units = MilitiaUnit.objects.visible_to(user).filter(is_active=True)
    reservists = Reservist.objects.visible_to(user)
    means = TechnicalMeans.objects.visible_to(user)
    if scope.is_commune:
        grouping, key = "unit", "unit"
        rows = {
            u.pk: Row(
                u.pk, u.name, establishment=u.establishment, depth=depth, url_args={"unit": u.pk}
            )
            for u, depth in tree_order(units.filter(commune_id=scope.commune_id))
        }
        _merge(
            rows,
            members.strength_by("unit", today),
            "unit",
            {"strength": "strength", "completing": "completing"},
        )
        _merge(
            rows,
            members.training_by("unit", year, today),
            "unit",
            {"trainees": "members", "trained": "complete_n", "behind": "behind_n"},
        )
        total = _total(rows.values(), "")
        commune = Commune.objects.get(pk=scope.commune_id)
        total.population = commune.population
        total.target_percent = _target(scope.province_id)
        _reserve_totals(total, reservists, means, today)
        return grouping, list(rows.values()), total
    if scope.is_nation:
        grouping, key = "province", "province"
        places = Province.objects.order_by("name")
        targets = dict(ForceTarget.objects.values_list("province_id", "militia_percent"))
        population = dict(
            Commune.objects.order_by()
            .values("province")
            .annotate(p=Sum("population"))
            .values_list("province", "p")
        )
        rows = {
            p.pk: Row(
                p.pk,
                p.name,
                population=population.get(p.pk),
                target_percent=targets.get(p.pk),
                url_args={},
            )
            for p in places
        }
    else:
        grouping, key = "commune", "commune"
        target = _target(scope.province_id)
        rows = {
            c.pk: Row(
                c.pk,
                c.name,
                population=c.population,
                target_percent=target,
                url_args={"commune": c.code},  # lists name communes by code
            )
            for c in Commune.objects.visible_to(user).order_by("name")
        }
    _merge(
        rows,
        units.order_by().values(key).annotate(e=establishment_sum()),
        key,
        {"establishment": "e"},
    )
    _merge(
        rows,
        members.strength_by(key, today),
        key,
        {"strength": "strength", "completing": "completing"},
    )
    _merge(
        rows,
        members.training_by(key, year, today),
        key,
        {"trainees": "members", "trained": "complete_n", "behind": "behind_n"},
    )
    _merge_reserve(rows, reservists, means, key, today)
    total = _total(rows.values(), "")
    return grouping, list(rows.values()), total


RESERVE_COLUMNS = {
    "reservists": "registered",
    "assigned": "assigned",
    "checked": "checked",
    "class_1": "class_1",
}
MEANS_COLUMNS = {"means": "registered", "means_assigned": "assigned"}


def _merge_reserve(rows: dict[Any, Row], reservists, means, key: str, on: datetime.date) -> None:
    _merge(rows, reservists.readiness_by(key, on), key, RESERVE_COLUMNS)
    _merge(rows, means.readiness_by(key, on), key, MEANS_COLUMNS)


def _reserve_totals(row: Row, reservists, means, on: datetime.date) -> None:
    """One commune's reserve figures (its user sees only its own rows)."""
    for item in reservists.readiness_by("commune", on):
        _set(row, item, RESERVE_COLUMNS)
    for item in means.readiness_by("commune", on):
        _set(row, item, MEANS_COLUMNS)


def _set(row: Row, item: dict, mapping: dict[str, str]) -> None:
    for attr, column in mapping.items():
        setattr(row, attr, getattr(row, attr) + (item[column] or 0))


def _target(province_id: int | None) -> Decimal | None:
    return (
        ForceTarget.objects.filter(province_id=province_id)
        .values_list("militia_percent", flat=True)
        .first()
    )


def _total(rows, name: str) -> Row:
    total = Row(None, name)
    population = 0
    has_population = False
    for row in rows:
        for attr in (
            "establishment",
            "strength",
            "completing",
            "trainees",
            "trained",
            "behind",
            "reservists",
            "assigned",
            "checked",
            "class_1",
            "means",
            "means_assigned",
        ):
            setattr(total, attr, getattr(total, attr) + getattr(row, attr))
        if row.population:
            population += row.population
            has_population = True
    total.population = population if has_population else None
    targets = {row.target_percent for row in rows}
    if len(targets) == 1:
        total.target_percent = targets.pop()
    return total


def readiness_by_reserve_unit(user: Any, today: datetime.date):
    """Per reserve unit: establishment, reservists registered, assigned and checked this year."""
    return (
        Reservist.objects.visible_to(user)
        .filter(reserve_unit__isnull=False)
        .readiness_by("reserve_unit", today)
        .values(
            "reserve_unit",
            "reserve_unit__code",
            "reserve_unit__name",
            "reserve_unit__establishment",
            "registered",
            "assigned",
            "checked",
            "class_1",
        )
        .order_by("reserve_unit__code")
    )
