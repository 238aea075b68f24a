"""The returns API: report forms (list, read with the current version's fields and rules);
returns (list, read, start-or-save, submit for the commune; return, approve, approve many for the
province). The reporting rate is in rates/api.py."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
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
from garrison.reporting.permissions import can_decide
from garrison.territory.models import Commune

from . import periods, services
from .models import ReportForm, Submission
from .schemas import (
    BulkApproveIn,
    BulkApproveOut,
    ReturnIn,
    SubmissionDetailOut,
    SubmissionIn,
    SubmitIn,
    WithdrawIn,
)
from .views.registers import (
    FormFieldConfig,
    FormRuleConfig,
    FormVersionConfig,
    ReportFormConfig,
    SubmissionConfig,
)

router = Router(tags=["reporting"])
for _config in (
    ReportFormConfig,
    FormVersionConfig,
    FormFieldConfig,
    FormRuleConfig,
    SubmissionConfig,
):
    add_register_routes(router, _config)
add_action_route(
    router,
    SubmissionConfig,
    "return",
    service=services.do_return,
    target="submission",
    payload=ReturnIn,
    summary="Return a submitted report to its commune with the reason (the province)",
)
add_action_route(
    router,
    SubmissionConfig,
    "approve",
    service=services.do_approve,
    target="submission",
    summary="Approve a submitted report (the province)",
)
add_action_route(
    router,
    SubmissionConfig,
    "withdraw",
    service=services.do_withdraw_submission,
    target="submission",
    payload=WithdrawIn,
    summary="Withdraw a submitted report not yet decided on (the commune)",
    description="The report becomes a draft again, editable, and no longer waits for the "
    "province. Refused (400) once approved or returned.",
)
SUBMISSION_STATES = list(Submission.State.values)


# --- report forms ---------------------------------------------------------------------------------
def _forms(request: HttpRequest):
    return ReportFormConfig.api_queryset(request)


# --- returns (submissions) ------------------------------------------------------------------------
def _submissions(request: HttpRequest):
    return SubmissionConfig.api_queryset(request)


def _submission_detail(request: HttpRequest, pk: int) -> Submission:
    return get_visible(request, _submissions(request), pk=pk)


@router.post(
    "/reporting/submissions/approve",
    response={200: BulkApproveOut, **ERRORS_WRITE},
    summary="Approve many submitted reports at once (the province)",
    description="Each report is approved on its own: one that cannot be (not submitted, or "
    'outside your area: "not found") is listed in `failed` with the reason, and the others '
    "are approved all the same. Province staff only (403 otherwise).",
)
def bulk_approve_submissions(request: HttpRequest, payload: BulkApproveIn):
    if not can_decide(request.user):
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
    call_service(
        services.do_submit,
        actor=request.user,
        submission=submission,
        expected_version=payload.version if payload else None,
    )
    return _submission_detail(request, submission.pk)


def period_or_422(form: ReportForm, key: str, field: str) -> periods.Period:
    """The form's period named by `key`; 422 naming `field`, with an example, when none is. The
    rate API (rates/api.py) reads its `period` the same way."""
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
    period = period_or_422(form, period_key, "period_key")
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
        submission = call_service(
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
            call_service(
                services.do_save_submission,
                actor=request.user,
                submission=submission,
                raw_values=raw,
                note=payload.note,
                expected_version=payload.version,
            )
    return Status(201 if created else 200, _submission_detail(request, submission.pk))
