"""The forces API: the militia and reserve assess engines, militia units and members (add, move,
extend, end), reservists (check, assign), reserve units, technical means, training plans and
sessions (attendance), and the overview. Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
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
    save_with_form,
)
from garrison.core.scoping import scope_of
from garrison.people.models import Person
from garrison.territory.models import Commune

from . import rules, services
from .circumstances import CIRCUMSTANCES
from .forms import MilitiaUnitForm, ReservistForm, TechnicalMeansForm, TrainingPlanForm
from .forms import TrainingSessionForm as SessionForm
from .models import (
    MilitiaMember,
    MilitiaUnit,
    ReserveUnit,
    Reservist,
    TechnicalMeans,
    TrainingPlan,
    TrainingSession,
)
from .rollups import forces_rollup
from .schemas import (
    AssignIn,
    AttendanceIn,
    CheckIn,
    EndIn,
    ExtendIn,
    MeansCheckIn,
    MeansIn,
    MeansOut,
    MemberDetailOut,
    MemberIn,
    MemberOut,
    MoveIn,
    OverviewOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    ReserveUnitOut,
    ReservistDetailOut,
    ReservistIn,
    ReservistOut,
    SessionIn,
    SessionOut,
    UnitIn,
    UnitOut,
    UnitPatch,
)

router = Router(tags=["forces"])


# --- the law as code -----------------------------------------------------------------------------
@router.post(
    "/forces/militia/assess",
    summary="Assess militia facts (age, term, training days, deferral, exemption, extension)",
    **assess_route(
        "`letter`, `until`, `term_years`, `term_end`, `training_days` ({year: days}), "
        "`decided_by`, `notes`",
        {"sex": "M", "dob": "2001-01-15", "ref_date": "2026-06-03", "kind": "mobile"},
    ),
)
def assess_militia(request: HttpRequest):
    return run_assess("militia", request)


@router.post(
    "/forces/reserve/assess",
    summary="Assess reserve facts (class, group, age, which units)",
    **assess_route(
        "`reserve_class`, `group`, `combat_unit_allowed`, `support_unit_allowed`, `notes`",
        {
            "sex": "M",
            "dob": "1996-03-01",
            "ref_date": "2026-11-24",
            "active_service": {"kind": "army", "months": 24},
        },
    ),
)
def assess_reserve(request: HttpRequest):
    return run_assess("reserve", request)


# --- helpers -------------------------------------------------------------------------------------
def _commune_pk(request: HttpRequest, data: dict, field: str = "commune_code") -> None:
    """Replace `field` (a commune code) in `data` by the form's `commune` (a pk in scope)."""
    if field not in data:
        return
    code = data.pop(field)
    commune = Commune.objects.visible_to(request.user).filter(code=code).first()
    if commune is None:
        raise ApiFieldError({field: [f"No commune with code {code} in your area."]})
    data["commune"] = commune.pk


def _rename(data: dict, **names: str) -> dict:
    for old, new in names.items():
        if old in data:
            data[new] = data.pop(old)
    return data


def _editable_person(request: HttpRequest, citizen_id: str) -> Person:
    person = Person.objects.editable_by(request.user).filter(citizen_id=citizen_id).first()
    if person is None:
        raise ApiFieldError({"citizen_id": [_("No person with this citizen ID in your register.")]})
    return person


def _editable_in(request: HttpRequest, model, pk: int | None, field: str):
    if pk is None:
        return None
    obj = model.objects.editable_by(request.user).filter(pk=pk).first()
    if obj is None:
        raise ApiFieldError({field: [f"No {model._meta.verbose_name} {pk} you can use."]})
    return obj


# --- militia units -------------------------------------------------------------------------------
def _units(request: HttpRequest):
    return MilitiaUnit.objects.visible_to(request.user).with_strength().select_related("commune")


@router.get(
    "/forces/units",
    response={200: list[UnitOut], **ERRORS_LIST},
    summary="List militia and self-defence units with strength against establishment",
    description="`commune` is a commune code; `kind` a DQTV 6 kind; `active` true/false.",
)
@paginate(Pagination)
def list_units(
    request: HttpRequest,
    commune: int | None = None,
    kind: str | None = None,
    active: bool | None = None,
):
    qs = _units(request).order_by("commune__name", "name", "pk")
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.get("/forces/units/{unit_id}", response={200: UnitOut, **ERRORS_READ}, summary="Get a unit")
def get_unit(request: HttpRequest, unit_id: int):
    return get_visible(request, _units(request), pk=unit_id)


