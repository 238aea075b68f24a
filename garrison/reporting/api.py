"""The reporting API. Directives: list, read, create (and send), attach files, send, amend and
remind for the province; the receipts, acknowledge and report completion (with files) for the
commune. Report forms: list and read with the current version's fields and rules. Returns: list,
read, start-or-save, submit (the commune), return, approve, approve many (the province). The
reporting rate of a form and period. Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
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
    ApiConflict,
    ApiFieldError,
    Pagination,
    call_service,
    get_editable,
    get_visible,
)
from garrison.core.scoping import NATION, PROVINCE, scope_of
from garrison.core.services import StaleEditError
from garrison.territory.models import Commune, Province

from . import periods, rates, rules, services
from .filters import STATE_CHOICES
from .models import Directive, DirectiveReceipt, FormVersion, ReportForm, Submission
from .schemas import (
    AmendIn,
    BulkApproveIn,
    BulkApproveOut,
    CompleteIn,
    CountOut,
    DirectiveDetailOut,
    DirectiveIn,
    DirectiveOut,
    FormDetailOut,
    FormOut,
    RatesOut,
    ReceiptDetailOut,
    ReceiptOut,
    ReturnIn,
    SubmissionDetailOut,
    SubmissionIn,
    SubmissionOut,
    SubmitIn,
)

router = Router(tags=["reporting"])
STATES = [value for value, _label in STATE_CHOICES]
SUBMISSION_STATES = list(Submission.State.values)
FILES_HELP = (
    "PDF, Word (.docx), Excel (.xlsx), JPEG or PNG whose content matches its name; at most "
    f"{rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB each and {rules.MAX_ATTACHMENTS} at once"
)


def _call(service: Any, **kwargs: Any) -> Any:
    """`call_service`, and a stale `version` answers 409 with the current one."""
    try:
        return call_service(service, **kwargs)
    except StaleEditError as exc:
        raise ApiConflict(str(exc), getattr(exc.current, "version", None)) from exc


def _call_with_files(service: Any, **kwargs: Any) -> Any:
    """`call_service` for a service given uploads: what its attachment checks refuse (type,
    content, size, count) answers 422 naming the request's `files` field."""
    try:
        return call_service(service, **kwargs)
    except ApiFieldError as exc:
        if "attachments" in exc.errors:
            exc.errors["files"] = exc.errors.pop("attachments")
            exc.status = 422
        raise


def _directives(request: HttpRequest):
    return (
        Directive.objects.visible_to(request.user)
        .select_related("province")
        .with_progress(request.user, timezone.localdate())
    )


def _files(rows, route: str) -> list[dict]:
    return [
        {
            "id": a.pk,
            "name": a.name,
            "size": a.size,
            "url": reverse(route, kwargs={"pk": a.pk}),
        }
        for a in rows
    ]


