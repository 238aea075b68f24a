"""Military service: the register of citizens of service age, its hand-overs between communes,
the yearly enlistment campaign (quotas, pool, health examinations, background checks,
deferral and exemption decisions, call-up orders, enlistment day) and military admissions.

The law itself lives in `rules.py` (pure functions); these rows hold the facts it reads.
"""

from .campaign import (
    Admission,
    CallUpOrder,
    Campaign,
    Candidate,
    CommuneQuota,
    HealthExam,
    OrderBatch,
    PoolBuild,
    ServiceDecision,
)
from .register import (
    CompletedServiceKind,
    DeclaredRelationship,
    RecordEvent,
    RecordTransfer,
    ServiceRecord,
    SiblingService,
    StudyLevel,
    StudyMode,
    StudyStatus,
)

__all__ = [
    "Admission",
    "CallUpOrder",
    "Campaign",
    "Candidate",
    "CommuneQuota",
    "CompletedServiceKind",
    "DeclaredRelationship",
    "HealthExam",
    "OrderBatch",
    "PoolBuild",
    "RecordEvent",
    "RecordTransfer",
    "ServiceDecision",
    "ServiceRecord",
    "SiblingService",
    "StudyLevel",
    "StudyMode",
    "StudyStatus",
]
