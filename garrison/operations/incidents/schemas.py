"""API schemas of incidents, their mobilisations and situation reports."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from garrison.core.api import BodySchema


class IncidentOut(Schema):
    id: int
    commune_code: int = Field(..., alias="commune.code")
    event_id: int | None
    kind: str
    title: str
    occurred_at: datetime.datetime
    village: str
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    severity: str = Field(..., description="minor, moderate, severe or critical")
    status: str = Field(..., description="open or closed")
    people_evacuated: int
    households_evacuated: int
    evacuation_area_id: int | None = Field(
        None, description="the commune's evacuation area used, when people were evacuated"
    )
    deaths: int
    injured: int
    missing: int
    damage_vnd: int | None
    last_report_at: datetime.datetime | None
    next_report_due_at: datetime.datetime | None = Field(
        ..., description="when the next situation report is due (empty once closed)"
    )
    closed_at: datetime.datetime | None
    version: int


class UpdateOut(Schema):
    at: datetime.datetime
    text: str


class MobilisationOut(Schema):
    id: int
    incident_id: int
    member_id: int | None
    reservist_id: int | None
    means_id: int | None
    name: str
    from_at: datetime.datetime
    until_at: datetime.datetime | None
    task: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class MobilisationFlagOut(Schema):
    mobilisation_id: int
    other_incident_id: int
    other_incident_title: str
    other_from_at: datetime.datetime


class IncidentDetailOut(IncidentOut):
    description: str
    damage: str
    after_action: str
    lessons: str
    updates: list[UpdateOut]
    mobilisations: list[MobilisationOut]
    flags: list[MobilisationFlagOut] = Field(
        ...,
        description="mobilisations of this incident whose person or vehicle is mobilised for "
        "another incident at the same time (recorded, to be checked)",
    )
    pdf_url: str

    @staticmethod
    def resolve_flags(obj: Any) -> list[dict[str, Any]]:
        from .services import flagged_lines

        return [
            {
                "mobilisation_id": pk,
                "other_incident_id": other.incident_id,
                "other_incident_title": other.incident.title,
                "other_from_at": other.from_at,
            }
            for pk, other in flagged_lines(obj).items()
        ]

    @staticmethod
    def resolve_updates(obj: Any) -> list[Any]:
        return list(obj.updates.order_by("at", "pk"))

    @staticmethod
    def resolve_mobilisations(obj: Any) -> list[Any]:
        return list(
            obj.mobilisations.select_related("member__person", "reservist__person", "means")
        )

    @staticmethod
    def resolve_pdf_url(obj: Any) -> str:
        from django.urls import reverse

        return reverse("operations:incident_pdf", kwargs={"pk": obj.pk})


class SituationReportOut(Schema):
    id: int
    incident_id: int
    commune_code: int = Field(..., alias="commune.code")
    sent_at: datetime.datetime
    situation: str
    people_evacuated: int
    deaths: int
    injured: int
    missing: int
    needs: str
    read_at: datetime.datetime | None = Field(..., description="when the province opened it")


# --- bodies of the actions ---------------------------------------------------------------------
class IncidentUpdateIn(BodySchema):
    text: str
    at: datetime.datetime | None = Field(None, description="empty: now; never in the future")


class MobiliseIn(BodySchema):
    member_ids: list[int] = Field(default_factory=list, description="serving militia members")
    reservist_ids: list[int] = Field(default_factory=list, description="registered reservists")
    means_ids: list[int] = Field(default_factory=list, description="registered technical means")
    from_at: datetime.datetime | None = Field(None, description="empty: now")
    task: str = ""


class StandDownIn(BodySchema):
    until_at: datetime.datetime | None = Field(None, description="empty: now")


class SituationReportIn(BodySchema):
    situation: str
    people_evacuated: int = Field(0, ge=0)
    deaths: int = Field(0, ge=0)
    injured: int = Field(0, ge=0)
    missing: int = Field(0, ge=0)
    needs: str = ""
    sent_at: datetime.datetime | None = Field(None, description="empty: now; never in the future")


class CloseIncidentIn(BodySchema):
    after_action: str = Field(..., description="what happened, what was done, the results")
    lessons: str
    closed_at: datetime.datetime | None = Field(None, description="empty: now")


__all__ = [
    "CloseIncidentIn",
    "IncidentDetailOut",
    "IncidentOut",
    "IncidentUpdateIn",
    "MobilisationFlagOut",
    "MobilisationOut",
    "MobiliseIn",
    "SituationReportIn",
    "SituationReportOut",
    "StandDownIn",
]
