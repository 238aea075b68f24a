"""The reporting models, gathered under the app label `reporting` from its sub-domains:
directives down (directives/models.py), report forms with their versions and the communes'
returns up (returns/models.py). The reporting rate has no model of its own."""

from .directives.models import (
    STATE_LABELS,
    Attachment,
    Directive,
    DirectiveAttachment,
    DirectiveReceipt,
    ReceiptAttachment,
)
from .returns.models import (
    FormField,
    FormRule,
    FormVersion,
    ReportForm,
    Submission,
    SubmissionEvent,
)

__all__ = [
    "STATE_LABELS",
    "Attachment",
    "Directive",
    "DirectiveAttachment",
    "DirectiveReceipt",
    "FormField",
    "FormRule",
    "FormVersion",
    "ReceiptAttachment",
    "ReportForm",
    "Submission",
    "SubmissionEvent",
]
