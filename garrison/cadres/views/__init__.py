"""The cadres pages: each model's configuration (generic list, detail, edit pages) and the
pages of their own (screening, decision PDF)."""

from .criteria import PostStandardConfig, ScreeningView
from .decisions import CadreDecisionConfig, DecisionPdfView
from .development import (
    CourseConfig,
    EnrolmentConfig,
    EntitlementConfig,
    EvaluationConfig,
    RecognitionConfig,
    SuccessionPlanConfig,
)
from .profiles import BodyMembershipConfig, CadreProfileConfig, CareerEntryConfig

__all__ = [
    "BodyMembershipConfig",
    "CadreDecisionConfig",
    "CadreProfileConfig",
    "CareerEntryConfig",
    "CourseConfig",
    "DecisionPdfView",
    "EnrolmentConfig",
    "EntitlementConfig",
    "EvaluationConfig",
    "PostStandardConfig",
    "RecognitionConfig",
    "ScreeningView",
    "SuccessionPlanConfig",
]
