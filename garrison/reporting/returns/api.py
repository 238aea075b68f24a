"""The returns API: report forms (list, read with the current version's fields and rules);
returns (list, read, start-or-save, submit for the commune; return, approve, approve many for the
province). The reporting rate is in rates/api.py."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
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
from garrison.core.scoping import scope_of
from garrison.core.services import StaleEditError
from garrison.reporting.permissions import can_decide
from garrison.territory.models import Commune

from . import periods, services
from .models import FormVersion, ReportForm, Submission
from .schemas import (
    BulkApproveIn,
    BulkApproveOut,
    FormDetailOut,
    FormOut,
    ReturnIn,
    SubmissionDetailOut,
    SubmissionIn,
    SubmissionOut,
    SubmitIn,
)

router = Router(tags=["reporting"])
SUBMISSION_STATES = list(Submission.State.values)


def call_or_conflict(service: Any, **kwargs: Any) -> Any:
    """`call_service`, and a stale `version` answers 409 with the current one."""
    try:
        return call_service(service, **kwargs)
    except StaleEditError as exc:
        raise ApiConflict(str(exc), getattr(exc.current, "version", None)) from exc


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
    call_or_conflict(
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
    call_or_conflict(
        services.do_return, actor=request.user, submission=submission, reason=payload.reason
    )
    return _submission_detail(request, submission.pk)


@router.post(
    "/reporting/submissions/{int:submission_id}/approve",
    response={200: SubmissionDetailOut, **ERRORS_WRITE},
    summary="Approve a submitted report (the province)",
)
def approve_submission(request: HttpRequest, submission_id: int):
    submission = get_editable(request, _submissions(request), pk=submission_id)
    call_or_conflict(services.do_approve, actor=request.user, submission=submission)
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
        submission = call_or_conflict(
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
            call_or_conflict(
                services.do_save_submission,
                actor=request.user,
                submission=submission,
                raw_values=raw,
                note=payload.note,
                expected_version=payload.version,
            )
    return (201 if created else 200), _submission_detail(request, submission.pk)
