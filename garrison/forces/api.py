"""The forces API. The registers (militia units and members, reserve units, reservists,
technical means, training plans and sessions) are generated from their declarations in
`views/`; this module adds the assess engines and the domain actions: move, extend and end a
term, check and assign a reservist, check a means, record attendance, and the overview. Every
endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import (
    ERRORS_READ,
    ERRORS_WRITE,
    ApiFieldError,
    add_assess_route,
    call_service,
    get_editable,
    get_visible,
)
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.core.scoping import scope_of

from . import services
from .models import MilitiaUnit, ReserveUnit
from .rollups import forces_rollup
from .schemas import (
    AssignIn,
    AttendanceIn,
    CheckIn,
    EndIn,
    ExtendIn,
    MeansCheckIn,
    MoveIn,
    OverviewOut,
    SessionOut,
)
from .views import (
    ForceTargetConfig,
    MilitiaMemberConfig,
    MilitiaUnitConfig,
    ReserveUnitConfig,
    ReservistConfig,
    TechnicalMeansConfig,
    TrainingPlanConfig,
    TrainingSessionConfig,
)

router = Router(tags=["forces"])


# --- the law as code -----------------------------------------------------------------------------
add_assess_route(
    router,
    "/forces/militia/assess",
    "militia",
    summary="Assess militia facts (age, term, training days, deferral, exemption, extension)",
    fields=(
        "`letter`, `until`, `term_years`, `term_end`, `training_days` ({year: days}), "
        "`decided_by`, `notes`"
    ),
    example={"sex": "M", "dob": "2001-01-15", "ref_date": "2026-06-03", "kind": "mobile"},
)


add_assess_route(
    router,
    "/forces/reserve/assess",
    "reserve",
    summary="Assess reserve facts (class, group, age, which units)",
    fields=("`reserve_class`, `group`, `combat_unit_allowed`, `support_unit_allowed`, `notes`"),
    example={
        "sex": "M",
        "dob": "1996-03-01",
        "ref_date": "2026-11-24",
        "active_service": {"kind": "army", "months": 24},
    },
)


# --- the registers ------------------------------------------------------------------------------
for _config in (
    MilitiaUnitConfig,
    MilitiaMemberConfig,
    ForceTargetConfig,
    ReserveUnitConfig,
    ReservistConfig,
    TechnicalMeansConfig,
    TrainingPlanConfig,
    TrainingSessionConfig,
):
    add_register_routes(router, _config)


# --- helpers -------------------------------------------------------------------------------------
def _in_scope(request: HttpRequest, model, pk: int | None, field: str, action: str = "change"):
    """The row `pk` of `model` the user may use in an action, or a 400 naming `field`."""
    if pk is None:
        return None
    obj = model.objects.for_action(request.user, action).filter(pk=pk).first()
    if obj is None:
        raise ApiFieldError(
            {
                field: [
                    _("No %(what)s %(pk)s you can use.")
                    % {"what": model._meta.verbose_name, "pk": pk}
                ]
            }
        )
    return obj


# --- militia members: moves, extensions, ends ---------------------------------------------------
add_action_route(
    router,
    MilitiaMemberConfig,
    "move",
    service=services.do_move_member,
    target="member",
    payload=MoveIn,
    arguments=lambda request, body: {
        "unit": _in_scope(request, MilitiaUnit, body.unit_id, "unit_id"),
        "role": body.role,
        "on": body.on,
        "note": body.note,
    },
    summary="Move a member to another unit or role (the history is kept)",
)
add_action_route(
    router,
    MilitiaMemberConfig,
    "extend",
    service=services.do_extend_term,
    target="member",
    payload=ExtendIn,
    summary="Extend a term (DQTV 8.2)",
)
add_action_route(
    router,
    MilitiaMemberConfig,
    "end",
    service=services.do_end_term,
    target="member",
    payload=EndIn,
    summary="End a term: completed, or early with a reason (DQTV 12, 13)",
)


# --- reservists and means: checks and assignments ------------------------------------------------
def _reserve_unit(request: HttpRequest, body) -> dict:
    return {
        "unit": _in_scope(request, ReserveUnit, body.reserve_unit_id, "reserve_unit_id", "view")
    }


add_action_route(
    router,
    ReservistConfig,
    "check",
    service=services.do_check_reservist,
    target="reservist",
    payload=CheckIn,
    summary="Record the yearly check (re-registration) of a reservist",
)
add_action_route(
    router,
    ReservistConfig,
    "assign",
    service=services.do_assign_reservist,
    target="reservist",
    payload=AssignIn,
    arguments=lambda request, body: {**_reserve_unit(request, body), "on": body.on},
    summary="Assign a reservist to a reserve unit (LLDBĐV 17.2 ages), or take them off",
)
add_action_route(
    router,
    TechnicalMeansConfig,
    "check",
    service=services.do_check_means,
    target="means",
    payload=MeansCheckIn,
    arguments=lambda request, body: {
        **_reserve_unit(request, body),
        "on": body.on,
        "assign": body.assign,
    },
    summary="Record the yearly check of a means (and optionally its reserve unit)",
)


# --- training: attendance ------------------------------------------------------------------------
@router.put(
    "/forces/sessions/{session_id}/attendance",
    response={200: SessionOut, **ERRORS_WRITE},
    summary="Set who attended a session and who was absent, why (the lists replace what was "
    "recorded)",
    description="Refused (400) for a session whose date is after today: it has not been held.",
)
def set_attendance(request: HttpRequest, session_id: int, payload: AttendanceIn):
    sessions = TrainingSessionConfig.api_queryset(request)
    session = get_editable(request, sessions, pk=session_id)
    absent_ids = [a.member_id for a in payload.absences]
    wanted = set(payload.member_ids) | set(absent_ids)
    members = list(MilitiaMemberConfig.api_queryset(request).filter(pk__in=wanted))
    missing = wanted - {m.pk for m in members}
    if missing:
        raise ApiFieldError(
            {"member_ids": [_("No members %(ids)s you can see.") % {"ids": sorted(missing)}]},
            status=400,
        )
    present = [m for m in members if m.pk in set(payload.member_ids)]
    call_service(
        services.do_record_attendance,
        actor=request.user,
        session=session,
        members=present,
        absences={a.member_id: (a.reason, a.note) for a in payload.absences},
    )
    return get_visible(request, sessions, pk=session.pk)


@router.post(
    "/forces/sessions/{session_id}/all-present",
    response={200: SessionOut, **ERRORS_WRITE},
    summary="Mark every member expected at a session present",
    description="Refused (400) for a session whose date is after today: it has not been held.",
)
def all_present(request: HttpRequest, session_id: int):
    sessions = TrainingSessionConfig.api_queryset(request)
    session = get_editable(request, sessions, pk=session_id)
    call_service(services.do_mark_all_present, actor=request.user, session=session)
    return get_visible(request, sessions, pk=session.pk)


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
