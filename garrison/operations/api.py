"""The operations API: one router joining the routes of its sub-domains — readiness events and
plans (events/api.py), duty rosters (rosters/api.py), patrols, the commune police and the
coordination with it (patrols/api.py), incidents, mobilisations and situation reports
(incidents/api.py), defence works and their inspections (works/api.py), the evacuation plan
(evacuation/api.py), defence and security education (education/api.py), mass-mobilisation
programmes (programmes/api.py). Every endpoint parses, scopes, calls a service, returns."""

from __future__ import annotations

from ninja import Router

from .education.api import router as education_router
from .evacuation.api import router as evacuation_router
from .events.api import router as events_router
from .incidents.api import router as incidents_router
from .patrols.api import router as patrols_router
from .programmes.api import router as programmes_router
from .rosters.api import router as rosters_router
from .works.api import router as works_router

router = Router()
for _routes in (
    events_router,
    rosters_router,
    patrols_router,
    incidents_router,
    works_router,
    evacuation_router,
    education_router,
    programmes_router,
):
    router.add_router("", _routes)

__all__ = ["router"]
