from django.urls import path

from garrison.core.urls import model_urls

from . import pages
from .views import (
    ForceTargetConfig,
    MilitiaMemberConfig,
    MilitiaUnitConfig,
    ReserveUnitConfig,
    ReservistConfig,
    TechnicalMeansConfig,
    TrainingPlanConfig,
    TrainingSessionConfig,
)

app_name = "forces"

urlpatterns = [
    path("", pages.ForcesOverviewView.as_view(), name="overview"),
    path("overview.xlsx", pages.ForcesOverviewExportView.as_view(), name="overview_export"),
    *model_urls(MilitiaUnitConfig, "units/"),
    *model_urls(MilitiaMemberConfig, "members/"),
    *model_urls(ForceTargetConfig, "targets/"),
    *model_urls(ReserveUnitConfig, "reserve-units/"),
    *model_urls(ReservistConfig, "reservists/"),
    *model_urls(TechnicalMeansConfig, "means/"),
    *model_urls(TrainingPlanConfig, "plans/"),
    *model_urls(TrainingSessionConfig, "sessions/"),
]
