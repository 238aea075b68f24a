"""The operations models, gathered under the app label `operations` from its sub-domains:
readiness events and the communes' plans (events/), duty rosters (rosters/), patrols with the
commune police and the coordination with it (patrols/), incidents with their mobilisations and
situation reports (incidents/); the works of the defensive zone and their inspections (works/), the
evacuation plan (evacuation/), defence and security education (education/), and the
mass-mobilisation programmes with the help they gave (programmes/).
"""

from .education.models import (
    CADRE_GROUPS,
    AudienceGroup,
    AudienceMember,
    EducationAttendance,
    EducationSession,
)
from .evacuation.models import EvacuationAssignment
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
from .programmes.models import (
    PARTNER_FIELDS,
    AidKind,
    MassOrganisationCode,
    MassProgramme,
    ProgrammeAid,
)
from .rosters.models import DutyAssignment, DutyRole, DutyShift, Shift
from .works.models import DefenceWork, WorkInspection, WorkKind, WorkState

__all__ = [
    "CADRE_GROUPS",
    "PARTNER_FIELDS",
    "AidKind",
    "AudienceGroup",
    "AudienceMember",
    "CoordinationMeeting",
    "CoordinationPlan",
    "DefenceWork",
    "DutyAssignment",
    "DutyRole",
    "DutyShift",
    "EducationAttendance",
    "EducationSession",
    "EvacuationAssignment",
    "EventKind",
    "EventReach",
    "EventTarget",
    "Incident",
    "IncidentKind",
    "IncidentStatus",
    "IncidentUpdate",
    "MassOrganisationCode",
    "MassProgramme",
    "Mobilisation",
    "Patrol",
    "PatrolStatus",
    "PlanStatus",
    "PoliceOfficer",
    "PoliceUnit",
    "ProgrammeAid",
    "ReadinessEvent",
    "ReadinessLevel",
    "ReadinessPlan",
    "Severity",
    "Shift",
    "SituationReport",
    "WorkInspection",
    "WorkKind",
    "WorkState",
]
