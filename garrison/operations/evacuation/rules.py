"""The evacuation plan's rules (pure: no ORM).

Population to move of a village: the larger of the population the commune declares for it and
the number of people of the person register who live there. The registers hold only part of a
village's residents (those of military age, the militia, the reservists...), so the declared
figure is usually the larger; a village whose declared population is missing or out of date is
still moved with at least the people the registers know.

An assignment whose `people` is empty moves all of the village's population to move.

Coverage of a village: "uncovered" when no area takes its people, "partly covered" when the
people its assignments send add up to less than its population to move, else "covered".
Capacity of an area: "capacity unknown" without `capacity_people`, "over capacity" (by how
many) when the people its assignments send exceed it, else "within capacity".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

COVERED = "covered"
PARTLY_COVERED = "partly_covered"
UNCOVERED = "uncovered"
WITHIN_CAPACITY = "within_capacity"
OVER_CAPACITY = "over_capacity"
CAPACITY_UNKNOWN = "capacity_unknown"


def population_to_move(declared: int | None, registered: int | None) -> int:
    """The larger of the declared population and the registered residents (see the module)."""
    return max(declared or 0, registered or 0)


def people_sent(people: int | None, population: int) -> int:
    """The people an assignment moves: its `people`, or the whole population when empty."""
    return population if people is None else people


def village_coverage(population: int, sent: Iterable[int]) -> str:
    """The coverage flag of a village from the people each of its assignments sends."""
    sent = list(sent)
    if not sent:
        return UNCOVERED
    if sum(sent) < population:
        return PARTLY_COVERED
    return COVERED


@dataclass(frozen=True)
class AreaCapacity:
    flag: str
    excess: int = 0  # people beyond the capacity, when over it


def area_capacity(capacity: int | None, assigned: int) -> AreaCapacity:
    """The capacity flag of an area from its capacity (people) and the people assigned to it."""
    if capacity is None:
        return AreaCapacity(CAPACITY_UNKNOWN)
    if assigned > capacity:
        return AreaCapacity(OVER_CAPACITY, assigned - capacity)
    return AreaCapacity(WITHIN_CAPACITY)


def flag_label(flag: str) -> str:
    return {
        COVERED: _("covered"),
        PARTLY_COVERED: _("partly covered"),
        UNCOVERED: _("uncovered"),
        WITHIN_CAPACITY: _("within capacity"),
        OVER_CAPACITY: _("over capacity"),
        CAPACITY_UNKNOWN: _("capacity unknown"),
    }[flag]


def area_refusal(
    *, is_evacuation_area: bool, same_commune: bool, area: str, commune: str
) -> str | None:
    """Why `area` cannot take a village's people of `commune`, or None."""
    if not is_evacuation_area:
        return _("%(area)s is not an evacuation area: choose a work of kind evacuation area.") % {
            "area": area
        }
    if not same_commune:
        return _(
            "%(area)s is an evacuation area of another commune: choose one of %(commune)s's."
        ) % {"area": area, "commune": commune}
    return None
