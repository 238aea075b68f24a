"""Pages of the results-based assessment: the year's criteria (and "copy last year's"), the
runs (compute one; a run's page is its ranking; its comparison with the registers now, its PDF),
the communes' scores (a score's page is the scorecard) and figures, the trend of a province's
runs, the provinces compared, and a commune's own scorecard."""

from __future__ import annotations

from django.urls import path

from garrison.core.urls import model_urls

from . import pages
from .views import CriterionConfig, FigureConfig, RunConfig, ScoreConfig

urlpatterns: list = [
    path(
        "assessment/criteria/copy/",
        pages.CopyCriteriaView.as_view(),
        name="assessment_criterion_copy",
    ),
    path("assessment/runs/compute/", pages.ComputeRunView.as_view(), name="assessment_run_compute"),
    path(
        "assessment/runs/<int:pk>/compare/",
        pages.RunCompareView.as_view(),
        name="assessment_run_compare",
    ),
    path("assessment/runs/<int:pk>/pdf/", pages.RunPdfView.as_view(), name="assessment_run_pdf"),
    path("assessment/trend/", pages.TrendView.as_view(), name="assessment_trend"),
    path("assessment/provinces/", pages.ProvincesView.as_view(), name="assessment_provinces"),
    path(
        "assessment/our-scorecard/",
        pages.OurScorecardView.as_view(),
        name="assessment_our_scorecard",
    ),
    *model_urls(CriterionConfig, "assessment/criteria/"),
    *model_urls(RunConfig, "assessment/runs/"),
    *model_urls(ScoreConfig, "assessment/scores/"),
    *model_urls(FigureConfig, "assessment/figures/"),
]
