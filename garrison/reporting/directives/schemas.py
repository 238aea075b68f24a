"""API schemas of directives and their receipts."""

from __future__ import annotations

import datetime

from django.urls import reverse
from ninja import Field, Schema

from garrison.core.api import BodySchema


def file_rows(rows, route: str) -> list[dict]:
    """Attachments as the API shows them: id, name, size and the URL that serves the file."""
    return [
        {"id": a.pk, "name": a.name, "size": a.size, "url": reverse(route, kwargs={"pk": a.pk})}
        for a in rows
    ]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class DirectiveOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    number: str
    title: str
    issued_on: datetime.date
    due_on: datetime.date
    status: str = Field(..., description="draft or issued")
    to_all_communes: bool
    issued_at: datetime.datetime | None
    recipients: int = Field(
        ..., alias="recipients_count", description="receipts you can see (a commune: its own)"
    )
    acknowledged: int = Field(..., alias="acknowledged_count")
    completed: int = Field(..., alias="completed_count")
    late: int = Field(..., alias="late_count", description="completed after the due date")
    overdue: int = Field(..., alias="overdue_count", description="not completed, past due")
    version: int


class DirectiveDetailOut(DirectiveOut):
    text: str
    amendment: str
    issuer_parent: str
    signer_title: str
    signer_name: str
    recipient_codes: list[int] = Field(
        ..., description="the chosen communes' codes (empty when sent to all communes)"
    )
    files: list[AttachmentOut]
    pdf_url: str

    @staticmethod
    def resolve_recipient_codes(directive) -> list[int]:
        if directive.to_all_communes:
            return []
        return sorted(directive.recipients.values_list("code", flat=True))

    @staticmethod
    def resolve_files(directive) -> list[dict]:
        return file_rows(directive.attachments.all(), "reporting:directive_attachment")

    @staticmethod
    def resolve_pdf_url(directive) -> str:
        return reverse("reporting:directive_pdf", kwargs={"pk": directive.pk})


class DirectiveIn(BodySchema):
    number: str = Field(..., description="number and symbol, e.g. 02/CT-BCH")
    title: str
    text: str
    issued_on: datetime.date
    due_on: datetime.date
    to_all_communes: bool = True
    recipient_codes: list[int] = Field(
        default_factory=list, description="commune codes, when not to all communes"
    )
    issuer_parent: str = ""
    signer_title: str = "CHỈ HUY TRƯỞNG"
    signer_name: str = ""
    issue: bool = Field(False, description="send at once (otherwise a draft is saved)")


class AmendIn(BodySchema):
    note: str


class CountOut(Schema):
    count: int = Field(..., description="how many communes it concerned")


class ReceiptOut(Schema):
    id: int
    directive_id: int
    directive_number: str = Field(..., alias="directive.number")
    directive_title: str = Field(..., alias="directive.title")
    commune_code: int = Field(..., alias="commune.code")
    commune_name: str = Field(..., alias="commune.name")
    due_on: datetime.date
    acknowledged_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    state: str = Field(
        ..., description="pending, acknowledged, overdue, completed or completed_late"
    )
    days_late: int
    reminders_sent: int
    last_reminded_at: datetime.datetime | None
    version: int


class ReceiptDetailOut(ReceiptOut):
    completion_account: str
    files: list[AttachmentOut]

    @staticmethod
    def resolve_files(receipt) -> list[dict]:
        return file_rows(receipt.attachments.all(), "reporting:receipt_attachment")


class CompleteIn(BodySchema):
    account: str = Field(..., description="a short account of what was done")
