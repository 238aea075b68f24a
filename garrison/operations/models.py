"""The operations models, gathered under the app label `operations` from its sub-domains:
readiness events and the communes' plans (events/), duty rosters (rosters/), patrols with the
commune police and the coordination with it (patrols/), incidents with their mobilisations and
situation reports (incidents/).
"""

from .events.models import (
    EventKind,
    EventReach,
    EventTarget,
    PlanStatus,
    ReadinessEvent,
    ReadinessLevel,
    ReadinessPlan,
)
from .incidents.models import (
    Incident,
    IncidentKind,
    IncidentStatus,
    IncidentUpdate,
    Mobilisation,
    Severity,
    SituationReport,
)
from .patrols.models import (
    CoordinationMeeting,
    CoordinationPlan,
    Patrol,
    PatrolStatus,
    PoliceOfficer,
    PoliceUnit,
)
from .rosters.models import DutyAssignment, DutyRole, DutyShift, Shift

__all__ = [
    "CoordinationMeeting",
    "CoordinationPlan",
    "DutyAssignment",
    "DutyRole",
    "DutyShift",
    "EventKind",
    "EventReach",
    "EventTarget",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "IncidentUpdate",
    "Mobilisation",
    "Patrol",
    "PatrolStatus",
    "PlanStatus",
    "PoliceOfficer",
    "PoliceUnit",
    "ReadinessEvent",
    "ReadinessLevel",
    "ReadinessPlan",
    "Severity",
    "Shift",
    "SituationReport",
]
