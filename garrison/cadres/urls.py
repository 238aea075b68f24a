from django.urls import path

from garrison.core.urls import model_urls

from . import overview_urls, placement_urls
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
)

app_name = "cadres"

urlpatterns = [
    *overview_urls.urlpatterns,
    *placement_urls.urlpatterns,
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
