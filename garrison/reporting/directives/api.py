"""The directives API: list, read, create (and send), attach files, send, amend and remind for
the province; the receipts, acknowledge and report completion (with files) for the commune."""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status

from garrison.core.api import (
    ERRORS_WRITE,
    ApiFieldError,
    call_service,
    get_editable,
    get_visible,
)
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.core.scoping import scope_of
from garrison.reporting.permissions import can_issue
from garrison.territory.models import Commune

from . import rules, services
from .models import Directive, DirectiveReceipt
from .schemas import (
    AmendIn,
    CompleteIn,
    CountOut,
    DirectiveDetailOut,
    DirectiveIn,
    ReceiptDetailOut,
)
from .views import DirectiveConfig, DirectiveReceiptConfig

router = Router(tags=["reporting"])
add_register_routes(router, DirectiveConfig)
add_register_routes(router, DirectiveReceiptConfig)
add_action_route(
    router,
    DirectiveConfig,
    "issue",
    service=services.do_issue_directive,
    target="directive",
    summary="Send a draft: one receipt per addressed commune, with the due date",
)
add_action_route(
    router,
    DirectiveConfig,
    "amend",
    service=services.do_amend_directive,
    target="directive",
    payload=AmendIn,
    summary="Add an amendment note to a sent directive",
)
add_action_route(
    router,
    DirectiveReceiptConfig,
    "acknowledge",
    service=services.do_acknowledge_receipt,
    target="receipt",
    summary="Acknowledge receipt of a directive (the commune)",
)
add_action_route(
    router,
    DirectiveReceiptConfig,
    "complete",
    service=services.do_complete_receipt,
    target="receipt",
    payload=CompleteIn,
    summary="Report completion with a short account (the commune)",
    description="Acknowledges receipt too if not done yet. To attach files, send the account "
    "and the files to `/complete-with-files` instead.",
)
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


def _directive_detail(request: HttpRequest, pk: int) -> Directive:
    return get_visible(request, DirectiveConfig.api_queryset(request), pk=pk)


def _directives(request: HttpRequest):
    return DirectiveConfig.api_queryset(request)


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
    return Status(201, _directive_detail(request, directive.pk))


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
    return DirectiveReceiptConfig.api_queryset(request)


def _receipt_detail(request: HttpRequest, pk: int) -> DirectiveReceipt:
    return get_visible(request, _receipts(request), pk=pk)


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