@router.post("/forces/units", response={201: UnitOut, **ERRORS_WRITE}, summary="Add a unit")
def create_unit(request: HttpRequest, payload: UnitIn):
    data = _rename(payload.dict(), parent_id="parent")
    _commune_pk(request, data)
    unit = save_with_form(request, MilitiaUnitForm, MilitiaUnit(), data)
    return 201, _units(request).get(pk=unit.pk)


@router.patch(
    "/forces/units/{unit_id}",
    response={200: UnitOut, **ERRORS_WRITE},
    summary="Change a unit",
    description="Send only the fields to change and the `version` you read; a stale version "
    "answers 409 and changes nothing.",
)
def patch_unit(request: HttpRequest, unit_id: int, payload: UnitPatch):
    unit = get_editable(request, _units(request), pk=unit_id)
    data = _rename(payload.dict(exclude_unset=True), parent_id="parent")
    version = data.pop("version")
    save_with_form(request, MilitiaUnitForm, unit, data, version)
    return _units(request).get(pk=unit.pk)


# --- militia members -----------------------------------------------------------------------------
def _members(request: HttpRequest):
    return MilitiaMember.objects.visible_to(request.user).select_related(
        "person", "commune", "unit"
    )


@router.get(
    "/forces/members",
    response={200: list[MemberOut], **ERRORS_LIST},
    summary="List militia members",
    description="`commune` is a commune code; `status` open (serving or extended), serving, "
    "extended, completed or discharged; `term_ends_in` a year (who completes their term); "
    "`training` behind, incomplete or complete (this year).",
)
@paginate(Pagination)
def list_members(
    request: HttpRequest,
    commune: int | None = None,
    unit: int | None = None,
    status: str | None = None,
    term_ends_in: int | None = None,
    training: str | None = None,
):
    qs = _members(request).order_by("person__name_sort_key", "pk")
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if status == "open":
        qs = qs.open()
    elif status:
        qs = qs.filter(status=status)
    if term_ends_in:
        qs = qs.filter(term_end__year=term_ends_in)
    if training:
        if training not in ("behind", "incomplete", "complete"):
            raise ApiFieldError(
                {"training": [_("Use behind, incomplete or complete.")]}, status=422
            )
        today = timezone.localdate()
        qs = qs.open().with_training(today.year, today)
        qs = {
            "behind": qs.filter(behind=True),
            "incomplete": qs.filter(complete=False),
            "complete": qs.filter(complete=True),
        }[training]
    return qs


def _member_detail(request: HttpRequest, member: MilitiaMember) -> MilitiaMember:
    today = timezone.localdate()
    member.placements = list(member.assignments.select_related("unit"))
    row = _members(request).filter(pk=member.pk).with_training(today.year, today).first()
    member.training = (
        {
            "year": today.year,
            "required": row.required,
            "attended": row.attended,
            "held": row.held,
            "behind": row.behind,
            "complete": row.complete,
        }
        if row is not None and member.is_open
        else None
    )
    return member


@router.get(
    "/forces/members/{member_id}",
    response={200: MemberDetailOut, **ERRORS_READ},
    summary="Get a member with the unit history and this year's training",
    description="The read is written to the audit log.",
)
def get_member(request: HttpRequest, member_id: int):
    member = get_visible(request, _members(request), pk=member_id)
    audit.log_read(actor=request.user, instance=member, request=request)
    return _member_detail(request, member)


