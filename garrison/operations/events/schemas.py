"""Bodies and answers of the readiness API beyond the generated ones."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from garrison.core.api import BodySchema


class ReturnPlanIn(BodySchema):
    reason: str = Field(
        "", description="what the commune must correct (required: an empty reason answers 400)"
    )


class BulkApprovePlansIn(BodySchema):
    ids: list[int] = Field(..., max_length=500, description="plans to approve (at most 500)")


class BulkPlanFailureOut(Schema):
    id: int
    commune: str = Field("", description="the plan's commune (empty when not found)")
    reason: str


class BulkApprovePlansOut(Schema):
    approved: list[int]
    failed: list[BulkPlanFailureOut] = Field(
        ..., description='each plan not approved and why ("not found" outside your area)'
    )


class ReadinessPlanOut(Schema):
    id: int
    version: int
    event_id: int
    commune_id: int
    province_id: int
    status: str = Field(..., description="draft, submitted, returned or approved")
    key_places: str
    contacts: str
    content: str
    has_document: bool = Field(..., description="whether the signed plan is attached")
    copied_from_id: int | None = Field(None, description="the previous plan it started from")
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    return_reason: str

    @staticmethod
    def resolve_has_document(obj) -> bool:
        return bool(obj.document)


class ReadinessPlanDetailOut(ReadinessPlanOut):
    standby_unit_ids: list[int]
    standby_member_ids: list[int]
    standby_staff_ids: list[int] = Field(..., description="command assignments on standby")

    @staticmethod
    def resolve_standby_unit_ids(obj) -> list[int]:
        return [u.pk for u in obj.standby_units.all()]

    @staticmethod
    def resolve_standby_member_ids(obj) -> list[int]:
        return [m.pk for m in obj.standby_members.all()]

    @staticmethod
    def resolve_standby_staff_ids(obj) -> list[int]:
        return [a.pk for a in obj.standby_staff.all()]


class _PlanTexts(BodySchema):
    standby_units_ids: list[int] | None = Field(None, description="units of your commune")
    standby_members_ids: list[int] | None = Field(
        None, description="serving militia members of your commune"
    )
    standby_staff_ids: list[int] | None = Field(
        None, description="current assignments of your commune's command"
    )
    key_places: str | None = Field(None, description="key places to guard")
    contacts: str | None = Field(None, description="contacts")
    content: str | None = Field(None, description="content of the plan")


class ReadinessPlanIn(_PlanTexts):
    event_id: int = Field(..., description="a declared event that reaches your commune")
    start_from_previous: bool = Field(
        False,
        description="copy your plan for the event's previous similar event (texts left empty "
        "here and the forces on standby still serving)",
    )


class ReadinessPlanPatch(_PlanTexts):
    version: int = Field(..., description="the version you read; a stale one answers 409")
