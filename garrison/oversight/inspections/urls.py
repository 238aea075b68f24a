"""Pages of inspections and supervision (joined under the `oversight` namespace by
oversight/urls.py): the plans, checklists with their versions and points, inspections,
findings and corrective actions (generic pages with their actions and exports), the year's
plan page and the conclusion's PDF."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from .pages import ConclusionPdfView, InspectionYearView
from .views import (
    ChecklistItemConfig,
    ChecklistTemplateConfig,
    ChecklistVersionConfig,
    CorrectiveActionConfig,
    FindingConfig,
    InspectionConfig,
    InspectionPlanConfig,
)

urlpatterns: list = [
    path("inspections/year/", InspectionYearView.as_view(), name="inspection_year"),
    path(
        "inspections/<int:pk>/pdf/",
        ConclusionPdfView.for_config(InspectionConfig),
        name="inspection_pdf",
    ),
    *model_urls(InspectionPlanConfig, "inspection-plans/"),
    *model_urls(ChecklistTemplateConfig, "checklists/"),
    *model_urls(ChecklistVersionConfig, "checklists/versions/"),
    *model_urls(ChecklistItemConfig, "checklists/points/"),
    *model_urls(InspectionConfig, "inspections/"),
    *model_urls(FindingConfig, "findings/"),
    *model_urls(CorrectiveActionConfig, "corrective-actions/"),
]