@router.post(
    "/forces/members",
    response={201: MemberDetailOut, **ERRORS_WRITE},
    summary="Admit a citizen to a militia unit",
    description="The militia engine checks age, sex, deferrals and exemptions (DQTV 8, 11) and "
    "computes the term; a refusal answers 400 citing its ground.",
)
def create_member(request: HttpRequest, payload: MemberIn):
    person = _editable_person(request, payload.citizen_id)
    unit = _editable_in(request, MilitiaUnit, payload.unit_id, "unit_id")
    data = payload.dict()
    unknown = set(data["circumstances"]) - set(CIRCUMSTANCES)
    if unknown:
        raise ApiFieldError({"circumstances": [f"Unknown codes: {', '.join(sorted(unknown))}."]})
    for name in ("citizen_id", "unit_id"):
        data.pop(name)
    member = call_service(
        services.do_add_member, actor=request.user, person=person, unit=unit, **data
    )
    return 201, _member_detail(request, member)


@router.post(
    "/forces/members/{member_id}/move",
    response={200: MemberDetailOut, **ERRORS_WRITE},
    summary="Move a member to another unit or role (the history is kept)",
)
def move_member(request: HttpRequest, member_id: int, payload: MoveIn):
    member = get_editable(request, _members(request), pk=member_id)
    unit = _editable_in(request, MilitiaUnit, payload.unit_id, "unit_id")
    call_service(
        services.do_move_member,
        actor=request.user,
        member=member,
        unit=unit,
        role=payload.role,
        on=payload.on,
        note=payload.note,
    )
    return _member_detail(request, _members(request).get(pk=member.pk))


@router.post(
    "/forces/members/{member_id}/extend",
    response={200: MemberDetailOut, **ERRORS_WRITE},
    summary="Extend a term (DQTV 8.2)",
)
def extend_member(request: HttpRequest, member_id: int, payload: ExtendIn):
    member = get_editable(request, _members(request), pk=member_id)
    call_service(services.do_extend_term, actor=request.user, member=member, **payload.dict())
    return _member_detail(request, _members(request).get(pk=member.pk))


@router.post(
    "/forces/members/{member_id}/end",
    response={200: MemberDetailOut, **ERRORS_WRITE},
    summary="End a term: completed, or early with a reason (DQTV 12, 13)",
)
def end_member(request: HttpRequest, member_id: int, payload: EndIn):
    member = get_editable(request, _members(request), pk=member_id)
    call_service(services.do_end_term, actor=request.user, member=member, **payload.dict())
    return _member_detail(request, _members(request).get(pk=member.pk))


# --- reserve -------------------------------------------------------------------------------------
@router.get(
    "/forces/reserve-units",
    response={200: list[ReserveUnitOut], **ERRORS_LIST},
    summary="List the reserve (DBĐV) units of your province",
)
@paginate(Pagination)
def list_reserve_units(request: HttpRequest):
    return (
        ReserveUnit.objects.visible_to(request.user)
        .select_related("province")
        .order_by("province__code", "code")
    )


def _reserve_unit(request: HttpRequest, pk: int | None) -> ReserveUnit | None:
    if pk is None:
        return None
    unit = ReserveUnit.objects.visible_to(request.user).filter(pk=pk).first()
    if unit is None:
        raise ApiFieldError({"reserve_unit_id": [_("No reserve unit with this id you can see.")]})
    return unit


def _reservists(request: HttpRequest):
    return Reservist.objects.visible_to(request.user).select_related("person", "commune")


@router.get(
    "/forces/reservists",
    response={200: list[ReservistOut], **ERRORS_LIST},
    summary="List reservists",
    description="`commune` is a commune code; `readiness` unassigned, due_check (not checked "
    "this year) or checked; `reserve_unit` a reserve unit id.",
)
@paginate(Pagination)
def list_reservists(
    request: HttpRequest,
    commune: int | None = None,
    reserve_unit: int | None = None,
    reserve_class: str | None = None,
    readiness: str | None = None,
):
    qs = _reservists(request).order_by("person__name_sort_key", "pk")
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if reserve_unit is not None:
        qs = qs.filter(reserve_unit_id=reserve_unit)
    if reserve_class:
        qs = qs.filter(reserve_class=reserve_class)
    year = timezone.localdate().year
    if readiness == "unassigned":
        qs = qs.registered().filter(reserve_unit__isnull=True)
    elif readiness == "due_check":
        qs = qs.due_for_check(year)
    elif readiness == "checked":
        qs = qs.registered().filter(checked_on__year=year)
    elif readiness:
        raise ApiFieldError({"readiness": [_("Use unassigned, due_check or checked.")]}, status=422)
    return qs


