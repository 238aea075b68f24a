"""The cadres API: profiles (scoped, reads audited), screening one cadre for one post,
placement proposals (create and solve, pin or forbid, approve into decisions, discard) and the
decisions issued. Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from garrison.commands.models import Assignment, MilitaryCommand
from garrison.commands.rules import CONCURRENT_POSTS
from garrison.core import audit
from garrison.core.api import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    ApiFieldError,
    ErrorOut,
    FieldErrorOut,
    Pagination,
    call_service,
    get_editable,
    get_visible,
)
from garrison.core.scoping import scope_of
from garrison.territory.models import Province

from . import services
from .models import (
    BodyMembership,
    CadreDecision,
    CadreProfile,
    CareerEntry,
    PlacementMatch,
    PlacementPin,
    PlacementRun,
)
from .rules import PoliticalTheory, Rank
from .schemas import (
    ApproveIn,
    DecisionOut,
    PinIn,
    ProfileDetailOut,
    ProfileOut,
    RunDetailOut,
    RunIn,
    RunOut,
    ScreeningIn,
    ScreeningOut,
)
from .services import facts

router = Router(tags=["cadres"])


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


def _filter_choice(qs, field: str, value: str | None, choices: list[str]):
    """Filter `qs` on a choice given in the query string; an unknown one answers 422."""
    if not value:
        return qs
    if value not in choices:
        raise ApiFieldError(
            {field: [_("Use one of: %(choices)s.") % {"choices": ", ".join(choices)}]},
            status=422,
        )
    return qs.filter(**{field: value})


# --- profiles ------------------------------------------------------------------------------------
def _profiles(request: HttpRequest):
    return CadreProfile.objects.visible_to(request.user).select_related(
        "person", "province", "commune", "home_commune"
    )


@router.get(
    "/cadres/profiles",
    response={200: list[ProfileOut], **ERRORS_LIST},
    summary="List cadre profiles",
    description="A province sees its cadres; a commune those serving in it. `commune` is the "
    "code of the commune served in; `unplaced` true: only cadres without a commune post; `q` "
    "matches part of the name or the start of a citizen ID.",
)
@paginate(Pagination)
def list_profiles(
    request: HttpRequest,
    status: str | None = None,
    rank: str | None = None,
    political_theory: str | None = None,
    commune: int | None = None,
    unplaced: bool | None = None,
    q: str | None = None,
):
    qs = _profiles(request).order_by("person__name_sort_key", "pk")
    qs = _filter_choice(qs, "status", status, CadreProfile.Status.values)
    qs = _filter_choice(qs, "rank", rank, Rank.values)
    qs = _filter_choice(qs, "political_theory", political_theory, PoliticalTheory.values)
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    if unplaced is not None:
        qs = qs.filter(commune__isnull=unplaced)
    if q:
        qs = qs.filter(Q(person__full_name__icontains=q) | Q(person__citizen_id__startswith=q))
    return qs


@router.get(
    "/cadres/profiles/{profile_id}",
    response={200: ProfileDetailOut, **ERRORS_READ},
    summary="Get a cadre profile with the posts held, memberships and career",
    description="The read is written to the audit log.",
)
def get_profile(request: HttpRequest, profile_id: int):
    user = request.user
    qs = _profiles(request).prefetch_related(
        Prefetch("memberships", BodyMembership.objects.visible_to(user).select_related("commune")),
        Prefetch("career", CareerEntry.objects.visible_to(user).select_related("decision")),
    )
    profile = get_visible(request, qs, pk=profile_id)
    audit.log_read(actor=user, instance=profile, request=request)
    profile.current_posts = list(
        Assignment.objects.visible_to(user)
        .current(timezone.localdate())
        .filter(person_id=profile.person_id)
        .select_related("command__commune")
        .order_by("start_date", "pk")
    )
    return profile


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
    return PlacementRun.objects.visible_to(request.user).select_related("province")


def _run_detail(request: HttpRequest, pk: int) -> PlacementRun:
    user = request.user
    return (
        _runs(request)
        .prefetch_related(
            Prefetch(
                "matches",
                PlacementMatch.objects.visible_to(user).select_related(
                    "command__commune", "profile__person"
                ),
            ),
            Prefetch(
                "pins",
                PlacementPin.objects.visible_to(user)
                .select_related("command", "profile__person")
                .order_by("pk"),
            ),
        )
        .get(pk=pk)
    )


def _proposal_province(request: HttpRequest, code: int | None) -> int:
    """The province a new proposal is for: the user's own, or (the Ministry) the one named."""
    scope = scope_of(request.user)
    if scope is None or not scope.can_write or scope.level not in PlacementRun.write_levels:
        raise HttpError(403, _("Only a province's staff make placement proposals."))
    if code is not None:
        province = Province.objects.visible_to(request.user).filter(code=code).first()
        if province is None:
            raise _field_error("province_code", _("No province with this code in your area."))
        return province.pk
    if scope.province_id is None:
        raise _field_error("province_code", _("Name the province: give province_code."))
    return scope.province_id


