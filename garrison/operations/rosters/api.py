"""The duty rosters' API: the shifts' register (generated), booking and taking off (action
routes on a shift), planning a range, and the roster of a range as JSON. Every endpoint parses,
scopes, calls a service, returns."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from garrison.core.api import ERRORS_LIST, ERRORS_WRITE, ApiFieldError, call_service
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.territory.models import Commune

from . import querysets, rules, services
from .forms import RosterQueryForm
from .models import DutyAssignment
from .schemas import BookIn, RosterOut, RosterPlanIn, RosterPlanOut, UnbookIn
from .views import DutyShiftConfig

router = Router(tags=["operations"])

add_register_routes(router, DutyShiftConfig)


def _usable(request: HttpRequest, qs, pk: int | None, field: str):
    """The row `pk` of `qs` (already scoped) or a 400 naming `field`."""
    if pk is None:
        return None
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise ApiFieldError(
            {
                field: [
                    _("No %(what)s %(pk)s you can use.")
                    % {"what": qs.model._meta.verbose_name, "pk": pk}
                ]
            }
        )
    return obj


def _book_arguments(request: HttpRequest, body: BookIn) -> dict:
    from garrison.commands.models import Assignment
    from garrison.forces.models import MilitiaMember

    return {
        "role": body.role,
        "member": _usable(
            request, MilitiaMember.objects.visible_to(request.user), body.member_id, "member_id"
        ),
        "staff_post": _usable(
            request,
            Assignment.objects.visible_to(request.user),
            body.staff_post_id,
            "staff_post_id",
        ),
    }


def _unbook_arguments(request: HttpRequest, body: UnbookIn) -> dict:
    booking = _usable(
        request, DutyAssignment.objects.visible_to(request.user), body.booking_id, "booking_id"
    )
    return {"booking": booking}


add_action_route(
    router,
    DutyShiftConfig,
    "book",
    service=services.do_book_duty,
    target="shift",
    payload=BookIn,
    arguments=_book_arguments,
    summary="Book a command duty officer or a militia member on standby on a shift",
    description="Refused (400, naming who and when) for a person already on duty at that "
    "time, a militia term not open on the day, or a post not held on the day.",
)
add_action_route(
    router,
    DutyShiftConfig,
    "unbook",
    service=services.do_unbook_duty,
    target="shift",
    payload=UnbookIn,
    arguments=_unbook_arguments,
    summary="Take a person off a shift",
)


@router.post(
    "/operations/duty-shifts/plan",
    response={201: RosterPlanOut, **ERRORS_WRITE},
    summary="Plan the empty shifts of a range of days (or of an event's period) at once",
    description="Shifts already there are kept; at most a year at once.",
    operation_id="operations_shift_plan",
)
def plan_roster(request: HttpRequest, payload: RosterPlanIn):
    from garrison.operations.models import ReadinessEvent

    commune = Commune.objects.visible_to(request.user).filter(code=payload.commune_code).first()
    if commune is None:
        raise ApiFieldError(
            {
                "commune_code": [
                    _("No commune with code %(code)s in your area.")
                    % {"code": payload.commune_code}
                ]
            }
        )
    event = _usable(
        request, ReadinessEvent.objects.visible_to(request.user), payload.event_id, "event_id"
    )
    made = call_service(
        services.do_plan_roster,
        actor=request.user,
        commune=commune,
        first_day=payload.first_day,
        last_day=payload.last_day,
        shifts=payload.shifts,
        event=event,
    )
    return 201, {"created": len(made), "shift_ids": [s.pk for s in made if s.pk]}


def _flags(flags) -> list[dict]:
    return [{"code": f.code, "message": f.message} for f in flags]


_DATE = "A day: 2026-02-16 or 16/02/2026."


@router.get(
    "/operations/duty-roster",
    response={200: RosterOut, **ERRORS_LIST},
    summary="The duty roster of a commune over a range of days",
    description="Parameters as the roster page: `commune` (its code; a commune's staff: their "
    "own), `event` (its period by default), `from` and `until` (at most "
    f"{rules.MAX_RANGE_DAYS} days; default this week). A commune outside your area answers 422.",
    operation_id="operations_roster",
)
def roster(
    request: HttpRequest,
    commune: int | None = None,
    event: int | None = None,
    # dates as text, read by the page's form (YYYY-MM-DD or dd/mm/yyyy): a date type here would
    # let pydantic read `from=0` as 01/01/1970 instead of refusing it
    until: str | None = Query(None, description=_DATE),
    from_: str | None = Query(None, alias="from", description=_DATE),
):
    data = {
        k: v
        for k, v in {"commune": commune, "event": event, "from": from_, "until": until}.items()
        if v is not None
    }
    form = RosterQueryForm(data, user=request.user)
    if not form.is_valid():
        errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
        raise ApiFieldError(
            errors, detail=" ".join(m for ms in errors.values() for m in ms), status=422
        )
    clean = form.cleaned_data
    result = services.build_roster(
        request.user, clean["commune"], clean["first"], clean["last"], clean.get("event")
    )
    now = timezone.now()
    on_duty = querysets.on_duty_now(
        DutyAssignment.objects.visible_to(request.user).filter(commune_id=result.commune.pk), now
    )
    return {
        "commune_code": result.commune.code,
        "commune_name": result.commune.name,
        "event_id": result.event.pk if result.event is not None else None,
        "first_day": result.first,
        "last_day": result.last,
        "on_duty_now": [
            {
                "day": b.shift.day,
                "shift": b.shift.shift,
                "role": b.role,
                "person_id": b.person_id,
                "full_name": b.person.full_name,
            }
            for b in on_duty
        ],
        "days": [
            {
                "day": day,
                "flags": _flags(day_flags),
                "shifts": [
                    {
                        "shift": cell.shift,
                        "shift_id": cell.row.pk if cell.row is not None else None,
                        "strength": cell.strength,
                        "bookings": cell.bookings,
                        "flags": _flags(cell.flags),
                    }
                    for cell in cells
                ],
            }
            for day, cells, day_flags in result.days
        ],
        "flags": _flags(result.flags),
    }
