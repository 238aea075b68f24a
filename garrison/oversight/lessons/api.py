"""The lessons API: the registers' routes generated from their declarations (lessons and models,
searched with or without diacritics; their replications), and "record a replication" on a model,
calling the same service as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import ApiFieldError
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.territory.models import Commune

from . import services
from .models import ReplicationResult
from .schemas import RecordReplicationIn
from .views import LessonConfig, ReplicationConfig

router = Router(tags=["oversight"])

for _config in (LessonConfig, ReplicationConfig):
    add_register_routes(router, _config)


def _replication_arguments(request: HttpRequest, body: RecordReplicationIn) -> dict[str, Any]:
    commune = Commune.objects.visible_to(request.user).filter(code=body.commune_code).first()
    if commune is None:
        message = _("No commune %(code)s in your area.") % {"code": body.commune_code}
        raise ApiFieldError({"commune_code": [message]}, detail=message)
    if body.result not in ReplicationResult.values:
        message = _("Choose one of %(results)s.") % {"results": ", ".join(ReplicationResult.values)}
        raise ApiFieldError({"result": [message]}, detail=message)
    return {
        "commune": commune,
        "started_on": body.started_on,
        "result": body.result,
        "result_note": body.result_note,
    }


add_action_route(
    router,
    LessonConfig,
    "record-replication",
    service=services.do_record_replication,
    summary="Record where an effective model was taken up",
    description="Province staff and the province's inspector, on an effective model (not a "
    "lesson learned) of their province: `commune_code` a commune of the province other than "
    "the one the model came from, once per commune (its result is then edited through PATCH "
    "/api/oversight/replications/{replication_id}). Answers the model with its replications.",
    target="lesson",
    payload=RecordReplicationIn,
    arguments=_replication_arguments,
)
