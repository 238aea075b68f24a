"""The oversight API: one router joining the routes of its sub-domains — inspections, findings
and corrective actions (inspections/api.py), reviews (reviews/api.py), lessons and effective
models (lessons/api.py), the results-based assessment (assessment/api.py)."""

from __future__ import annotations

from ninja import Router

from .assessment.api import router as assessment_router
from .inspections.api import router as inspections_router
from .lessons.api import router as lessons_router
from .reviews.api import router as reviews_router

router = Router()
for _routes in (inspections_router, reviews_router, lessons_router, assessment_router):
    router.add_router("", _routes)

__all__ = ["router"]
