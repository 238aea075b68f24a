"""The military-service API. The registers (records, hand-overs, campaigns, the pool, call-up
orders, admissions …) are generated from their declarations in `views/`; this module adds the
assess engine and the domain actions: hand over and receive a record, set the quotas, and the
pool's stages. Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from garrison.core.api import (
    ERRORS_WRITE,
    ApiFieldError,
    add_assess_route,
    call_service,
    get_editable,
    get_visible,
)
from garrison.core.api_routes import add_action_route, add_register_routes

from . import services
from .schemas import (
    BackgroundIn,
    CampaignDetailOut,
    CandidateOut,
    DecisionIn,
    EnlistmentIn,
    HandOverIn,
    HealthExamIn,
    OrderIn,
    OrderOut,
    QuotasIn,
    ReceiveIn,
    SelectionIn,
    TransferOut,
)
from .views import (
    AdmissionConfig,
    CallUpOrderConfig,
    CampaignConfig,
    CandidateConfig,
    CommuneQuotaConfig,
    DeclaredRelationshipConfig,
    ServiceRecordConfig,
    TransferConfig,
)

router = Router(tags=["military service"])


# --- the law as code -----------------------------------------------------------------------------
add_assess_route(
    router,
    "/conscription/assess",
    "service",
    summary="Assess military-service facts",
    fields=(
        "`letter`, `until`, `due`, `reserve_class`, `group`, `decided_by`, `notes` "
        '(citations such as "NVQS 41.1.g")'
    ),
    example={"sex": "M", "dob": "2005-03-02", "ref_date": "2026-02-20"},
)


# --- the registers ------------------------------------------------------------------------------
for _config in (
    ServiceRecordConfig,
    TransferConfig,
    DeclaredRelationshipConfig,
    CampaignConfig,
    CommuneQuotaConfig,
    CandidateConfig,
    CallUpOrderConfig,
    AdmissionConfig,
):
    add_register_routes(router, _config)


def _records(request: HttpRequest):
    return ServiceRecordConfig.api_queryset(request)


def _campaigns(request: HttpRequest):
    return CampaignConfig.api_queryset(request)


def _candidates(request: HttpRequest):
    return CandidateConfig.api_queryset(request)


# --- the register: hand-overs ------------------------------------------------------------------
@router.post(
    "/conscription/records/{record_id}/hand-over",
    response={201: TransferOut, **ERRORS_WRITE},
    summary="Hand a record over to the commune the citizen moves to",
)
def hand_over(request: HttpRequest, record_id: int, payload: HandOverIn):
    record = get_editable(request, _records(request), pk=record_id)
    to_commune = services.commune_by_code(payload.to_commune_code)
    if to_commune is None:
        raise ApiFieldError({"to_commune_code": [_("No commune has this code.")]})
    transfer = call_service(
        services.do_hand_over_record,
        actor=request.user,
        record=record,
        to_commune=to_commune,
        reason=payload.reason,
        on=payload.on,
    )
    return Status(201, transfer)


# --- campaigns: quotas ----------------------------------------------------------------------------
@router.put(
    "/conscription/campaigns/{campaign_id}/quotas",
    response={200: CampaignDetailOut, **ERRORS_WRITE},
    summary="Set every commune's quota (the sum must equal the province quota)",
)
def set_quotas(request: HttpRequest, campaign_id: int, payload: QuotasIn):
    campaign = get_editable(request, _campaigns(request), pk=campaign_id)
    by_code = services.province_commune_codes(campaign)
    quotas, unknown = {}, []
    for code, n in payload.quotas.items():
        pk = by_code.get(int(code)) if str(code).isdigit() else None
        if pk is None:
            unknown.append(str(code))
        else:
            quotas[pk] = n
    if unknown:
        raise ApiFieldError({"quotas": [f"Not communes of this province: {', '.join(unknown)}."]})
    call_service(
        services.do_set_commune_quotas, actor=request.user, campaign=campaign, quotas=quotas
    )
    return campaign


# --- the pool: stages -----------------------------------------------------------------------------
@router.post(
    "/conscription/candidates/{candidate_id}/decisions",
    response={200: CandidateOut, **ERRORS_WRITE},
    summary="Record a deferral or exemption",
)
def record_decision(request: HttpRequest, candidate_id: int, payload: DecisionIn):
    candidate = get_editable(request, _candidates(request), pk=candidate_id)
    call_service(
        services.do_decide,
        actor=request.user,
        record=candidate.record,
        campaign=candidate.campaign,
        **payload.dict(),
    )
    return get_visible(request, _candidates(request), pk=candidate.pk)


@router.post(
    "/conscription/candidates/{candidate_id}/order",
    response={201: OrderOut, **ERRORS_WRITE},
    summary="Issue the call-up order",
)
def issue_order(request: HttpRequest, candidate_id: int, payload: OrderIn):
    candidate = get_editable(request, _candidates(request), pk=candidate_id)
    order = call_service(
        services.do_issue_order, actor=request.user, candidate=candidate, **payload.dict()
    )
    return Status(201, order)


add_action_route(
    router,
    TransferConfig,
    "receive",
    service=services.do_receive_record,
    target="transfer",
    payload=ReceiveIn,
    summary="Receive a record handed over to your commune",
)
for _action, _service, _payload, _summary in (
    (
        "health-exams",
        services.do_record_health_exam,
        HealthExamIn,
        "Record a health examination (the outcome follows it)",
    ),
    (
        "background-check",
        services.do_record_background_check,
        BackgroundIn,
        "Record the political background check",
    ),
    (
        "selection",
        services.do_select,
        SelectionIn,
        "Put a candidate on (or take him off) the list to call up",
    ),
    (
        "enlistment",
        services.do_record_enlistment,
        EnlistmentIn,
        "Record enlistment day: reported or not (with the reason)",
    ),
):
    add_action_route(
        router,
        CandidateConfig,
        _action,
        service=_service,
        target="candidate",
        payload=_payload,
        summary=_summary,
    )
