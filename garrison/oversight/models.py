"""The oversight models, gathered under the app label `oversight` from its sub-domains:
inspections and supervision with their findings and corrective actions (inspections/), interim
and overall reviews (reviews/), lessons learned and effective models (lessons/), and the
results-based assessment of the commune commands (assessment/)."""

from .assessment.models import (
    AssessmentCriterion,
    AssessmentRun,
    CommuneScore,
    Period,
    RunState,
    ScoreFigure,
)
from .inspections.models import (
    ActionState,
    Area,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistResult,
    ChecklistTemplate,
    ChecklistVersion,
    CorrectiveAction,
    Finding,
    FindingSeverity,
    FindingState,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionState,
    InspectionTarget,
)
from .lessons.models import Lesson, LessonKind, Replication, ReplicationResult, Topic
from .reviews.models import Review, ReviewFigure, ReviewKind, ReviewSubject

__all__ = [
    "ActionState",
    "Area",
    "AssessmentCriterion",
    "AssessmentRun",
    "ChecklistAnswer",
    "ChecklistItem",
    "ChecklistResult",
    "ChecklistTemplate",
    "ChecklistVersion",
    "CommuneScore",
    "CorrectiveAction",
    "Finding",
    "FindingSeverity",
    "FindingState",
    "Inspection",
    "InspectionKind",
    "InspectionPlan",
    "InspectionState",
    "InspectionTarget",
    "Lesson",
    "LessonKind",
    "Period",
    "Replication",
    "ReplicationResult",
    "Review",
    "ReviewFigure",
    "ReviewKind",
    "ReviewSubject",
    "RunState",
    "ScoreFigure",
    "Topic",
]