def _reservist_detail(reservist: Reservist) -> Reservist:
    reservist.answer = services.assess_reservist(reservist).as_dict()
    return reservist


@router.get(
    "/forces/reservists/{reservist_id}",
    response={200: ReservistDetailOut, **ERRORS_READ},
    summary="Get a reservist with the reserve engine's answer today",
    description="The read is written to the audit log.",
)
def get_reservist(request: HttpRequest, reservist_id: int):
    reservist = get_visible(request, _reservists(request), pk=reservist_id)
    audit.log_read(actor=request.user, instance=reservist, request=request)
    return _reservist_detail(reservist)


@router.post(
    "/forces/reservists",
    response={201: ReservistDetailOut, **ERRORS_WRITE},
    summary="Register a reservist residing in your commune",
)
def create_reservist(request: HttpRequest, payload: ReservistIn):
    data = payload.dict()
    person = _editable_person(request, data.pop("citizen_id"))
    data.update(person=person.pk, commune=person.residence_commune_id)
    reservist = save_with_form(request, ReservistForm, Reservist(), data)
    return 201, _reservist_detail(_reservists(request).get(pk=reservist.pk))


@router.post(
    "/forces/reservists/{reservist_id}/check",
    response={200: ReservistDetailOut, **ERRORS_WRITE},
    summary="Record the yearly check (re-registration) of a reservist",
)
def check_reservist(request: HttpRequest, reservist_id: int, payload: CheckIn):
    reservist = get_editable(request, _reservists(request), pk=reservist_id)
    call_service(
        services.do_check_reservist, actor=request.user, reservist=reservist, **payload.dict()
    )
    return _reservist_detail(_reservists(request).get(pk=reservist.pk))


@router.post(
    "/forces/reservists/{reservist_id}/assign",
    response={200: ReservistDetailOut, **ERRORS_WRITE},
    summary="Assign a reservist to a reserve unit (LLDBĐV 17.2 ages), or take them off",
)
def assign_reservist(request: HttpRequest, reservist_id: int, payload: AssignIn):
    reservist = get_editable(request, _reservists(request), pk=reservist_id)
    unit = _reserve_unit(request, payload.reserve_unit_id)
    call_service(
        services.do_assign_reservist,
        actor=request.user,
        reservist=reservist,
        unit=unit,
        on=payload.on,
    )
    return _reservist_detail(_reservists(request).get(pk=reservist.pk))


# --- technical means -----------------------------------------------------------------------------
def _means(request: HttpRequest):
    return TechnicalMeans.objects.visible_to(request.user).select_related("commune")


@router.get(
    "/forces/means",
    response={200: list[MeansOut], **ERRORS_LIST},
    summary="List reserve technical means",
    description="`commune` is a commune code; `due` true lists those not checked this year.",
)
@paginate(Pagination)
def list_means(
    request: HttpRequest, commune: int | None = None, kind: str | None = None, due: bool = False
):
    qs = _means(request).order_by("commune__name", "kind", "registration_number")
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if kind:
        qs = qs.filter(kind=kind)
    if due:
        qs = qs.due_for_check(timezone.localdate().year)
    return qs


@router.post("/forces/means", response={201: MeansOut, **ERRORS_WRITE}, summary="Register a means")
def create_means(request: HttpRequest, payload: MeansIn):
    data = _rename(payload.dict(), reserve_unit_id="reserve_unit")
    _commune_pk(request, data)
    means = save_with_form(request, TechnicalMeansForm, TechnicalMeans(), data)
    return 201, _means(request).get(pk=means.pk)


@router.post(
    "/forces/means/{means_id}/check",
    response={200: MeansOut, **ERRORS_WRITE},
    summary="Record the yearly check of a means (and optionally its reserve unit)",
)
def check_means(request: HttpRequest, means_id: int, payload: MeansCheckIn):
    means = get_editable(request, _means(request), pk=means_id)
    unit = _reserve_unit(request, payload.reserve_unit_id)
    call_service(
        services.do_check_means,
        actor=request.user,
        means=means,
        on=payload.on,
        unit=unit,
        assign=payload.assign,
    )
    return _means(request).get(pk=means.pk)


