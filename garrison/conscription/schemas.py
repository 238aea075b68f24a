"""API schemas of the military-service register."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from garrison.core.api import BodySchema


class RecordOut(Schema):
    id: int
    citizen_id: str = Field(..., alias="person.citizen_id")
    full_name: str = Field(..., alias="person.full_name")
    date_of_birth: datetime.date = Field(..., alias="person.date_of_birth")
    commune_code: int = Field(..., alias="commune.code")
    status: str
    registered_on: datetime.date
    certificate_number: str
    version: int


class RecordDetailOut(RecordOut):
    outcome: dict[str, Any] = Field(
        ..., description="the rules engine's answer today (LAW.md section 10), or the decision"
    )

    @staticmethod
    def resolve_outcome(record: Any) -> dict[str, Any]:
        from django.utils import timezone

        from .services import current_outcome

        return current_outcome(record, timezone.localdate())


class RecordIn(BodySchema):
    citizen_id: str = Field(..., description="a person in your register, not yet registered")
    registered_on: datetime.date


class HandOverIn(BodySchema):
    to_commune_code: int
    reason: str
    on: datetime.date | None = None


class ReceiveIn(BodySchema):
    on: datetime.date | None = None


class TransferOut(Schema):
    id: int
    record_id: int
    citizen_id: str = Field(..., alias="record.person.citizen_id")
    from_commune_code: int = Field(..., alias="from_commune.code")
    to_commune_code: int = Field(..., alias="to_commune.code")
    reason: str
    status: str
    handed_over_on: datetime.date
    received_on: datetime.date | None


class CampaignOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    year: int
    quota: int
    status: str
    exam_start: datetime.date
    exam_end: datetime.date
    handover_date: datetime.date
    notice_deadline: datetime.date


class CommuneProgressOut(Schema):
    commune_code: int
    commune_name: str
    quota: int
    pool: int
    callable: int
    screened: int
    examined: int
    cleared: int
    selected: int
    ordered: int
    enlisted: int
    absent: int


class CampaignDetailOut(CampaignOut):
    communes: list[CommuneProgressOut]

    @staticmethod
    def resolve_communes(campaign: Any, context: Any) -> list[dict[str, Any]]:
        from .services import campaign_progress

        return campaign_progress(context["request"].user, campaign)


class QuotasIn(BodySchema):
    quotas: dict[str, int] = Field(
        ...,
        description="commune code → quota; communes left out get 0; the sum must equal "
        "the province quota",
    )


class CandidateOut(Schema):
    id: int
    campaign_id: int
    citizen_id: str = Field(..., alias="person.citizen_id")
    full_name: str = Field(..., alias="person.full_name")
    commune_code: int = Field(..., alias="commune.code")
    outcome: str
    grounds: list[str]
    outcome_until: datetime.date | None
    stage: str
    screening: str
    background: str
    selected: bool
    enlistment: str
    version: int


class HealthExamIn(BodySchema):
    examined_on: datetime.date
    board: str
    health_class: int = Field(..., ge=1, le=6)
    myopia_d: float | None = Field(None, ge=0)
    hyperopia: bool = False
    bmi: float | None = Field(None, ge=10, le=70)
    drug_addicted: bool = False
    notes: str = ""


class BackgroundIn(BodySchema):
    cleared: bool
    checked_on: datetime.date
    note: str = ""


class DecisionIn(BodySchema):
    kind: str = Field(..., description="deferral (NVQS 41.1) or exemption (41.2)")
    letter: str = Field(..., description="the point of Art 41: a, b, c, d, đ, e, g, h")
    evidence: str
    decided_by: str
    decided_on: datetime.date
    until: datetime.date | None = None
    decision_number: str = ""


class SelectionIn(BodySchema):
    selected: bool = True


class OrderIn(BodySchema):
    issued_on: datetime.date
    report_at: datetime.datetime
    report_place: str
    signer_name: str


class EnlistmentIn(BodySchema):
    reported: bool
    reason: str = ""


class OrderOut(Schema):
    id: int
    number: str
    candidate_id: int
    citizen_id: str = Field(..., alias="candidate.person.citizen_id")
    full_name: str = Field(..., alias="candidate.person.full_name")
    commune_code: int = Field(..., alias="commune.code")
    issued_on: datetime.date
    report_at: datetime.datetime
    report_place: str
