"""The forces models: militia and self-defence, reserve forces, training."""

from .common import Force, Role, UnitKind, UnitLevel
from .militia import ESTABLISHMENT_FIELDS, ForceTarget, MemberAssignment, MilitiaMember, MilitiaUnit
from .reserve import Category, Rank, ReserveClass, ReserveUnit, Reservist, TechnicalMeans
from .training import Absence, AbsenceReason, Attendance, TrainingPlan, TrainingSession

__all__ = [
    "ESTABLISHMENT_FIELDS",
    "Absence",
    "AbsenceReason",
    "Attendance",
    "Category",
    "Force",
    "ForceTarget",
    "MemberAssignment",
    "MilitiaMember",
    "MilitiaUnit",
    "Rank",
    "ReserveClass",
    "ReserveUnit",
    "Reservist",
    "Role",
    "TechnicalMeans",
    "TrainingPlan",
    "TrainingSession",
    "UnitKind",
    "UnitLevel",
]
