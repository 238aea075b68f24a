"""The directives API: list, read, create (and send), attach files, send, amend and remind for
the province; the receipts, acknowledge and report completion (with files) for the commune."""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from garrison.core.api import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    ApiFieldError,
    Pagination,
    call_service,
    get_editable,
    get_visible,
)
from garrison.core.scoping import scope_of
from garrison.reporting.permissions import can_issue
from garrison.territory.models import Commune

from . import rules, services
from .filters import STATE_CHOICES
from .models import Directive, DirectiveReceipt
from .schemas import (
    AmendIn,
    CompleteIn,
    CountOut,
    DirectiveDetailOut,
    DirectiveIn,
    DirectiveOut,
    ReceiptDetailOut,
    ReceiptOut,
)

router = Router(tags=["reporting"])
STATES = [value for value, _label in STATE_CHOICES]
FILES_HELP = (
    "PDF, Word (.docx), Excel (.xlsx), JPEG or PNG whose content matches its name; at most "
    f"{rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB each and {rules.MAX_ATTACHMENTS} at once"
)


def call_with_files(service: Any, **kwargs: Any) -> Any:
    """`call_service` for a service given uploads: what its attachment checks refuse (type,
    content, size, count) answers 422 naming the request's `files` field."""
    try:
        return call_service(service, **kwargs)
    except ApiFieldError as exc:
        if "attachments" in exc.errors:
            exc.errors["files"] = exc.errors.pop("attachments")
            exc.status = 422
        raise


def file_rows(rows, route: str) -> list[dict]:
    return [
        {
            "id": a.pk,
            "name": a.name,
            "size": a.size,
            "url": reverse(route, kwargs={"pk": a.pk}),
        }
        for a in rows
    ]


def _directives(request: HttpRequest):
    return (
        Directive.objects.visible_to(request.user)
        .select_related("province")
        .with_progress(request.user, timezone.localdate())
    )


def _directive_detail(request: HttpRequest, pk: int) -> Directive:
    directive = _directives(request).get(pk=pk)
    directive.recipient_codes = (
        []
        if directive.to_all_communes
        else sorted(directive.recipients.values_list("code", flat=True))
    )
    directive.files = file_rows(directive.attachments.all(), "reporting:directive_attachment")
    directive.pdf_url = reverse("reporting:directive_pdf", kwargs={"pk": directive.pk})
    return directive


@router.get(
    "/reporting/directives",
    response={200: list[DirectiveOut], **ERRORS_LIST},
    summary="List directives with each one's progress",
    description="A province sees its directives (drafts included) with the counts over all "
    "addressed communes; a commune sees the directives sent to it, the counts over its own "
    "receipt. `status` draft or issued; `overdue` true: only those with communes overdue; "
    "`year` the issue year.",
)
@paginate(Pagination)
def list_directives(
    request: HttpRequest,
    status: str | None = None,
    overdue: bool | None = None,
    year: int | None = None,
):
    qs = _directives(request).order_by("-issued_on", "-pk")
    if status:
        if status not in Directive.Status.values:
            raise ApiFieldError({"status": [_("Use draft or issued.")]}, status=422)
        qs = qs.filter(status=status)
    if overdue is not None:
        qs = qs.filter(overdue_count__gt=0) if overdue else qs.filter(overdue_count=0)
    if year:
        qs = qs.filter(issued_on__year=year)
    return qs


@router.get(
    "/reporting/directives/{directive_id}",
    response={200: DirectiveDetailOut, **ERRORS_READ},
    summary="Get a directive: text, amendments, addressed communes, files, progress",
)
def get_directive(request: HttpRequest, directive_id: int):
    directive = get_visible(request, _directives(request), pk=directive_id)
    return _directive_detail(request, directive.pk)


@router.post(
    "/reporting/directives",
    response={201: DirectiveDetailOut, **ERRORS_WRITE},
    summary="Write a directive (a draft, or sent at once with `issue`)",
    description="Province staff only. `recipient_codes` name the communes when "
    "`to_all_communes` is false. Attach files to the draft with "
    "`POST /reporting/directives/{directive_id}/attachments`. A bad field answers 400 naming "
    "it, and nothing is saved.",
)
def create_directive(request: HttpRequest, payload: DirectiveIn):
    if not can_issue(request.user):
        raise HttpError(403, _("Only a province's staff write directives."))
    scope = scope_of(request.user)
    data = payload.dict()
    codes = data.pop("recipient_codes")
    issue = data.pop("issue")
    communes = list(Commune.objects.visible_to(request.user).filter(code__in=codes))
    unknown = sorted(set(codes) - {c.code for c in communes})
    if unknown:
        raise ApiFieldError(
            {"recipient_codes": [f"No commune with code {c} in your province." for c in unknown]}
        )
    directive = Directive(province_id=scope.province_id, **data)
    with transaction.atomic():
        call_service(
            services.do_create_directive,
            actor=request.user,
            directive=directive,
            recipients=communes,
        )
        if issue:
            call_service(services.do_issue_directive, actor=request.user, directive=directive)
    return 201, _directive_detail(request, directive.pk)


@router.post(
    "/reporting/directives/{directive_id}/issue",
    response={200: DirectiveDetailOut, **ERRORS_WRITE},
    summary="Send a draft: one receipt per addressed commune, with the due date",
)
def issue_directive(request: HttpRequest, directive_id: int):
    directive = get_editable(request, _directives(request), pk=directive_id)
    call_service(services.do_issue_directive, actor=request.user, directive=directive)
    return _directive_detail(request, directive.pk)


