"""Pages of the patrols registers: the commune police, its officers, coordination plans and
meetings, patrols; the progress of patrols against an event's target, the patrol log (PDF) and
a coordination plan's signed document."""

from django.urls import path

from garrison.core.urls import model_urls

from . import pages
from .views import (
    CoordinationMeetingConfig,
    CoordinationPlanConfig,
    PatrolConfig,
    PoliceOfficerConfig,
    PoliceUnitConfig,
)

urlpatterns = [
    path("patrols/progress/", pages.PatrolProgressView.as_view(), name="patrol_progress"),
    path("patrols/log.pdf", pages.PatrolLogPdfView.as_view(), name="patrol_log_pdf"),
    path(
        "coordination-plans/<int:pk>/document/",
        pages.coordination_document,
        name="coordination_document",
    ),
    *model_urls(PoliceUnitConfig, "police/"),
    *model_urls(PoliceOfficerConfig, "police-officers/"),
    *model_urls(CoordinationPlanConfig, "coordination-plans/"),
    *model_urls(CoordinationMeetingConfig, "coordination-meetings/"),
    *model_urls(PatrolConfig, "patrols/"),
]
