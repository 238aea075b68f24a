"""Pages of the works registers: the defence works (with their actions, export and import), the
inspections, and the roll-up by kind and state for the province and the Ministry."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import rollup
from .views import DefenceWorkConfig, WorkInspectionConfig

urlpatterns: list = [
    path("works/rollup/", rollup.WorksRollupView.as_view(), name="works_rollup"),
    path(
        "works/rollup/export/", rollup.WorksRollupExportView.as_view(), name="works_rollup_export"
    ),
    *model_urls(DefenceWorkConfig, "works/"),
    *model_urls(WorkInspectionConfig, "work-inspections/"),
]
