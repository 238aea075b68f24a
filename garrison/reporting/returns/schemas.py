"""API schemas of report forms and the communes' returns."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from garrison.core.api import BodySchema

from .periods import KEY_EXAMPLES


# --- report forms ---------------------------------------------------------------------------------
class FormOut(Schema):
    id: int
    province_code: int | None = Field(
        ..., description="the form's province; null for a Ministry form (every commune returns it)"
    )
    code: str
    name: str
    period_type: str = Field(..., description="week, month, quarter, half_year, year or event")
    due_days: int = Field(..., description="a return is due this many days after its period")
    event_start: datetime.date | None
    event_end: datetime.date | None
    active: bool = Field(..., description="false: no new return can be started")
    current_version: int | None = Field(
        ...,
        alias="current_version_number",
        description="the published version new returns are made on (null: none yet)",
    )
    period_key_example: str = Field(..., description="how this form's period keys are written")
    version: int

    @staticmethod
    def resolve_period_key_example(obj) -> str:
        return KEY_EXAMPLES.get(obj.period_type, "")


class FormFieldOut(Schema):
    key: str = Field(..., description="the field's name in `values`, kept across versions")
    label: str
    section: str
    kind: str = Field(..., description="number, text, date or choice")
    required: bool = Field(..., description="must be filled before the return is submitted")
    choices: list[str] = Field(..., alias="choice_list", description="for a choice field")
    min_value: int | None = Field(..., description="the smallest number accepted")
    whole: bool = Field(
        ...,
        description="a number field that takes whole numbers only (a count); "
        '"1.200", "1,200" and "1 200" are read as 1200 there, and a decimal is refused',
    )
    unit: str
    computed: bool = Field(
        ..., description="filled from the registers (see `indicator`); it cannot be typed"
    )
    indicator: str = Field(..., description="the register indicator of a computed field")
    help_text: str


class FormRuleOut(Schema):
    left: str = Field(..., description="a number field's key")
    op: str = Field(..., description="<=, <, >=, >, == or !=")
    right_field: str = Field(..., description="another number field's key, or empty")
    right_value: float | None = Field(..., description="a number, when not a field")
    severity: str = Field(..., description="block: stops submission; warn: only warns")
    message: str


class FormVersionOut(Schema):
    number: int
    published_at: datetime.datetime | None
    note: str


class FormDetailOut(FormOut):
    description: str
    current_period_key: str = Field(..., description="the period today falls in")
    published_version: FormVersionOut | None = Field(
        ..., description="the current version (null while none is published)"
    )
    fields: list[FormFieldOut] = Field(..., description="the current version's fields, in order")
    rules: list[FormRuleOut] = Field(..., description="the current version's checks")

    @staticmethod
    def resolve_published_version(form) -> Any:
        return _published(form)

    @staticmethod
    def resolve_fields(form) -> list[Any]:
        version = _published(form)
        return list(version.fields.all()) if version else []

    @staticmethod
    def resolve_rules(form) -> list[Any]:
        version = _published(form)
        return list(version.rules.all()) if version else []

    @staticmethod
    def resolve_current_period_key(form) -> str:
        from django.utils import timezone

        try:
            return form.period_of(timezone.localdate()).key
        except ValueError:  # an event form without its days
            return ""


def _published(form) -> Any:
    """The form's current version, read once per answer."""
    if not hasattr(form, "_published_version"):
        form._published_version = form.current_version()
    return form._published_version


# --- returns (submissions) ------------------------------------------------------------------------
class SubmissionOut(Schema):
    id: int
    form_id: int
    form_code: str = Field(..., alias="form.code")
    form_version: int = Field(..., alias="form_version.number", description="made on it")
    commune_code: int = Field(..., alias="commune.code")
    commune_name: str = Field(..., alias="commune.name")
    period_key: str
    period_start: datetime.date
    period_end: datetime.date
    due_on: datetime.date
    state: str = Field(..., description="draft, submitted, returned or approved")
    on_time: bool | None = Field(
        ..., description="judged by the first submission; null before it is submitted"
    )
    days_late: int = Field(..., description="days after the due date (so far, if not submitted)")
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    version: int = Field(..., description="send it back with a change to refuse stale edits")


class SubmissionEventOut(Schema):
    at: datetime.datetime
    action: str = Field(
        ..., description="created, saved, refreshed, submitted, returned or approved"
    )
    action_label: str = Field(..., alias="get_action_display")
    actor: str = Field(..., description="who (empty for the system)")
    note: str
    changes: dict[str, list] = Field(..., description="{key: [before, after]} of the values")

    @staticmethod
    def resolve_actor(obj) -> str:
        return str(obj.actor) if obj.actor_id else ""


class SubmissionDetailOut(SubmissionOut):
    state_label: str = Field(..., alias="get_state_display")
    values: dict[str, Any] = Field(..., description="by field key; computed fields included")
    sources: dict[str, dict] = Field(
        ...,
        description="for each computed field: indicator, label, source (the register), as_of, "
        "value and url (the register's list behind the figure)",
    )
    warnings: list[str] = Field(..., description="warning rules broken (they do not block)")
    problems: dict[str, list[str]] = Field(
        ...,
        description="what stops submission now, by field key (missing required fields, "
        "broken blocking rules); empty once submitted",
    )
    note: str = Field(..., description="the commune's note")
    return_reason: str = Field(..., description="why the province returned it")
    history: list[SubmissionEventOut]

    @staticmethod
    def resolve_problems(submission) -> dict[str, list[str]]:
        from .services import submission_problems

        return submission_problems(submission) if submission.editable_by_commune else {}

    @staticmethod
    def resolve_history(submission) -> list[Any]:
        return list(submission.events.select_related("actor"))


class SubmissionIn(BodySchema):
    values: dict[str, Any] | None = Field(
        None,
        description="typed values by field key (numbers, text, dates as yyyy-mm-dd or "
        "dd/mm/yyyy, choices as listed); a field left out keeps its value, null empties it; "
        "computed fields are filled from the registers and cannot be typed",
        examples=[{"trained": 12, "patrols": 5, "situation": "Ổn định"}],
    )
    note: str | None = Field(None, description="the commune's note (left out: unchanged)")
    version: int | None = Field(
        None, description="the version you read: a return changed since answers 409"
    )


class SubmitIn(BodySchema):
    version: int | None = Field(
        None, description="the version you read: a return changed since answers 409"
    )


class WithdrawIn(BodySchema):
    reason: str = Field("", max_length=2000, description="why (optional; kept in the history)")


class ReturnIn(BodySchema):
    reason: str = Field(
        "", description="what the commune must correct (required: an empty reason answers 400)"
    )


class BulkApproveIn(BodySchema):
    ids: list[int] = Field(..., max_length=500, description="returns to approve (at most 500)")


class BulkFailureOut(Schema):
    id: int
    reason: str


class BulkApproveOut(Schema):
    approved: list[int]
    failed: list[BulkFailureOut] = Field(
        ..., description='each return not approved and why ("not found" outside your area)'
    )
