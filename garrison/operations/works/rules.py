"""Defence-work policy as pure functions (no ORM): the capacity each kind of work needs, where a
work may lie, and when it is due for inspection.

Capacity (`CAPACITY_UNITS`), our reading of what each kind is for (to confirm with the provincial
command; the law names the works, not the unit their capacity is counted in):
- the works that shelter or hold people — evacuation areas, shelters, combat bases, clusters of
  combat villages, observation posts, air-defence positions, rear bases — count PEOPLE (a rear
  base takes the people and the wounded sent back from the front line);
- a depot counts TONNES (of stores, ammunition, food);
- a logistics-technical base counts TONNES and/or VEHICLES: it stores stores and repairs and
  parks vehicles, so either figure (or both) will do.
A capacity the kind does not need may still be given (a shelter may take a few vehicles): it is
kept, never refused; a work still `planned` may leave its capacity empty until it is designed.

Place: GPS coordinates are both given or neither, inside Viet Nam's box (latitude 8 to 24 north,
longitude 102 to 118 east, the islands included) — the same box the fields' validators hold.

Inspection (`INSPECTION_EVERY`): a yearly check. Interpretations taken:
- after an inspection the next falls due one year later (29 February → 28 February);
- a work never inspected is due from its completion date (`built_on`), or from the day it was
  recorded when it has none: an unchecked work is checked at once;
- an incident may ask for one sooner: the due date becomes the earlier of the two;
- a work is *due* on a day when its due date is on or before that day and it is not out of use
  (a work out of use is not checked until it is brought back);
- an inspection older than the work's last one is recorded (it is history) but does not move the
  work's state, finding or due date back: the newer inspection stands.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

PEOPLE, VEHICLES, TONNES = "people", "vehicles", "tonnes"
OUT_OF_USE = "out_of_use"
PLANNED = "planned"

#: which capacity each kind needs: (field units, all needed?) — False: any one of them will do
CAPACITY_UNITS: dict[str, tuple[tuple[str, ...], bool]] = {
    "combat_base": ((PEOPLE,), True),
    "rear_base": ((PEOPLE,), True),
    "logistics_base": ((TONNES, VEHICLES), False),
    "evacuation_area": ((PEOPLE,), True),
    "combat_village_cluster": ((PEOPLE,), True),
    "shelter": ((PEOPLE,), True),
    "air_defence_position": ((PEOPLE,), True),
    "observation_post": ((PEOPLE,), True),
    "depot": ((TONNES,), True),
}

CAPACITY_FIELD = {
    PEOPLE: "capacity_people",
    VEHICLES: "capacity_vehicles",
    TONNES: "capacity_tonnes",
}

#: Viet Nam's box (mainland and islands), in decimal degrees
LATITUDE_RANGE = (Decimal("8"), Decimal("24"))
LONGITUDE_RANGE = (Decimal("102"), Decimal("118"))

INSPECTION_EVERY_YEARS = 1


def capacity_missing(
    kind: str,
    state: str,
    people: int | None,
    vehicles: int | None,
    tonnes: Decimal | None,
) -> tuple[str, ...]:
    """The capacity units `kind` needs and lacks (empty: nothing missing). A planned work may
    leave them empty; a unit given as 0 counts as missing (a work that takes nothing)."""
    if state == PLANNED or kind not in CAPACITY_UNITS:
        return ()
    units, all_needed = CAPACITY_UNITS[kind]
    given = {PEOPLE: people, VEHICLES: vehicles, TONNES: tonnes}
    lacking = tuple(u for u in units if not given[u])
    if all_needed:
        return lacking
    return units if len(lacking) == len(units) else ()


def check_capacity(
    kind: str,
    people: int | None,
    vehicles: int | None,
    tonnes: Decimal | None,
    *,
    state: str = "",
    kind_label: str | None = None,
) -> dict[str, str]:
    """What the capacity of a work of `kind` lacks, as messages by field that say which
    capacity the kind needs and how to fix it (empty: nothing lacks)."""
    missing = capacity_missing(kind, state, people, vehicles, tonnes)
    if not missing:
        return {}
    names = {
        PEOPLE: _("capacity (people)"),
        VEHICLES: _("capacity (vehicles)"),
        TONNES: _("capacity (tonnes)"),
    }
    label = kind_label or kind
    units, all_needed = CAPACITY_UNITS[kind]
    if all_needed:
        return {
            CAPACITY_FIELD[unit]: _(
                "A %(kind)s needs its %(capacity)s: give how many it takes, more than 0 "
                "(leave it empty only while the work is planned)."
            )
            % {"kind": label, "capacity": names[unit]}
            for unit in missing
        }
    message = _(
        "A %(kind)s needs its capacity in %(units)s: give at least one of them, more than 0 "
        "(leave them empty only while the work is planned)."
    ) % {"kind": label, "units": _(" or ").join(names[u] for u in units)}
    return {CAPACITY_FIELD[units[0]]: message}


def gps_problems(latitude: Decimal | None, longitude: Decimal | None) -> dict[str, str]:
    """What is wrong with a pair of coordinates, by field, as codes: "pair" (one without the
    other), "outside" (outside Viet Nam's box)."""
    if latitude is None and longitude is None:
        return {}
    if latitude is None or longitude is None:
        return {"latitude" if latitude is None else "longitude": "pair"}
    problems = {}
    if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        problems["latitude"] = "outside"
    if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        problems["longitude"] = "outside"
    return problems


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def next_inspection_due(last_inspected_on: datetime.date) -> datetime.date:
    """A year after the last inspection."""
    return add_years(last_inspected_on, INSPECTION_EVERY_YEARS)


def first_inspection_due(
    built_on: datetime.date | None, recorded_on: datetime.date
) -> datetime.date:
    """A work never inspected is due from its completion, or from the day it was recorded."""
    return built_on or recorded_on


def sooner(current: datetime.date | None, asked: datetime.date) -> datetime.date:
    """An incident asks for an inspection by `asked`: the earlier of the two dates."""
    return asked if current is None or asked < current else current


def is_due(inspection_due_on: datetime.date | None, state: str, day: datetime.date) -> bool:
    return inspection_due_on is not None and inspection_due_on <= day and state != OUT_OF_USE


def moves_the_work(inspected_on: datetime.date, last_inspected_on: datetime.date | None) -> bool:
    """Whether an inspection updates the work: not when an inspection after it is recorded."""
    return last_inspected_on is None or inspected_on >= last_inspected_on
