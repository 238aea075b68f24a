from .development import (
    Course,
    Enrolment,
    Entitlement,
    Evaluation,
    Recognition,
    SuccessionPlan,
)
from .placement import PlacementMatch, PlacementPin, PlacementRun, PostStandard
from .profiles import BodyMembership, CadreDecision, CadreProfile, CadreRow, CareerEntry

__all__ = [
    "BodyMembership",
    "CadreDecision",
    "CadreProfile",
    "CadreRow",
    "CareerEntry",
    "Course",
    "Enrolment",
    "Entitlement",
    "Evaluation",
    "PlacementMatch",
    "PlacementPin",
    "PlacementRun",
    "PostStandard",
    "Recognition",
    "SuccessionPlan",
]
