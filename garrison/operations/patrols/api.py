"""The patrols API: the registers (the commune police, its officers, coordination plans and
meetings, patrols) generated from their declarations, and the patrol actions — record the
result, cancel. Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import ApiFieldError
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.forces.models import MilitiaMember

from . import services
from .models import PoliceOfficer
from .schemas import CancelPatrolIn, RecordPatrolIn
from .views import (
    CoordinationMeetingConfig,
    CoordinationPlanConfig,
    PatrolConfig,
    PoliceOfficerConfig,
    PoliceUnitConfig,
)

router = Router(tags=["operations"])

for _config in (
    PoliceUnitConfig,
    PoliceOfficerConfig,
    CoordinationPlanConfig,
    CoordinationMeetingConfig,
    PatrolConfig,
):
    add_register_routes(router, _config)


def _rows(request: HttpRequest, model, ids: list[int] | None, field: str):
    """The rows `ids` of `model` the user can see, or a 400 naming `field` and the ids not
    found; None (not sent) stays None."""
    if ids is None:
        return None
    rows = list(model.objects.visible_to(request.user).filter(pk__in=ids))
    missing = sorted(set(ids) - {row.pk for row in rows})
    if missing:
        raise ApiFieldError(
            {field: [_("No %(what)s %(ids)s you can see.") % {"what": field, "ids": missing}]},
            status=400,
        )
    return rows


def _record_arguments(request: HttpRequest, body: RecordPatrolIn) -> dict:
    return {
        "findings": body.findings,
        "follow_up": body.follow_up,
        "members": _rows(request, MilitiaMember, body.member_ids, "member_ids"),
        "officers": _rows(request, PoliceOfficer, body.officer_ids, "officer_ids"),
    }


add_action_route(
    router,
    PatrolConfig,
    "record",
    service=services.do_record_patrol,
    target="patrol",
    payload=RecordPatrolIn,
    arguments=_record_arguments,
    summary="Record a patrol's result: what was found, the follow-up, who took part",
    description="Refused (400) for a patrol not yet held (its end is after now), a cancelled "
    "one, members or officers of another commune, or someone on a patrol whose hours overlap.",
)

add_action_route(
    router,
    PatrolConfig,
    "cancel",
    service=services.do_cancel_patrol,
    target="patrol",
    payload=CancelPatrolIn,
    summary="Cancel a planned patrol, saying why",
    description="Refused (400) for a patrol done or already cancelled, or without a reason.",
)
