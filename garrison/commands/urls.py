from garrison.core.urls import model_urls

from .views import (
    AssignmentConfig,
    MilitaryCommandConfig,
    PredecessorUnitConfig,
    ReorganisationConfig,
    StaffingQuotaConfig,
)

app_name = "commands"

urlpatterns = [
    *model_urls(MilitaryCommandConfig),
    *model_urls(StaffingQuotaConfig, "quotas/"),
    *model_urls(AssignmentConfig, "assignments/"),
    *model_urls(ReorganisationConfig, "reorganisations/"),
    *model_urls(PredecessorUnitConfig, "predecessors/"),
]