@router.get(
    "/cadres/placements",
    response={200: list[RunOut], **ERRORS_LIST},
    summary="List placement proposals",
    description="A province's staff see its proposals, the Ministry all; communes see none. "
    "`status` draft, approved or discarded; `province` a province code.",
)
@paginate(Pagination)
def list_runs(
    request: HttpRequest,
    status: str | None = None,
    province: int | None = None,
):
    qs = _runs(request).order_by("-created_at", "-pk")
    qs = _filter_choice(qs, "status", status, PlacementRun.Status.values)
    if province is not None:
        qs = qs.filter(province__code=province)
    return qs


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
    return 201, _run_detail(request, run.pk)


@router.get(
    "/cadres/placements/{run_id}",
    response={200: RunDetailOut, **ERRORS_READ},
    summary="Get a placement proposal: figures (with the greedy baseline), pins and matches",
    description="Each match names the post, why it is open, and the cadre with the parts of "
    "the points; an empty post says why (nobody passes screening, with the reasons; or those "
    "eligible take other posts).",
)
def get_run(request: HttpRequest, run_id: int):
    run = get_visible(request, _runs(request), pk=run_id)
    return _run_detail(request, run.pk)


@router.post(
    "/cadres/placements/{run_id}/solve",
    response={200: RunDetailOut, **ERRORS_WRITE},
    summary="Solve a draft proposal again from the registers as they are now",
    description="Keeps the pins and forbidden pairs; a pin that no longer holds answers 400 "
    "naming it (remove it, then solve).",
)
def solve_run(request: HttpRequest, run_id: int):
    run = get_editable(request, _runs(request), pk=run_id)
    call_service(services.do_solve_run, actor=request.user, run=run)
    return _run_detail(request, run.pk)


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
        _decisions(request).filter(pk__in=[d.pk for d in decisions]).order_by("number", "pk")
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


# --- decisions -----------------------------------------------------------------------------------
def _decisions(request: HttpRequest):
    return CadreDecision.objects.visible_to(request.user).select_related(
        "profile__person", "command", "commune"
    )


@router.get(
    "/cadres/decisions",
    response={200: list[DecisionOut], **ERRORS_LIST},
    summary="List cadre decisions (appointments, transfers, promotions)",
    description="A commune sees the decisions posting to it. `profile` a profile id; `run` a "
    "placement proposal id; `commune` a commune code; `kind` appointment, transfer or "
    "promotion; `status` in_force or revoked.",
)
@paginate(Pagination)
def list_decisions(
    request: HttpRequest,
    profile: int | None = None,
    run: int | None = None,
    commune: int | None = None,
    kind: str | None = None,
    status: str | None = None,
):
    qs = _decisions(request).order_by("-signed_on", "-pk")
    if profile is not None:
        qs = qs.filter(profile_id=profile)
    if run is not None:
        qs = qs.filter(placement_run_id=run)
    if commune is not None:
        qs = qs.filter(commune__code=commune)
    qs = _filter_choice(qs, "kind", kind, CadreDecision.Kind.values)
    return _filter_choice(qs, "status", status, CadreDecision.Status.values)
