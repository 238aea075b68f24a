"""Bodies and answers of the readiness API beyond the generated ones."""

from __future__ import annotations

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
