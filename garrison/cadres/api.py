"""The cadres API: profiles (scoped, reads audited), screening one cadre for one post,
placement proposals (create and solve, pin or forbid, approve into decisions, discard) and the
decisions issued. Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.responses import Status

from garrison.commands.models import MilitaryCommand
from garrison.commands.rules import CONCURRENT_POSTS
from garrison.core import audit
from garrison.core.api import (
    ERRORS_WRITE,
    ApiFieldError,
    ErrorOut,
    FieldErrorOut,
    call_service,
    get_editable,
)
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.core.scoping import scope_of
from garrison.territory.models import Province

from . import services
from .models import (
    CadreProfile,
    PlacementPin,
    PlacementRun,
)
from .permissions import can_propose_placement
from .querysets import run_with_rows
from .schemas import (
    ApproveIn,
    DecisionOut,
    PinIn,
    RunDetailOut,
    RunIn,
    RunOut,
    ScreeningIn,
    ScreeningOut,
)
from .services import facts
from .views.criteria import PostStandardConfig
from .views.decisions import CadreDecisionConfig
from .views.development import (
    CourseConfig,
    EnrolmentConfig,
    EntitlementConfig,
    EvaluationConfig,
    RecognitionConfig,
    SuccessionPlanConfig,
)
from .views.placement import PlacementPinConfig, PlacementRunConfig
from .views.profiles import BodyMembershipConfig, CadreProfileConfig, CareerEntryConfig

router = Router(tags=["cadres"])

# the registers: generated from their declarations in views/
for _config in (
    CadreProfileConfig,
    BodyMembershipConfig,
    CareerEntryConfig,
    CadreDecisionConfig,
    PostStandardConfig,
    PlacementRunConfig,
    PlacementPinConfig,
    SuccessionPlanConfig,
    CourseConfig,
    EnrolmentConfig,
    EvaluationConfig,
    RecognitionConfig,
    EntitlementConfig,
):
    add_register_routes(router, _config)
add_action_route(
    router,
    PlacementRunConfig,
    "solve",
    service=services.do_solve_run,
    target="run",
    summary="Solve a draft proposal again from the registers as they are now",
    description="Keeps the pins and forbidden pairs; a pin that no longer holds answers 400 "
    "naming it (remove it, then solve).",
)


# --- helpers -------------------------------------------------------------------------------------
def _field_error(field: str, message: str) -> ApiFieldError:
    return ApiFieldError({field: [message]}, detail=message)


def _placed_position(position: str) -> str:
    """The post, unless it is one held concurrently (the Political Commissar): 400."""
    if position in CONCURRENT_POSTS:
        raise _field_error(
            "position",
            _(
                "The Political Commissar post is held concurrently by the commune Party "
                "Secretary: it is not filled from the cadre pool. Choose another post."
            ),
        )
    return str(position)


# --- profiles ------------------------------------------------------------------------------------
def _profiles(request: HttpRequest):
    return CadreProfileConfig.api_queryset(request)


# --- screening -----------------------------------------------------------------------------------
def _screened_profile(request: HttpRequest, payload: ScreeningIn) -> CadreProfile:
    qs = _profiles(request)
    if payload.profile_id is not None:
        profile = qs.filter(pk=payload.profile_id).first()
        if profile is None:
            raise _field_error("profile_id", _("No cadre profile with this id in your area."))
        return profile
    if payload.citizen_id:
        profile = qs.filter(person__citizen_id="".join(payload.citizen_id.split())).first()
        if profile is None:
            raise _field_error(
                "citizen_id", _("No cadre profile with this citizen ID in your area.")
            )
        return profile
    raise _field_error("profile_id", _("Name the cadre: give profile_id or citizen_id."))


def _screened_command(request: HttpRequest, payload: ScreeningIn) -> MilitaryCommand:
    qs = MilitaryCommand.objects.visible_to(request.user).filter(
        level=MilitaryCommand.Level.COMMUNE
    )
    if payload.command_id is not None:
        command = qs.filter(pk=payload.command_id).select_related("commune").first()
        if command is None:
            raise _field_error("command_id", _("No commune command with this id in your area."))
        return command
    if payload.commune_code is not None:
        command = qs.filter(commune__code=payload.commune_code).select_related("commune").first()
        if command is None:
            raise _field_error(
                "commune_code", _("No commune command for this commune code in your area.")
            )
        return command
    raise _field_error("command_id", _("Name the post's command: give command_id or commune_code."))


@router.post(
    "/cadres/screening",
    response={200: ScreeningOut, 400: FieldErrorOut, 401: ErrorOut, 422: FieldErrorOut},
    summary="Screen one cadre for one post: pass or fail with every reason, and the points",
    description="Against the Ministry's standards for the post and the province's stricter "
    "ones for the commune's area, on `on` (default today). A cadre or command you cannot see "
    "answers 400 naming the field; the Political Commissar (held concurrently by the Party "
    "Secretary) answers 400. Nothing is stored; the read of the profile is audited.",
    openapi_extra={"x-stores-nothing": True},
)
def screen_profile(request: HttpRequest, payload: ScreeningIn):
    position = _placed_position(payload.position)
    profile = _screened_profile(request, payload)
    command = _screened_command(request, payload)
    if profile.province_id != command.province_id:
        raise _field_error(
            "command_id",
            _("The command belongs to another province: a province places its own cadres."),
        )
    on = payload.on or timezone.localdate()
    audit.log_read(actor=request.user, instance=profile, request=request)
    result, points, parts = facts.screen(
        profile, command, position, on, home_rule=payload.home_rule
    )
    return {
        "profile_id": profile.pk,
        "full_name": profile.person.full_name,
        "command_id": command.pk,
        "command_name": command.name,
        "position": position,
        "on": on,
        "passed": result.passed,
        "reasons": [
            {"code": r.code, "message": r.message, "standard": r.standard} for r in result.reasons
        ],
        "standards_applied": result.applied,
        "points": points,
        "parts": [{"label": label, "points": n} for label, n in parts],
    }


# --- placement proposals -------------------------------------------------------------------------
def _runs(request: HttpRequest):
    return PlacementRunConfig.api_queryset(request)


def _run_detail(request: HttpRequest, pk: int) -> PlacementRun:
    return run_with_rows(request.user, pk)


def _proposal_province(request: HttpRequest, code: int | None) -> int:
    """The province a new proposal is for: the user's own, or (the Ministry) the one named."""
    if not can_propose_placement(request.user):
        raise HttpError(403, _("Only a province's staff make placement proposals."))
    scope = scope_of(request.user)
    if code is not None:
        province = Province.objects.visible_to(request.user).filter(code=code).first()
        if province is None:
            raise _field_error("province_code", _("No province with this code in your area."))
        return province.pk
    if scope.province_id is None:
        raise _field_error("province_code", _("Name the province: give province_code."))
    return scope.province_id