# --- training ------------------------------------------------------------------------------------
def _plans(request: HttpRequest):
    return TrainingPlan.objects.visible_to(request.user).select_related("commune")


def _plan_out(plan: TrainingPlan) -> TrainingPlan:
    plan.first_year_days = rules.training_days(plan.kind, 1)
    plan.later_year_days = rules.training_days(plan.kind, 2)
    return plan


@router.get(
    "/forces/plans",
    response={200: list[PlanOut], **ERRORS_LIST},
    summary="List training plans",
)
@paginate(Pagination)
def list_plans(request: HttpRequest, commune: int | None = None, year: int | None = None):
    qs = _plans(request).order_by("-year", "commune__name", "kind")
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if year:
        qs = qs.filter(year=year)
    return [_plan_out(p) for p in qs]


@router.get(
    "/forces/plans/{plan_id}",
    response={200: PlanDetailOut, **ERRORS_READ},
    summary="Get a plan with each member's completion (DQTV 28.1 days)",
)
def get_plan(request: HttpRequest, plan_id: int):
    plan = _plan_out(get_visible(request, _plans(request), pk=plan_id))
    plan.members = list(
        MilitiaMember.objects.visible_to(request.user)
        .open()
        .filter(commune_id=plan.commune_id, unit__kind=plan.kind)
        .with_training(plan.year, timezone.localdate())
        .select_related("person", "unit")
        .order_by("unit__name", "person__name_sort_key")
    )
    return plan


@router.post("/forces/plans", response={201: PlanOut, **ERRORS_WRITE}, summary="Add a plan")
def create_plan(request: HttpRequest, payload: PlanIn):
    data = payload.dict()
    _commune_pk(request, data)
    plan = save_with_form(request, TrainingPlanForm, TrainingPlan(), data)
    return 201, _plan_out(_plans(request).get(pk=plan.pk))


def _sessions(request: HttpRequest):
    from django.db.models import Count

    return (
        TrainingSession.objects.visible_to(request.user)
        .select_related("commune")
        .annotate(present=Count("attendance"))
    )


@router.get(
    "/forces/sessions",
    response={200: list[SessionOut], **ERRORS_LIST},
    summary="List training sessions",
)
@paginate(Pagination)
def list_sessions(request: HttpRequest, plan: int | None = None, year: int | None = None):
    qs = _sessions(request).order_by("-held_on", "pk")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    if year:
        qs = qs.filter(plan__year=year)
    return qs


@router.post(
    "/forces/sessions",
    response={201: SessionOut, **ERRORS_WRITE},
    summary="Record a training session",
)
def create_session(request: HttpRequest, payload: SessionIn):
    data = _rename(payload.dict(), plan_id="plan")
    session = save_with_form(request, SessionForm, TrainingSession(), data)
    return 201, _sessions(request).get(pk=session.pk)


@router.put(
    "/forces/sessions/{session_id}/attendance",
    response={200: SessionOut, **ERRORS_WRITE},
    summary="Set who attended a session (the list replaces what was recorded)",
)
def set_attendance(request: HttpRequest, session_id: int, payload: AttendanceIn):
    session = get_editable(request, _sessions(request), pk=session_id)
    members = list(_members(request).filter(pk__in=payload.member_ids))
    missing = set(payload.member_ids) - {m.pk for m in members}
    if missing:
        raise ApiFieldError(
            {"member_ids": [f"No members {sorted(missing)} you can see."]}, status=400
        )
    call_service(
        services.do_record_attendance, actor=request.user, session=session, members=members
    )
    return _sessions(request).get(pk=session.pk)


# --- overview ------------------------------------------------------------------------------------
@router.get(
    "/forces/overview",
    response={200: OverviewOut, **ERRORS_READ},
    summary="Strength, training and readiness rolled up for your scope",
    description="A commune gets its units, a province its communes, the Ministry the "
    "provinces; `total` sums the rows.",
)
def overview(request: HttpRequest):
    today = timezone.localdate()
    grouping, rows, total = forces_rollup(request.user, scope_of(request.user), today)
    return {"year": today.year, "grouping": grouping, "rows": rows, "total": total}
