"""API schemas of defence works and their inspections, and the bodies of the works' actions."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from garrison.core.api import BodySchema


class DefenceWorkOut(Schema):
    id: int
    commune_code: int = Field(..., alias="commune.code")
    kind: str
    name: str
    village_id: int | None
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    capacity_people: int | None
    capacity_vehicles: int | None
    capacity_tonnes: Decimal | None
    state: str = Field(
        ..., description="planned, under_construction, ready, degraded or out_of_use"
    )
    responsible_unit_id: int | None
    built_on: datetime.date | None
    last_inspected_on: datetime.date | None
    last_finding: str
    inspection_due_on: datetime.date | None = Field(
        ..., description="the next inspection: a year after the last, or sooner after an incident"
    )
    inspection_reason: str
    version: int


class WorkInspectionOut(Schema):
    id: int
    work_id: int
    commune_code: int = Field(..., alias="commune.code")
    inspected_on: datetime.date
    inspectors: str
    state_found: str
    findings: str
    incident_id: int | None


class DefenceWorkDetailOut(DefenceWorkOut):
    description: str
    inspections: list[WorkInspectionOut]

    @staticmethod
    def resolve_inspections(obj: Any) -> list[Any]:
        return list(obj.inspections.select_related("commune").order_by("-inspected_on", "-pk"))


# --- bodies of the actions ---------------------------------------------------------------------
class RecordInspectionIn(BodySchema):
    inspected_on: datetime.date = Field(..., description="never in the future")
    inspectors: str
    state_found: str = Field(
        ..., description="planned, under_construction, ready, degraded or out_of_use"
    )
    findings: str
    incident_id: int | None = Field(None, description="an incident of the work's commune")


class RequestInspectionIn(BodySchema):
    incident_id: int = Field(..., description="an incident of the work's commune")
    due_on: datetime.date = Field(..., description="the inspection falls due then, if sooner")


__all__ = [
    "DefenceWorkDetailOut",
    "DefenceWorkOut",
    "RecordInspectionIn",
    "RequestInspectionIn",
    "WorkInspectionOut",
]
