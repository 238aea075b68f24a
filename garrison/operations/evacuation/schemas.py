"""API schemas of the evacuation coverage (the assignments' schemas are generated)."""

from __future__ import annotations

from ninja import Schema


class CoverageAreaOfVillage(Schema):
    id: int
    name: str
    people: int


class CoverageVillage(Schema):
    id: int
    name: str
    declared_population: int | None
    registered: int
    to_move: int
    sent: int
    areas: list[CoverageAreaOfVillage]
    flag: str
    flag_label: str


class CoverageArea(Schema):
    id: int
    name: str
    state: str
    capacity: int | None
    assigned: int
    excess: int
    flag: str
    flag_label: str


class CoveragePlace(Schema):
    code: int
    name: str


class CoverageRow(Schema):
    code: int
    name: str
    villages: int
    villages_uncovered: int
    villages_partly_covered: int
    people_to_move: int
    areas: int
    areas_over_capacity: int
    areas_capacity_unknown: int
    capacity: int


class CoverageTotal(Schema):
    villages: int
    villages_uncovered: int
    villages_partly_covered: int
    people_to_move: int
    areas: int
    areas_over_capacity: int
    areas_capacity_unknown: int
    capacity: int


class CoverageOut(Schema):
    level: str
    commune: CoveragePlace | None = None
    province: CoveragePlace | None = None
    villages: list[CoverageVillage] | None = None
    areas: list[CoverageArea] | None = None
    villages_uncovered: int | None = None
    areas_over_capacity: int | None = None
    rows: list[CoverageRow] | None = None
    total: CoverageTotal | None = None