def _directive_detail(request: HttpRequest, pk: int) -> Directive:
    directive = _directives(request).get(pk=pk)
    directive.recipient_codes = (
        []
        if directive.to_all_communes
        else sorted(directive.recipients.values_list("code", flat=True))
    )
    directive.files = _files(directive.attachments.all(), "reporting:directive_attachment")
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
            raise ApiFieldError({"status": ["Use draft or issued."]}, status=422)
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
    scope = scope_of(request.user)
    if scope is None or scope.level != PROVINCE or not scope.can_write:
        raise HttpError(403, "Only a province's staff write directives.")
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
    _call_with_files(
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
    receipt.files = _files(receipt.attachments.all(), "reporting:receipt_attachment")
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
    _call_with_files(
        services.do_complete_receipt,
        actor=request.user,
        receipt=receipt,
        account=account,
        attachments=files,
    )
    return _receipt_detail(request, receipt.pk)


# --- report forms ---------------------------------------------------------------------------------
def _forms(request: HttpRequest):
    current = (
        FormVersion.objects.visible_to(request.user)
        .filter(form=OuterRef("pk"), published_at__isnull=False)
        .order_by("-number")
        .values("number")[:1]
    )
    return ReportForm.objects.visible_to(request.user).annotate(
        province_code=F("province__code"), current_version_number=Subquery(current)
    )


@router.get(
    "/reporting/forms",
    response={200: list[FormOut], **ERRORS_LIST},
    summary="List the report forms your communes return",
    description="A province's own forms and the Ministry's (`province_code` null); a commune "
    "sees those of its province and the Ministry's. `active` true: only those in use.",
)
@paginate(Pagination)
def list_forms(request: HttpRequest, active: bool | None = None):
    qs = _forms(request).order_by("code", "pk")
    if active is not None:
        qs = qs.filter(active=active)
    return qs


@router.get(
    "/reporting/forms/{form_id}",
    response={200: FormDetailOut, **ERRORS_READ},
    summary="Get a report form with its current version's fields and rules",
    description="`fields` say how each value is typed (`key` is its name in a return's "
    "`values`); a `computed` field is filled from the registers. `rules` are the checks "
    "across fields: `block` stops submission, `warn` only warns.",
)
def get_form(request: HttpRequest, form_id: int):
    form = get_visible(request, _forms(request), pk=form_id)
    version = form.current_version()
    form.published_version = version
    form.fields = list(version.fields.all()) if version else []
    form.rules = list(version.rules.all()) if version else []
    try:
        form.current_period_key = form.period_of(timezone.localdate()).key
    except ValueError:  # an event form without its days
        form.current_period_key = ""
    return form


# --- returns (submissions) ------------------------------------------------------------------------
def _submissions(request: HttpRequest):
    return Submission.objects.visible_to(request.user).select_related(
        "form", "form_version", "commune"
    )


def _submission_detail(request: HttpRequest, pk: int) -> Submission:
    submission = _submissions(request).get(pk=pk)
    submission.problems = (
        services.submission_problems(submission) if submission.editable_by_commune else {}
    )
    submission.history = list(submission.events.select_related("actor"))
    return submission


@router.get(
    "/reporting/submissions",
    response={200: list[SubmissionOut], **ERRORS_LIST},
    summary="List reports (returns) of the communes you see",
    description="`form` a form id; `period_key` e.g. 2026-10, 2026-Q4, 2026-H2, 2026-W45, "
    "2026 or event; `state` " + ", ".join(SUBMISSION_STATES) + "; `commune` a commune code.",
)
@paginate(Pagination)
def list_submissions(
    request: HttpRequest,
    form: int | None = None,
    period_key: str | None = None,
    state: str | None = None,
    commune: int | None = None,
):
    qs = _submissions(request).order_by("-period_start", "commune__name", "pk")
    if form is not None:
        qs = qs.filter(form_id=form)
    if period_key:
        qs = qs.filter(period_key__iexact=period_key.strip())
    if state:
        if state not in SUBMISSION_STATES:
            message = _("Use one of %(states)s.") % {"states": ", ".join(SUBMISSION_STATES)}
            raise ApiFieldError({"state": [message]}, detail=message, status=422)
        qs = qs.filter(state=state)
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    return qs


@router.post(
    "/reporting/submissions/approve",
    response={200: BulkApproveOut, **ERRORS_WRITE},
    summary="Approve many submitted reports at once (the province)",
    description="Each report is approved on its own: one that cannot be (not submitted, or "
    'outside your area: "not found") is listed in `failed` with the reason, and the others '
    "are approved all the same. Province staff only (403 otherwise).",
)
def bulk_approve_submissions(request: HttpRequest, payload: BulkApproveIn):
    scope = scope_of(request.user)
    if scope is None or scope.level != PROVINCE or not scope.can_write:
        raise HttpError(403, _("Only the province approves or returns reports."))
    ids = list(dict.fromkeys(payload.ids))
    found = _submissions(request).in_bulk(ids)
    result = services.do_bulk_approve(
        actor=request.user, submissions=[found[pk] for pk in ids if pk in found]
    )
    reasons = {submission.pk: why for submission, why in result.failed}
    return {
        "approved": [submission.pk for submission in result.approved],
        "failed": [
            {"id": pk, "reason": reasons[pk] if pk in found else _("not found")}
            for pk in ids
            if pk in reasons or pk not in found
        ],
    }


@router.get(
    "/reporting/submissions/{int:submission_id}",
    response={200: SubmissionDetailOut, **ERRORS_READ},
    summary="Get a report: values, sources of computed figures, warnings, problems, history",
)
def get_submission(request: HttpRequest, submission_id: int):
    submission = get_visible(request, _submissions(request), pk=submission_id)
    return _submission_detail(request, submission.pk)


@router.post(
    "/reporting/submissions/{int:submission_id}/submit",
    response={200: SubmissionDetailOut, **ERRORS_WRITE},
    summary="Submit a draft or returned report (the commune)",
    description="Refused (400) with every missing required field and broken blocking rule, "
    'named by field key. Optional body `{"version": n}`: a report changed since answers '
    "409. The first submission decides whether the report came on time.",
)
def submit_submission(request: HttpRequest, submission_id: int, payload: SubmitIn = None):
    submission = get_editable(request, _submissions(request), pk=submission_id)
    _call(
        services.do_submit,
        actor=request.user,
        submission=submission,
        expected_version=payload.version if payload else None,
    )
    return _submission_detail(request, submission.pk)


@router.post(
    "/reporting/submissions/{int:submission_id}/return",
    response={200: SubmissionDetailOut, **ERRORS_WRITE},
    summary="Return a submitted report to its commune with the reason (the province)",
)
def return_submission(request: HttpRequest, submission_id: int, payload: ReturnIn):
    submission = get_editable(request, _submissions(request), pk=submission_id)
    _call(services.do_return, actor=request.user, submission=submission, reason=payload.reason)
    return _submission_detail(request, submission.pk)


@router.post(
    "/reporting/submissions/{int:submission_id}/approve",
    response={200: SubmissionDetailOut, **ERRORS_WRITE},
    summary="Approve a submitted report (the province)",
)
def approve_submission(request: HttpRequest, submission_id: int):
    submission = get_editable(request, _submissions(request), pk=submission_id)
    _call(services.do_approve, actor=request.user, submission=submission)
    return _submission_detail(request, submission.pk)


def _period(form: ReportForm, key: str, field: str) -> periods.Period:
    """The form's period named by `key`; 422 naming `field`, with an example, when none is."""
    try:
        return form.period_for_key(key)
    except ValueError:
        message = _("%(key)s is not a period of this form: write it like %(example)s.") % {
            "key": key,
            "example": periods.KEY_EXAMPLES.get(form.period_type, ""),
        }
        raise ApiFieldError({field: [message]}, detail=message, status=422) from None


@router.put(
    "/reporting/submissions/{int:form_id}/{period_key}",
    response={200: SubmissionDetailOut, 201: SubmissionDetailOut, **ERRORS_WRITE},
    summary="Start or save your commune's report on a form for a period (the commune)",
    description="Starts the report (201) on the form's current version, computed fields filled "
    "from the registers, or saves the existing one (200). `period_key` as the form's "
    "`period_key_example` (e.g. 2026-10 for a monthly form): another answers 422 naming "
    "`period_key`. `values` name fields by key: a field left out keeps its value, null "
    "empties it; a value that does not fit answers 422 naming the field, and nothing is "
    "saved. A `version` other than the report's answers 409. Required fields are enforced "
    "on submission, not here.",
)
def put_submission(request: HttpRequest, form_id: int, period_key: str, payload: SubmissionIn):
    form = get_visible(request, _forms(request), pk=form_id)
    period = _period(form, period_key, "period_key")
    scope = scope_of(request.user)
    commune = (
        Commune.objects.visible_to(request.user)
        .filter(pk=scope.commune_id if scope else None)
        .first()
    )
    if commune is None:
        raise HttpError(403, _("Only the commune's own command fills its reports."))
    created = not (
        Submission.objects.visible_to(request.user)
        .filter(form=form, commune=commune, period_key=period.key)
        .exists()
    )
    with transaction.atomic():  # a new report whose values are refused is not kept either
        submission = _call(
            services.do_start_submission,
            actor=request.user,
            form=form,
            commune=commune,
            period=period,
        )
        if payload.values is not None or payload.note is not None:
            raw = {**submission.values, **(payload.values or {})}
            specs = submission.form_version.field_specs()
            _typed, errors = services.parse_values(specs, raw, require=False)
            if errors:
                detail = " ".join(m for messages in errors.values() for m in messages)
                raise ApiFieldError(errors, detail=detail, status=422)
            _call(
                services.do_save_submission,
                actor=request.user,
                submission=submission,
                raw_values=raw,
                note=payload.note,
                expected_version=payload.version,
            )
    return (201 if created else 200), _submission_detail(request, submission.pk)


# --- the reporting rate ---------------------------------------------------------------------------
def _rate_row(row: rates.RateRow, code: int | None, name: str, **extra: Any) -> dict:
    return {
        "code": code,
        "name": name,
        "expected": row.expected,
        "made": row.made,
        "on_time": row.on_time,
        "late": row.late,
        "missing": row.missing,
        "not_yet_due": row.not_yet_due,
        "rate": row.rate,
        "on_time_rate": row.on_time_rate,
        **extra,
    }


def _rate_rows(request, communes, form, period, grouping: str, today) -> tuple[list, dict]:
    """(rows, total) for one form and period: each province, or each commune with its state."""
    if grouping == "province":
        table = rates.rate_table(communes, form, [period], "province", today)
        places = Province.objects.visible_to(request.user).filter(
            pk__in=[key for key, _key in table]
        )
        rows = [
            _rate_row(table[(p.pk, period.key)], p.code, p.name) for p in places.order_by("code")
        ]
    else:
        table = rates.rate_table(communes, form, [period], "pk", today)
        rows = [
            _rate_row(
                table.get((c.pk, period.key)) or rates.RateRow(key=c.pk),
                c.code,
                c.name,
                status=c.status,
                submission_id=c.return_pk,
                days_late=c.days_late,
            )
            for c in rates.commune_states(communes, form, period, today)
        ]
    return rows, _rate_row(rates.totals(table), None, _("Total"))


@router.get(
    "/reporting/rates",
    response={200: RatesOut, **ERRORS_LIST},
    summary="The reporting rate of a form for a period: on time, late, missing",
    description="`form` a form id (default: the first form in use, by code); `period` a "
    "period key of that form (default: the last period that has ended); `province` a "
    "province code. Rows are communes (with each one's state and report) for a province or "
    "commune user, or with `province`; provinces for the Ministry. Only communes whose "
    "command existed by the period's end are expected; before the due date, what is not yet "
    "made counts as not yet due, not missing.",
)
def get_rates(
    request: HttpRequest,
    form: int | None = None,
    period: str | None = None,
    province: int | None = None,
):
    today = timezone.localdate()
    scope = scope_of(request.user)
    grouping = "province" if scope and scope.level == NATION and province is None else "commune"
    forms = ReportForm.objects.visible_to(request.user).order_by("code", "pk")
    chosen = forms.filter(active=True).first() if form is None else forms.filter(pk=form).first()
    if chosen is None and form is not None:
        message = _("No report form with this id in your area: see /api/reporting/forms.")
        raise ApiFieldError({"form": [message]}, detail=message, status=422)
    if chosen is None:  # no form in use in the user's area
        empty = _rate_row(rates.RateRow(key=None), None, _("Total"))
        return {"form": None, "period": None, "grouping": grouping, "total": empty, "rows": []}
    if period:
        chosen_period = _period(chosen, period, "period")
    else:
        chosen_period = chosen.period_of(today)
        chosen_period = periods.previous(chosen_period, chosen.event) or chosen_period
    communes = Commune.objects.visible_to(request.user)
    if chosen.province_id:
        communes = communes.filter(province_id=chosen.province_id)
    if province is not None:
        communes = communes.filter(province__code=province)
    rows, total = _rate_rows(request, communes, chosen, chosen_period, grouping, today)
    return {
        "form": chosen,
        "period": {
            "key": chosen_period.key,
            "label": chosen_period.label,
            "start": chosen_period.start,
            "end": chosen_period.end,
            "due_on": chosen_period.due_on(chosen.due_days),
        },
        "grouping": grouping,
        "total": total,
        "rows": rows,
    }
