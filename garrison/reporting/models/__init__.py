"""The reporting models: directives down (directives.py), report forms and their versions
(forms.py), and the communes' returns up (submissions.py)."""

from .directives import (
    STATE_LABELS,
    Attachment,
    Directive,
    DirectiveAttachment,
    DirectiveReceipt,
    ReceiptAttachment,
    _upload_to,  # noqa: F401  (named by migration 0001)
)
from .forms import FormField, FormRule, FormVersion, ReportForm
from .submissions import Submission, SubmissionEvent

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
