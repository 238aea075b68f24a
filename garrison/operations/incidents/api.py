"""The incidents API: the registers' routes generated from their declarations (incidents,
mobilisations, situation reports) and the actions of the incident's page (a timeline line,
mobilise, stand down, a situation report, close), each calling the same service as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import ApiFieldError
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.forces.models import MilitiaMember, Reservist, TechnicalMeans

from . import services
from .schemas import (
    CloseIncidentIn,
    IncidentUpdateIn,
    MobiliseIn,
    SituationReportIn,
    StandDownIn,
)
from .views import IncidentConfig, MobilisationConfig, SituationReportConfig

router = Router(tags=["operations"])

for _config in (IncidentConfig, MobilisationConfig, SituationReportConfig):
    add_register_routes(router, _config)


def _rows(request: HttpRequest, model: Any, ids: list[int], key: str) -> list[Any]:
    """The rows of `model` with these ids that the user may see; any other id is refused."""
    rows = list(model.objects.visible_to(request.user).filter(pk__in=set(ids)))
    missing = set(ids) - {r.pk for r in rows}
    if missing:
        raise ApiFieldError(
            {key: [_("None you can see with the ids %(ids)s.") % {"ids": sorted(missing)}]}
        )
    return rows


def _mobilise_arguments(request: HttpRequest, body: MobiliseIn) -> dict[str, Any]:
    return {
        "members": _rows(request, MilitiaMember, body.member_ids, "member_ids"),
        "reservists": _rows(request, Reservist, body.reservist_ids, "reservist_ids"),
        "means": _rows(request, TechnicalMeans, body.means_ids, "means_ids"),
        "from_at": body.from_at,
        "task": body.task,
    }


add_action_route(
    router,
    IncidentConfig,
    "timeline",
    service=services.do_add_incident_update,
    summary="Add a line to an open incident's timeline",
    target="incident",
    payload=IncidentUpdateIn,
)
add_action_route(
    router,
    IncidentConfig,
    "mobilise",
    service=services.do_mobilise,
    summary="Mobilise militia members, reservists and technical means for an open incident",
    description="Members serving in the incident's commune, its registered reservists and "
    "technical means. A member whose term has ended is refused (400). One already mobilised for "
    "another incident at that time is recorded and listed in the answer's `flags`.",
    target="incident",
    payload=MobiliseIn,
    arguments=_mobilise_arguments,
)
add_action_route(
    router,
    IncidentConfig,
    "situation-report",
    service=services.do_send_situation_report,
    summary="Send a situation report on an open incident",
    description="The figures are the totals now and replace the incident's; the next report "
    "falls due one rhythm after this one (critical 3 h, severe 6 h, moderate 12 h, minor 24 h). "
    "`sent_at` in the future is refused.",
    target="incident",
    payload=SituationReportIn,
)
add_action_route(
    router,
    IncidentConfig,
    "close",
    service=services.do_close_incident,
    summary="Close an incident with its after-action account and lessons",
    description="Both texts are required. Every mobilisation still engaged is stood down at "
    "the closing time; the incident is read-only afterwards.",
    target="incident",
    payload=CloseIncidentIn,
)
add_action_route(
    router,
    MobilisationConfig,
    "stand-down",
    service=services.do_stand_down,
    summary="Stand down a mobilised member, reservist or technical means",
    target="mobilisation",
    payload=StandDownIn,
)