@router.post(
    "/cadres/placements",
    response={201: RunDetailOut, **ERRORS_WRITE},
    summary="Make a placement proposal and solve it",
    description="Province staff (for their province) or the Ministry (naming `province_code`). "
    "The proposal gathers the posts vacant on `effective_on` or falling vacant by `horizon` "
    "and the cadres free for them, and assigns them (strategic communes first, then the most "
    "posts, then the most priority points). A bad field answers 400 naming it.",
)
def create_run(request: HttpRequest, payload: RunIn):
    province_id = _proposal_province(request, payload.province_code)
    run = call_service(
        services.do_create_run,
        actor=request.user,
        province_id=province_id,
        title=payload.title,
        effective_on=payload.effective_on,
        horizon=payload.horizon,
        positions=[p.value for p in payload.positions] if payload.positions else None,
        home_commune_rule=payload.home_commune_rule,
    )
    return Status(201, _run_detail(request, run.pk))


@router.post(
    "/cadres/placements/{run_id}/pins",
    response={200: RunDetailOut, **ERRORS_WRITE},
    summary="Pin a cadre to a post, or forbid the pair, and solve again",
    description="A pin must pass screening: a refusal answers 400 with every reason. The "
    "command and the cadre must be of the proposal's province (400 naming the field "
    "otherwise).",
)
def set_pin(request: HttpRequest, run_id: int, payload: PinIn):
    run = get_editable(request, _runs(request), pk=run_id)
    position = _placed_position(payload.position)
    command = (
        MilitaryCommand.objects.editable_by(request.user)
        .filter(pk=payload.command_id, level=MilitaryCommand.Level.COMMUNE)
        .first()
    )
    if command is None:
        raise _field_error("command_id", _("No commune command with this id you can use."))
    profile = CadreProfile.objects.editable_by(request.user).filter(pk=payload.profile_id).first()
    if profile is None:
        raise _field_error("profile_id", _("No cadre profile with this id you can use."))
    call_service(
        services.do_set_pin,
        actor=request.user,
        run=run,
        kind=payload.kind,
        command=command,
        position=position,
        profile=profile,
    )
    return _run_detail(request, run.pk)


@router.delete(
    "/cadres/placements/{run_id}/pins/{pin_id}",
    response={200: RunDetailOut, **ERRORS_WRITE},
    summary="Remove a pin or forbidden pair and solve again",
)
def remove_pin(request: HttpRequest, run_id: int, pin_id: int):
    run = get_editable(request, _runs(request), pk=run_id)
    pin = get_editable(
        request, PlacementPin.objects.visible_to(request.user), pk=pin_id, run_id=run.pk
    )
    call_service(services.do_remove_pin, actor=request.user, pin=pin)
    return _run_detail(request, run.pk)


@router.post(
    "/cadres/placements/{run_id}/approve",
    response={200: list[DecisionOut], **ERRORS_WRITE},
    summary="Approve a proposal: one decision per match, creating the assignments",
    description='Decisions are numbered from `first_number` ("101/QĐ-BCH", "102/QĐ-BCH", …). '
    "The matches are checked against the registers as they are now: if anything moved since "
    "the solve, or a number is taken, nothing is issued and the answer is 400 saying what to "
    "do.",
)
def approve_run(request: HttpRequest, run_id: int, payload: ApproveIn):
    run = get_editable(request, _runs(request), pk=run_id)
    decisions = call_service(services.do_approve_run, actor=request.user, run=run, **payload.dict())
    return list(
        CadreDecisionConfig.api_queryset(request)
        .filter(pk__in=[d.pk for d in decisions])
        .order_by("number", "pk")
    )


@router.post(
    "/cadres/placements/{run_id}/discard",
    response={200: RunOut, **ERRORS_WRITE},
    summary="Discard a draft proposal (it is kept, marked discarded)",
)
def discard_run(request: HttpRequest, run_id: int):
    run = get_editable(request, _runs(request), pk=run_id)
    call_service(services.do_discard_run, actor=request.user, run=run)
    return _runs(request).get(pk=run.pk)
