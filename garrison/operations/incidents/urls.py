"""Pages of the incidents registers: incidents (with their actions), mobilisations (stand down),
situation reports, and the PDFs of an incident's report and of one situation report."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import views
from .views import IncidentConfig, MobilisationConfig, SituationReportConfig

urlpatterns: list = [
    *model_urls(IncidentConfig, "incidents/"),
    path(
        "incidents/<int:pk>/pdf/",
        views.IncidentPdfView.for_config(IncidentConfig),
        name="incident_pdf",
    ),
    *model_urls(MobilisationConfig, "mobilisations/"),
    *model_urls(SituationReportConfig, "situation-reports/"),
    path(
        "situation-reports/<int:pk>/pdf/",
        views.SituationReportPdfView.for_config(SituationReportConfig),
        name="sitrep_pdf",
    ),
]
