"""The inspections API: the registers' routes generated from their declarations (plans,
checklists, versions, points, inspections, findings, corrective actions) and the domain actions
of their pages, each calling the same service: publish a checklist version, open a new one,
record an inspection's checklist for a commune, record a finding, add a corrective action,
close a finding without action, the commune's answer, the inspector's verification or return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import ERRORS_WRITE, ApiFieldError, call_service, get_visible
from garrison.core.api_routes import add_action_route, add_register_routes

from . import services
from .models import Inspection
from .schemas import (
    AddActionIn,
    AnswerActionIn,
    ChecklistIn,
    CorrectiveActionOut,
    InspectionReasonIn,
    RecordFindingIn,
    VerifyActionIn,
)
from .views import (
    ChecklistItemConfig,
    ChecklistTemplateConfig,
    ChecklistVersionConfig,
    CorrectiveActionConfig,
    FindingConfig,
    InspectionConfig,
    InspectionPlanConfig,
)

router = Router(tags=["oversight"])

for _config in (
    InspectionPlanConfig,
    ChecklistTemplateConfig,
    ChecklistVersionConfig,
    ChecklistItemConfig,
    InspectionConfig,
    FindingConfig,
    CorrectiveActionConfig,
):
    add_register_routes(router, _config)


# --- checklists -----------------------------------------------------------------------------------
add_action_route(
    router,
    ChecklistVersionConfig,
    "publish",
    service=services.do_publish_checklist_version,
    summary="Publish a draft checklist version",
    description="Inspections may then follow it; it never changes again. A version without "
    "any point, or already published, is refused (400).",
    target="version",
)
add_action_route(
    router,
    ChecklistTemplateConfig,
    "new-version",
    service=services.do_new_checklist_version,
    summary="Open a new version of a checklist (a copy of the latest one's points)",
    description="Refused (400) while the latest version is still a draft.",
    target="template",
)


# --- inspections ----------------------------------------------------------------------------------
def _commune(inspection: Inspection, code: int) -> Any:
    """One of the communes the inspection inspects, by its code, or a refusal naming the field."""
    target = inspection.targets.select_related("commune").filter(commune__code=code).first()
    if target is None:
        raise ApiFieldError(
            {
                "commune_code": [
                    _("The inspection does not inspect the commune %(code)s.") % {"code": code}
                ]
            }
        )
    return target.commune


def _checklist_arguments(request: HttpRequest, body: ChecklistIn) -> dict[str, Any]:
    return {
        "commune": body.commune_code,
        "answers": {line.item_id: (line.result, line.note) for line in body.answers},
    }


def _finding_arguments(request: HttpRequest, body: RecordFindingIn) -> dict[str, Any]:
    return {
        "commune": body.commune_code,
        "severity": body.severity,
        "area": body.area,
        "description": body.description,
        "evidence": body.evidence,
        "found_on": body.found_on,
    }


def _with_commune(service: Any) -> Any:
    """`service` with its `commune` given as a code (one of the inspection's communes)."""

    def call(*, actor: Any, inspection: Inspection, commune: int, **kwargs: Any) -> Any:
        return service(
            actor=actor, inspection=inspection, commune=_commune(inspection, commune), **kwargs
        )

    return call


add_action_route(
    router,
    InspectionConfig,
    "checklist",
    service=_with_commune(services.do_record_checklist),
    summary="Record an inspection's checklist for one commune inspected",
    description="One answer per point of the inspection's checklist version (a missing point "
    "or an unknown result answers 400 naming it); recording again replaces the commune's "
    "answers.",
    target="inspection",
    payload=ChecklistIn,
    arguments=_checklist_arguments,
)
add_action_route(
    router,
    InspectionConfig,
    "findings",
    service=_with_commune(services.do_record_finding),
    summary="Record a finding of an inspection in one of its communes",
    description="The finding is open until every corrective action given on it is verified "
    "(or the inspector closes it without action). Answers the inspection with its findings.",
    target="inspection",
    payload=RecordFindingIn,
    arguments=_finding_arguments,
)


# --- findings -------------------------------------------------------------------------------------
add_action_route(
    router,
    FindingConfig,
    "actions",
    service=services.do_add_action,
    summary="Add a corrective action to an open finding",
    description="Its owner is the finding's commune; due not before the finding was made. "
    "Answers the finding with its actions.",
    target="finding",
    payload=AddActionIn,
)
add_action_route(
    router,
    FindingConfig,
    "close",
    service=services.do_close_finding,
    summary="Close a finding without action (inspector)",
    description="An open finding without any corrective action, with a reason (an empty one "
    "answers 400). A finding with actions is corrected by verifying them.",
    target="finding",
    payload=InspectionReasonIn,
)


# --- corrective actions ---------------------------------------------------------------------------
@router.post(
    "/oversight/actions/{int:action_id}/answer",
    response={200: CorrectiveActionOut, **ERRORS_WRITE},
    summary="Answer a corrective action (the owner commune)",
    description="A commune account of the action's commune (staff or Commander), while the "
    "action is open or returned: what was done and the evidence of completion (both "
    "required, 400 naming the field). Another commune's action answers 404; the inspector "
    "and the province's staff answer 403; a verified action, or one already answered, 400.",
    operation_id="oversight_corrective_action_answer",
)
def answer_action(request: HttpRequest, action_id: int, payload: AnswerActionIn):
    rows = CorrectiveActionConfig.api_queryset(request)
    action = get_visible(request, rows, pk=action_id)
    call_service(
        services.do_answer_action,
        actor=request.user,
        action=action,
        answer=payload.answer,
        evidence=payload.completion_evidence,
    )
    return get_visible(request, rows, pk=action.pk)


add_action_route(
    router,
    CorrectiveActionConfig,
    "verify",
    service=services.do_verify_action,
    summary="Verify a corrective action's answer (inspector)",
    description="The action is verified today by you and never changes again; the finding is "
    "corrected once every action is verified. Only an answered action (400 otherwise).",
    target="action",
    payload=VerifyActionIn,
)
add_action_route(
    router,
    CorrectiveActionConfig,
    "return",
    service=services.do_return_action,
    summary="Return a corrective action's answer to the commune (inspector)",
    description="Say what is missing (`reason`, required): the commune answers again.",
    target="action",
    payload=InspectionReasonIn,
)
