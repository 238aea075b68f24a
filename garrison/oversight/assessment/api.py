"""The assessment API: the registers' routes generated from their declarations (criteria,
runs, scores, figures) and the runs' actions — compute a run (or re-compute a draft), approve
it — each calling the same service as the pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from garrison.core.api import ERRORS_WRITE, ApiFieldError, call_service, get_visible
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.core.api_schemas import detail_schema
from garrison.core.scoping import get_for, scope_of
from garrison.territory.models import Province

from . import permissions, rules, services
from .schemas import ComputeRunIn
from .views import CriterionConfig, FigureConfig, RunConfig, ScoreConfig

router = Router(tags=["oversight"])


def _province(request: HttpRequest, code: int | None) -> Province:
    scope = scope_of(request.user)
    if code is None:
        if scope is None or scope.province_id is None:
            raise ApiFieldError({"province_code": [_("Name the province by its code.")]})
        return get_for(request.user, Province.objects.all(), pk=scope.province_id)
    found = Province.objects.visible_to(request.user).filter(code=code).first()
    if found is None:
        raise ApiFieldError(
            {
                "province_code": [
                    _("No province you can see has the code %(code)s.") % {"code": code}
                ]
            }
        )
    return found


@router.post(
    "/oversight/assessment-runs/compute",
    response={200: detail_schema(RunConfig), **ERRORS_WRITE},
    summary="Compute a province's assessment of its communes for a period (or again, a draft)",
    description="Every commune's figures, score and rank from the registers as they stood on "
    "`as_of`, with the year's criteria (targets and weights). A draft run of the same period is "
    "computed again; an approved run is frozen and refused (400). Province staff only (403).",
    operation_id="oversight_assessment_run_compute",
)
def compute_run(request: HttpRequest, payload: ComputeRunIn):
    if not permissions.can_compute_run(request.user):
        raise HttpError(403, _("Only the province's staff compute its assessment."))
    province = _province(request, payload.province_code)
    as_of = payload.as_of
    if as_of is None:
        try:
            as_of = rules.period_as_of(payload.year, payload.period, timezone.localdate())
        except ValueError:
            raise ApiFieldError(
                {"period": [_("This period has not begun yet: it can be assessed once it has.")]}
            ) from None
    run = call_service(
        services.do_compute_run,
        actor=request.user,
        province=province,
        year=payload.year,
        period=payload.period,
        as_of=as_of,
    )
    return RunConfig.api_detail(
        request, get_visible(request, RunConfig.api_queryset(request), pk=run.pk)
    )


for _config in (CriterionConfig, RunConfig, ScoreConfig, FigureConfig):
    add_register_routes(router, _config)

add_action_route(
    router,
    RunConfig,
    "recompute",
    service=services.do_recompute_run,
    summary="Compute a draft assessment run again",
    description="The figures are read again from the registers as they stood on the run's day, "
    "with the year's targets and weights as they are now. An approved run is frozen (400).",
    target="run",
)
add_action_route(
    router,
    RunConfig,
    "approve",
    service=services.do_approve_run,
    summary="Approve an assessment run: its figures are frozen",
    description="Province staff only (403). An approved run never changes again; a run with no "
    "scores is refused (400).",
    target="run",
)
