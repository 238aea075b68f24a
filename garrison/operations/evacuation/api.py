"""The evacuation API: the plan's assignments generated from their declaration, and the coverage
of the plan as the coverage page shows it."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from garrison.core.api import ERRORS_LIST, ApiFieldError
from garrison.core.api_routes import add_register_routes

from . import pages
from .schemas import CoverageOut
from .views import EvacuationAssignmentConfig

router = Router(tags=["operations"])
add_register_routes(router, EvacuationAssignmentConfig)


@router.get(
    "/operations/evacuation-coverage",
    response={200: CoverageOut, **ERRORS_LIST},
    summary="The coverage of the evacuation plan",
    description="A commune's staff: their villages (population to move, areas, flag: "
    "uncovered, partly covered, covered) and evacuation areas (capacity against the people "
    "assigned, flag: over capacity, capacity unknown). A province: one row per commune; the "
    "Ministry: one row per province. `commune` or `province` (a code) drills down; a place "
    "outside your area answers 422.",
    operation_id="operations_evacuation_coverage",
)
def evacuation_coverage(
    request: HttpRequest, commune: int | None = None, province: int | None = None
):
    try:
        return pages.coverage(request.user, commune, province)
    except Http404:
        name = "commune" if commune is not None else "province"
        raise ApiFieldError(
            {name: [_("No %(what)s with this code in your area.") % {"what": name}]},
            status=422,
        ) from None
