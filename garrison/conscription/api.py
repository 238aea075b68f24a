"""The military-service API: the assess engine, the register, hand-overs, campaigns, the pool
and its stages, call-up orders. Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from garrison.core import audit
from garrison.core.api import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    ApiFieldError,
    Pagination,
    assess_route,
    call_service,
    get_editable,
    get_visible,
    run_assess,
)
from garrison.people.models import Person

from . import services
from .models import CallUpOrder, Campaign, Candidate, CommuneQuota, RecordTransfer, ServiceRecord
from .schemas import (
    BackgroundIn,
    CampaignDetailOut,
    CampaignOut,
    CandidateOut,
    DecisionIn,
    EnlistmentIn,
    HandOverIn,
    HealthExamIn,
    OrderIn,
    OrderOut,
    QuotasIn,
    ReceiveIn,
    RecordDetailOut,
    RecordIn,
    RecordOut,
    SelectionIn,
    TransferOut,
)

router = Router(tags=["military service"])


# --- the law as code -----------------------------------------------------------------------------
@router.post(
    "/conscription/assess",
    summary="Assess military-service facts",
    **assess_route(
        '`letter`, `until`, `due`, `decided_by`, `notes` (citations such as "NVQS 41.1.g")',
        {"sex": "M", "dob": "2005-03-02", "ref_date": "2026-02-20"},
    ),
)
def assess_service(request: HttpRequest):
    return run_assess("service", request)


# --- the register --------------------------------------------------------------------------------
def _records(request: HttpRequest):
    return ServiceRecord.objects.visible_to(request.user).select_related("person", "commune")


@router.get(
    "/conscription/records",
    response={200: list[RecordOut], **ERRORS_LIST},
    summary="List military service registrations",
    description="`commune` is a commune code; `status` registered, in_transfer, enlisted, "
    "removed; `born_in` a year; `q` the start of a citizen ID or part of the name.",
)
@paginate(Pagination)
def list_records(
    request: HttpRequest,
    commune: int | None = None,
    status: str | None = None,
    born_in: int | None = None,
    q: str | None = None,
):
    qs = _records(request).order_by("person__name_sort_key", "pk")
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if status:
        qs = qs.filter(status=status)
    if born_in:
        qs = qs.filter(person__date_of_birth__year=born_in)
    if q:
        qs = qs.filter(person__full_name__icontains=q) | qs.filter(person__citizen_id__startswith=q)
    return qs


@router.get(
    "/conscription/records/{record_id}",
    response={200: RecordDetailOut, **ERRORS_READ},
    summary="Get a registration with its outcome under the law today",
    description="The read is written to the audit log.",
)
def get_record(request: HttpRequest, record_id: int):
    record = get_visible(request, _records(request), pk=record_id)
    audit.log_read(actor=request.user, instance=record, request=request)
    record.outcome = services.current_outcome(record, _today())
    return record


@router.post(
    "/conscription/records",
    response={201: RecordOut, **ERRORS_WRITE},
    summary="Register a citizen (first registration)",
)
def create_record(request: HttpRequest, payload: RecordIn):
    person = Person.objects.editable_by(request.user).filter(citizen_id=payload.citizen_id).first()
    if person is None:
        raise ApiFieldError({"citizen_id": [_("No person with this citizen ID in your register.")]})
    (record,) = call_service(
        services.do_register_people,
        actor=request.user,
        people=[person],
        registered_on=payload.registered_on,
    )
    return 201, record


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
    return 201, transfer


def _transfers(request: HttpRequest):
    return RecordTransfer.objects.visible_to(request.user).select_related(
        "record__person", "from_commune", "to_commune"
    )


@router.get(
    "/conscription/transfers",
    response={200: list[TransferOut], **ERRORS_LIST},
    summary="List record hand-overs (both directions)",
)
@paginate(Pagination)
def list_transfers(request: HttpRequest, status: str | None = None):
    qs = _transfers(request).order_by("-handed_over_on", "-pk")
    return qs.filter(status=status) if status else qs


@router.post(
    "/conscription/transfers/{transfer_id}/receive",
    response={200: TransferOut, **ERRORS_WRITE},
    summary="Receive a record handed over to your commune",
)
def receive(request: HttpRequest, transfer_id: int, payload: ReceiveIn):
    transfer = get_editable(request, _transfers(request), pk=transfer_id)
    call_service(services.do_receive_record, actor=request.user, transfer=transfer, on=payload.on)
    return _transfers(request).get(pk=transfer.pk)


# --- campaigns -----------------------------------------------------------------------------------
def _campaigns(request: HttpRequest):
    return Campaign.objects.visible_to(request.user).select_related("province")


@router.get(
    "/conscription/campaigns",
    response={200: list[CampaignOut], **ERRORS_LIST},
    summary="List enlistment campaigns",
)
@paginate(Pagination)
def list_campaigns(request: HttpRequest, year: int | None = None):
    qs = _campaigns(request).order_by("-year", "province__code")
    return qs.filter(year=year) if year else qs


def _campaign_detail(request: HttpRequest, campaign: Campaign) -> Campaign:
    quotas = dict(
        CommuneQuota.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .values_list("commune_id", "quota")
    )
    codes = {pk: code for code, pk in services.province_commune_codes(campaign).items()}
    rows = Candidate.objects.visible_to(request.user).filter(campaign=campaign)
    campaign.communes = [
        {
            **{k: v for k, v in row.items() if k not in ("commune_id", "commune__name")},
            "commune_code": codes[row["commune_id"]],
            "commune_name": row["commune__name"],
            "quota": quotas.get(row["commune_id"], 0),
        }
        for row in rows.progress_by_commune()
    ]
    return campaign


@router.get(
    "/conscription/campaigns/{campaign_id}",
    response={200: CampaignDetailOut, **ERRORS_READ},
    summary="Get a campaign with quota fulfilment and stage counts by commune",
)
def get_campaign(request: HttpRequest, campaign_id: int):
    return _campaign_detail(request, get_visible(request, _campaigns(request), pk=campaign_id))


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
    return _campaign_detail(request, campaign)


# --- the pool ------------------------------------------------------------------------------------
def _candidates(request: HttpRequest):
    return (
        Candidate.objects.visible_to(request.user)
        .with_stage()
        .select_related("person", "commune", "campaign")
    )


@router.get(
    "/conscription/candidates",
    response={200: list[CandidateOut], **ERRORS_LIST},
    summary="List a campaign's pool",
    description="`stage` is one of pool, screened, examined, cleared, selected, ordered, "
    "enlisted, absent, out; `commune` a commune code.",
)
@paginate(Pagination)
def list_candidates(
    request: HttpRequest,
    campaign: int | None = None,
    commune: int | None = None,
    stage: str | None = None,
    outcome: str | None = None,
):
    qs = _candidates(request).order_by("person__name_sort_key", "pk")
    if campaign:
        qs = qs.filter(campaign_id=campaign)
    if commune:
        qs = qs.filter(commune__code=commune)
    if stage:
        qs = qs.filter(stage=stage)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return qs


def _act(request: HttpRequest, candidate_id: int, service: Any, **kwargs: Any) -> Candidate:
    candidate = get_editable(request, _candidates(request), pk=candidate_id)
    call_service(service, actor=request.user, candidate=candidate, **kwargs)
    return _candidates(request).get(pk=candidate.pk)


@router.post(
    "/conscription/candidates/{candidate_id}/health-exams",
    response={200: CandidateOut, **ERRORS_WRITE},
    summary="Record a health examination (the outcome follows it)",
)
def record_exam(request: HttpRequest, candidate_id: int, payload: HealthExamIn):
    return _act(request, candidate_id, services.do_record_health_exam, **payload.dict())


@router.post(
    "/conscription/candidates/{candidate_id}/background-check",
    response={200: CandidateOut, **ERRORS_WRITE},
    summary="Record the political background check",
)
def record_background(request: HttpRequest, candidate_id: int, payload: BackgroundIn):
    return _act(request, candidate_id, services.do_record_background_check, **payload.dict())


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
    return _candidates(request).get(pk=candidate.pk)


@router.post(
    "/conscription/candidates/{candidate_id}/selection",
    response={200: CandidateOut, **ERRORS_WRITE},
    summary="Put a candidate on (or take him off) the list to call up",
)
def select(request: HttpRequest, candidate_id: int, payload: SelectionIn):
    return _act(request, candidate_id, services.do_select, selected=payload.selected)


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
    return 201, order


@router.post(
    "/conscription/candidates/{candidate_id}/enlistment",
    response={200: CandidateOut, **ERRORS_WRITE},
    summary="Record enlistment day: reported or not (with the reason)",
)
def record_enlistment(request: HttpRequest, candidate_id: int, payload: EnlistmentIn):
    return _act(
        request,
        candidate_id,
        services.do_record_enlistment,
        reported=payload.reported,
        reason=payload.reason,
    )


@router.get(
    "/conscription/orders",
    response={200: list[OrderOut], **ERRORS_LIST},
    summary="List call-up orders issued",
)
@paginate(Pagination)
def list_orders(request: HttpRequest, year: int | None = None, commune: int | None = None):
    qs = (
        CallUpOrder.objects.visible_to(request.user)
        .select_related("candidate__person", "commune")
        .order_by("-year", "commune__name", "sequence")
    )
    if year:
        qs = qs.filter(year=year)
    if commune:
        qs = qs.filter(commune__code=commune)
    return qs


def _today():
    from django.utils import timezone

    return timezone.localdate()