@router.post(
    "/reporting/directives/{directive_id}/amend",
    response={200: DirectiveDetailOut, **ERRORS_WRITE},
    summary="Add an amendment note to a sent directive",
)
def amend_directive(request: HttpRequest, directive_id: int, payload: AmendIn):
    directive = get_editable(request, _directives(request), pk=directive_id)
    call_service(
        services.do_amend_directive, actor=request.user, directive=directive, note=payload.note
    )
    return _directive_detail(request, directive.pk)


@router.post(
    "/reporting/directives/{directive_id}/remind",
    response={200: CountOut, **ERRORS_WRITE},
    summary="Remind every addressed commune that has not reported completion",
    description="Recorded on each receipt (count and time); the commune sees it in its to-do "
    "list. 400 when every commune has completed.",
)
def remind_directive(request: HttpRequest, directive_id: int):
    directive = get_editable(request, _directives(request), pk=directive_id)
    n = call_service(services.do_remind_laggards, actor=request.user, directive=directive)
    return {"count": n}


@router.post(
    "/reporting/directives/{directive_id}/attachments",
    response={200: DirectiveDetailOut, **ERRORS_WRITE},
    summary="Attach files to a draft directive (multipart `files`)",
    description="Province staff, while the directive is a draft. A file refused (type, "
    "content, size, count) answers 422 naming `files` with the reason, and none is attached.",
)
def attach_directive_files(
    request: HttpRequest,
    directive_id: int,
    files: Annotated[list[UploadedFile], File(description=FILES_HELP)] = (),
):
    directive = get_editable(request, _directives(request), pk=directive_id)
    call_with_files(
        services.do_add_directive_attachments,
        actor=request.user,
        directive=directive,
        attachments=files,
    )
    return _directive_detail(request, directive.pk)


# --- receipts -------------------------------------------------------------------------------------
def _receipts(request: HttpRequest):
    return (
        DirectiveReceipt.objects.visible_to(request.user)
        .select_related("directive", "commune")
        .with_state(timezone.localdate())
    )


@router.get(
    "/reporting/receipts",
    response={200: list[ReceiptOut], **ERRORS_LIST},
    summary="List directive receipts (a commune: its own)",
    description="`directive` a directive id; `commune` a commune code; `state` "
    + ", ".join(STATES)
    + ".",
)
@paginate(Pagination)
def list_receipts(
    request: HttpRequest,
    directive: int | None = None,
    commune: int | None = None,
    state: str | None = None,
):
    qs = _receipts(request).order_by("-due_on", "commune__name", "pk")
    if directive is not None:
        qs = qs.filter(directive_id=directive)
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if state:
        if state not in STATES:
            raise ApiFieldError({"state": [f"Use one of {', '.join(STATES)}."]}, status=422)
        qs = qs.filter_state(state, timezone.localdate())
    return qs


def _receipt_detail(request: HttpRequest, pk: int) -> DirectiveReceipt:
    receipt = _receipts(request).get(pk=pk)
    receipt.files = file_rows(receipt.attachments.all(), "reporting:receipt_attachment")
    return receipt


@router.get(
    "/reporting/receipts/{receipt_id}",
    response={200: ReceiptDetailOut, **ERRORS_READ},
    summary="Get a receipt with the account of completion and its files",
)
def get_receipt(request: HttpRequest, receipt_id: int):
    receipt = get_visible(request, _receipts(request), pk=receipt_id)
    return _receipt_detail(request, receipt.pk)


@router.post(
    "/reporting/receipts/{receipt_id}/acknowledge",
    response={200: ReceiptDetailOut, **ERRORS_WRITE},
    summary="Acknowledge receipt of a directive (the commune)",
)
def acknowledge_receipt(request: HttpRequest, receipt_id: int):
    receipt = get_editable(request, _receipts(request), pk=receipt_id)
    call_service(services.do_acknowledge_receipt, actor=request.user, receipt=receipt)
    return _receipt_detail(request, receipt.pk)


@router.post(
    "/reporting/receipts/{receipt_id}/complete",
    response={200: ReceiptDetailOut, **ERRORS_WRITE},
    summary="Report completion with a short account (the commune)",
    description="Acknowledges receipt too if not done yet. To attach files, send the account "
    "and the files to `/complete-with-files` instead.",
)
def complete_receipt(request: HttpRequest, receipt_id: int, payload: CompleteIn):
    receipt = get_editable(request, _receipts(request), pk=receipt_id)
    call_service(
        services.do_complete_receipt,
        actor=request.user,
        receipt=receipt,
        account=payload.account,
    )
    return _receipt_detail(request, receipt.pk)


@router.post(
    "/reporting/receipts/{receipt_id}/complete-with-files",
    response={200: ReceiptDetailOut, **ERRORS_WRITE},
    summary="Report completion with an account and files (the commune; multipart)",
    description="Acknowledges receipt too if not done yet. An empty `account` answers 400 "
    "naming it; a file refused (type, content, size, count) answers 422 naming `files` with "
    "the reason; either way nothing is recorded.",
)
def complete_receipt_with_files(
    request: HttpRequest,
    receipt_id: int,
    account: Annotated[str, Form(description="a short account of what was done")] = "",
    files: Annotated[list[UploadedFile], File(description=FILES_HELP)] = (),
):
    receipt = get_editable(request, _receipts(request), pk=receipt_id)
    call_with_files(
        services.do_complete_receipt,
        actor=request.user,
        receipt=receipt,
        account=account,
        attachments=files,
    )
    return _receipt_detail(request, receipt.pk)
