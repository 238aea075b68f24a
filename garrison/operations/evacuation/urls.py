"""Pages of the evacuation plan: its assignments, and the coverage of the commune's villages and
areas (per commune for a province, per province for the nation)."""

from django.urls import path

from garrison.core.urls import model_urls

from . import pages
from .views import EvacuationAssignmentConfig

urlpatterns = [
    path("evacuation/coverage/", pages.CoverageView.as_view(), name="evacuation_coverage"),
    *model_urls(EvacuationAssignmentConfig, "evacuation/"),
]
