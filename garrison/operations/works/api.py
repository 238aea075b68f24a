"""The works API: the registers' routes generated from their declarations (defence works and
their inspections) and the two actions of the work's page (record an inspection, ask for one
after an incident), each calling the same service as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import ApiFieldError
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.operations.incidents.models import Incident

from . import services
from .schemas import RecordInspectionIn, RequestInspectionIn
from .views import DefenceWorkConfig, WorkInspectionConfig

router = Router(tags=["operations"])

for _config in (DefenceWorkConfig, WorkInspectionConfig):
    add_register_routes(router, _config)


def _incident(request: HttpRequest, pk: int | None) -> Any:
    """The incident with id `pk` the user may see, or a refusal naming the field."""
    if pk is None:
        return None
    found = Incident.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        raise ApiFieldError(
            {"incident_id": [_("No incident you can see has the id %(id)s.") % {"id": pk}]}
        )
    return found


def _inspection_arguments(request: HttpRequest, body: RecordInspectionIn) -> dict[str, Any]:
    return {
        "inspected_on": body.inspected_on,
        "inspectors": body.inspectors,
        "state_found": body.state_found,
        "findings": body.findings,
        "incident": _incident(request, body.incident_id),
    }


def _request_arguments(request: HttpRequest, body: RequestInspectionIn) -> dict[str, Any]:
    return {"incident": _incident(request, body.incident_id), "due_on": body.due_on}


add_action_route(
    router,
    DefenceWorkConfig,
    "inspection",
    service=services.do_record_inspection,
    summary="Record an inspection of a defence work",
    description="`inspected_on` in the future is refused (400), as is an incident of another "
    "commune. The work takes the state found and its finding, and its next inspection falls "
    "due a year later; an inspection older than the work's last one is recorded without "
    "changing the work.",
    target="work",
    payload=RecordInspectionIn,
    arguments=_inspection_arguments,
)
add_action_route(
    router,
    DefenceWorkConfig,
    "request-inspection",
    service=services.do_request_inspection,
    summary="Ask for an inspection of a defence work sooner, after an incident",
    description="The work's next inspection falls due on `due_on` when that is earlier than "
    "the date it had; the reason names the incident (of the work's commune).",
    target="work",
    payload=RequestInspectionIn,
    arguments=_request_arguments,
)
