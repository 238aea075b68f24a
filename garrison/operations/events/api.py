"""The readiness events API: events (list, read, write a draft, declare, close), the communes
each reaches with their plan's state (read-only), and the communes' plans (file, edit, submit;
return, approve, approve many for the province)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from garrison.core.api import ERRORS_WRITE
from garrison.core.api_routes import add_action_route, add_register_routes

from . import services
from .permissions import can_decide_plan
from .schemas import BulkApprovePlansIn, BulkApprovePlansOut, ReturnPlanIn
from .views import EventConfig, PlanConfig, TargetConfig

router = Router(tags=["operations"])
add_register_routes(router, EventConfig)
add_register_routes(router, TargetConfig)


@router.post(
    "/operations/plans/approve-many",
    response={200: BulkApprovePlansOut, **ERRORS_WRITE},
    summary="Approve many submitted readiness plans at once (the province)",
    description="Each plan is approved on its own: one that cannot be (not submitted, or "
    'outside your area: "not found") is listed in `failed` with its commune and the reason, '
    "and the others are approved all the same. Province staff only (403 otherwise).",
)
def bulk_approve_plans(request: HttpRequest, payload: BulkApprovePlansIn):
    if not can_decide_plan(request.user):
        raise HttpError(403, _("Only the commune's province approves or returns its plans."))
    ids = list(dict.fromkeys(payload.ids))
    found = PlanConfig.api_queryset(request).in_bulk(ids)
    result = services.do_bulk_approve_plans(
        actor=request.user, plans=[found[pk] for pk in ids if pk in found]
    )
    reasons = {plan.pk: why for plan, why in result.failed}
    return {
        "approved": [plan.pk for plan in result.approved],
        "failed": [
            {
                "id": pk,
                "commune": found[pk].commune.name if pk in found else "",
                "reason": reasons[pk] if pk in found else _("not found"),
            }
            for pk in ids
            if pk in reasons or pk not in found
        ],
    }


add_register_routes(router, PlanConfig)
add_action_route(
    router,
    EventConfig,
    "declare",
    service=services.do_declare_event,
    target="event",
    summary="Declare a draft event: one row per commune reached, with what each owes",
    description="Refused (400) when the event reaches no commune, naming why.",
)
add_action_route(
    router,
    EventConfig,
    "close",
    service=services.do_close_event,
    target="event",
    summary="Close a declared event",
)
add_action_route(
    router,
    PlanConfig,
    "submit",
    service=services.do_submit_plan,
    target="plan",
    summary="Submit a draft or returned plan to the province (the commune)",
)
add_action_route(
    router,
    PlanConfig,
    "return",
    service=services.do_return_plan,
    target="plan",
    payload=ReturnPlanIn,
    summary="Return a submitted plan to its commune with the reason (the province)",
)
add_action_route(
    router,
    PlanConfig,
    "approve",
    service=services.do_approve_plan,
    target="plan",
    summary="Approve a submitted plan (the province)",
)
