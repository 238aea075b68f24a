"""API schemas of the inspection registers (rows and details) and the bodies of their actions.
Communes are named by their official code, other rows by id."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from garrison.core.api import BodySchema, omittable

from . import rules

SEVERITIES = "minor, moderate or serious"
AREAS = (
    "organisation, militia, reserve, conscription, readiness, defence_works, education, "
    "civil_defence, reporting, finance or other"
)
RESULTS = "met, partly, not_met or not_applicable"


class InspectionPlanOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    year: int
    title: str
    decision: str
    approved_on: datetime.date | None
    notes: str
    version: int


class ChecklistItemOut(Schema):
    id: int
    checklist_version_id: int
    order: int
    area: str = Field(..., description=AREAS)
    text: str
    version: int


class ChecklistVersionOut(Schema):
    id: int
    template_id: int
    number: int
    published_at: datetime.datetime | None = Field(
        ..., description="null while the version is a draft (its points may change)"
    )


class ChecklistVersionDetailOut(ChecklistVersionOut):
    items: list[ChecklistItemOut]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class ChecklistTemplateOut(Schema):
    id: int
    province_code: int | None = Field(..., description="null: the Ministry's checklist")
    name: str
    description: str
    version: int

    @staticmethod
    def resolve_province_code(obj: Any) -> int | None:
        return obj.province.code if obj.province_id else None


class ChecklistTemplateDetailOut(ChecklistTemplateOut):
    versions: list[ChecklistVersionOut]

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(obj.versions.order_by("-number"))


class CorrectiveActionOut(Schema):
    id: int
    finding_id: int
    commune_code: int = Field(..., alias="commune.code")
    description: str
    due_on: datetime.date
    state: str = Field(..., description="open, answered, returned or verified")
    overdue: bool = Field(..., description="past its due date (before today) and not verified")
    answer: str
    completion_evidence: str
    answered_on: datetime.date | None
    verified_on: datetime.date | None
    verification_note: str = Field(
        ..., description="the inspector's note: why it was returned, or on verifying it"
    )
    version: int

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return rules.is_overdue(obj.due_on, obj.state, timezone.localdate())


class FindingOut(Schema):
    id: int
    inspection_id: int
    commune_code: int = Field(..., alias="commune.code")
    severity: str = Field(..., description=SEVERITIES)
    area: str = Field(..., description=AREAS)
    description: str
    evidence: str
    found_on: datetime.date
    state: str = Field(
        ..., description="open, corrected (every action verified) or closed (without action)"
    )
    closed_reason: str
    version: int


class FindingDetailOut(FindingOut):
    actions: list[CorrectiveActionOut]
    rechecked_by_ids: list[int] = Field(..., description="the inspections that re-checked it")

    @staticmethod
    def resolve_actions(obj: Any) -> list[Any]:
        return list(obj.actions.select_related("commune").order_by("due_on", "pk"))

    @staticmethod
    def resolve_rechecked_by_ids(obj: Any) -> list[int]:
        return list(obj.rechecked_by.order_by("pk").values_list("pk", flat=True))


class ChecklistAnswerOut(Schema):
    item_id: int
    commune_code: int = Field(..., alias="commune.code")
    result: str = Field(..., description=RESULTS)
    note: str


class InspectionOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    plan_id: int | None
    kind: str = Field(..., description="inspection or supervision")
    title: str
    decision: str
    starts_on: datetime.date
    ends_on: datetime.date
    state: str = Field(..., description="planned, in_progress, done or cancelled")
    checklist_version_id: int | None
    commune_codes: list[int] = Field(..., description="the communes inspected")
    team_ids: list[int] = Field(..., description="the team's users")
    outside_members: str
    lead: str
    recheck_ids: list[int] = Field(..., description="the findings this inspection re-checks")
    conclusion: str
    version: int

    @staticmethod
    def resolve_commune_codes(obj: Any) -> list[int]:
        return [t.commune.code for t in obj.targets.all()]

    @staticmethod
    def resolve_team_ids(obj: Any) -> list[int]:
        return sorted(user.pk for user in obj.team.all())

    @staticmethod
    def resolve_recheck_ids(obj: Any) -> list[int]:
        return sorted(finding.pk for finding in obj.rechecks.all())


class InspectionDetailOut(InspectionOut):
    findings: list[FindingDetailOut]
    answers: list[ChecklistAnswerOut]

    @staticmethod
    def resolve_findings(obj: Any) -> list[Any]:
        return list(obj.findings.select_related("commune").order_by("found_on", "pk"))

    @staticmethod
    def resolve_answers(obj: Any) -> list[Any]:
        return list(obj.answers.select_related("commune").order_by("commune__name", "item__order"))


# --- bodies -----------------------------------------------------------------------------------
class InspectionIn(BodySchema):
    plan_id: int | None = None
    kind: str = Field("inspection", description="inspection or supervision")
    title: str
    decision: str = ""
    starts_on: datetime.date
    ends_on: datetime.date
    state: str = Field("planned", description="planned, in_progress, done or cancelled")
    checklist_version_id: int | None = Field(None, description="a published checklist version")
    commune_codes: list[int] = Field(..., description="the communes inspected (at least one)")
    team_ids: list[int] = Field([], description="users of the province")
    outside_members: str = ""
    lead: str = ""
    recheck_ids: list[int] = Field(
        [], description="open findings of the communes inspected, for a re-inspection"
    )
    conclusion: str = ""


class InspectionPatch(BodySchema):
    """Send only what changes; `null` empties a field that may be empty."""

    version: int
    plan_id: int | None = None
    kind: str = omittable()
    title: str = omittable()
    decision: str | None = None
    starts_on: datetime.date = omittable()
    ends_on: datetime.date = omittable()
    state: str = omittable()
    checklist_version_id: int | None = None
    commune_codes: list[int] = omittable("the communes inspected (at least one)")
    team_ids: list[int] = omittable("users of the province")
    outside_members: str | None = None
    lead: str | None = None
    recheck_ids: list[int] = omittable("findings re-checked")
    conclusion: str | None = None


class ChecklistLineIn(Schema):
    item_id: int = Field(..., description="a point of the inspection's checklist version")
    result: str = Field(..., description=RESULTS)
    note: str = ""


class ChecklistIn(BodySchema):
    commune_code: int = Field(..., description="one of the communes the inspection inspects")
    answers: list[ChecklistLineIn] = Field(
        ..., description="one per point of the inspection's checklist version"
    )


class RecordFindingIn(BodySchema):
    commune_code: int = Field(..., description="one of the communes the inspection inspects")
    severity: str = Field(..., description=SEVERITIES)
    area: str = Field(..., description=AREAS)
    description: str
    evidence: str = ""
    found_on: datetime.date | None = Field(
        None, description="empty: today; not before the inspection starts, never in the future"
    )


class AddActionIn(BodySchema):
    description: str
    due_on: datetime.date = Field(..., description="not before the finding was made")


class AnswerActionIn(BodySchema):
    answer: str = Field(..., description="what was done")
    completion_evidence: str = Field(..., description="the evidence of completion")


class VerifyActionIn(BodySchema):
    note: str = ""


class InspectionReasonIn(BodySchema):
    reason: str = Field("", description="required: an empty reason answers 400")
