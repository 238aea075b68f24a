from django.urls import path

from garrison.core.urls import model_urls

from .views import (
    BodyMembershipConfig,
    CadreDecisionConfig,
    CadreProfileConfig,
    CareerEntryConfig,
    CourseConfig,
    DecisionPdfView,
    EnrolmentConfig,
    EntitlementConfig,
    EvaluationConfig,
    PostStandardConfig,
    RecognitionConfig,
    ScreeningView,
    SuccessionPlanConfig,
    overview,
    placement,
)

app_name = "cadres"

urlpatterns = [
    # the province views (fill rate, vacancies, structure, training priority)
    path("", overview.CadresOverviewView.as_view(), name="overview"),
    path("overview/export/", overview.CadresOverviewExportView.as_view(), name="overview_export"),
    path("training-priority/", overview.TrainingPriorityView.as_view(), name="priority"),
    path(
        "training-priority/export/",
        overview.TrainingPriorityExportView.as_view(),
        name="priority_export",
    ),
    # placement proposals: run_list … run_discard from model_urls (edit refuses: a proposal
    # changes through its actions); the hand adjustments are POST-only: run_pin and run_forbid
    # (pk = the proposal), run_unpin (pk = the pin or forbidden pair)
    *model_urls(placement.PlacementRunConfig, "placements/"),
    path("placements/<int:pk>/pin/", placement.run_pin, name="run_pin"),
    path("placements/<int:pk>/forbid/", placement.run_forbid, name="run_forbid"),
    path("placements/pins/<int:pk>/remove/", placement.run_unpin, name="run_unpin"),
    *model_urls(CadreProfileConfig, "profiles/"),
    *model_urls(BodyMembershipConfig, "memberships/"),
    *model_urls(CareerEntryConfig, "career/"),
    *model_urls(CadreDecisionConfig, "decisions/"),
    path("decisions/<int:pk>/pdf/", DecisionPdfView.as_view(), name="decision_pdf"),
    *model_urls(PostStandardConfig, "standards/"),
    path("screening/", ScreeningView.as_view(), name="screening"),
    *model_urls(SuccessionPlanConfig, "succession/"),
    *model_urls(CourseConfig, "courses/"),
    *model_urls(EnrolmentConfig, "enrolments/"),
    *model_urls(EvaluationConfig, "evaluations/"),
    *model_urls(RecognitionConfig, "recognitions/"),
    *model_urls(EntitlementConfig, "entitlements/"),
]
