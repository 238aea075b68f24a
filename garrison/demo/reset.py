"""`python -m garrison demo --reset`: remove the demo rows of Điện Biên, whatever other registers
attached to them (split from `dienbien`, which builds them)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError

from garrison.commands.models import Assignment, PredecessorUnit, Reorganisation
from garrison.conscription.models import Campaign, ServiceRecord
from garrison.core.models import Notification
from garrison.forces.models import (
    ForceTarget,
    MilitiaMember,
    MilitiaUnit,
    ReserveUnit,
    Reservist,
    TechnicalMeans,
    TrainingPlan,
)
from garrison.operations.models import (
    AudienceMember,
    CoordinationMeeting,
    CoordinationPlan,
    DefenceWork,
    DutyShift,
    EducationSession,
    EvacuationAssignment,
    EventTarget,
    Incident,
    MassProgramme,
    Patrol,
    PoliceOfficer,
    PoliceUnit,
    ProgrammeAid,
    ReadinessEvent,
    ReadinessPlan,
    WorkInspection,
)
from garrison.oversight.models import (
    AssessmentCriterion,
    AssessmentRun,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Inspection,
    InspectionPlan,
    Lesson,
    Review,
)
from garrison.people.models import Person
from garrison.reporting.models import Directive, DirectiveReceipt
from garrison.territory.models import Village

from .cadres import cadre_rows
from .dienbien_data import PROVINCE_CODE
from .operations_data import CONGRESS_NAME


def _force_delete(queryset) -> None:
    """Delete `queryset`, first deleting rows of other registers that protect it (the demo's
    --reset wipes the demo province completely, whatever other apps attached to it)."""
    for _attempt in range(20):
        try:
            queryset.delete()
            return
        except (ProtectedError, RestrictedError) as error:
            blocking = getattr(error, "protected_objects", None) or error.restricted_objects
            by_model: dict[type, list] = defaultdict(list)
            for obj in blocking:
                by_model[type(obj)].append(obj.pk)
            for model, pks in by_model.items():
                _force_delete(model._base_manager.filter(pk__in=pks))
    queryset.delete()


def reset() -> None:
    """Remove the demo rows of Điện Biên (cadres, assignments, people, reorganisations…).
    Territory, commands and staffing tables stay: they are not demo data. Demo accounts are
    updated in place by `prepare` (never deleted: the audit log points at them)."""
    with transaction.atomic():
        for model in (
            AssessmentRun,  # its scores and figures go with it
            AssessmentCriterion,
            Lesson,  # its replications go with it
            Review,  # its figures go with it
            CorrectiveAction,
            Finding,
            Inspection,  # its targets and checklist answers go with it
            InspectionPlan,
            ChecklistTemplate,  # its versions and items go with it
        ):  # oversight first: it points at every other register
            _force_delete(model.objects.filter(province__code=PROVINCE_CODE))
        for model in (
            ProgrammeAid,
            MassProgramme,
            EducationSession,  # its attendance goes with it
            AudienceMember,
            EvacuationAssignment,
            WorkInspection,
            DefenceWork,
            Village,  # its people stay (village emptied) until removed below
        ):  # the defensive zone first: it draws on incidents, units, people
            _force_delete(model.objects.filter(province__code=PROVINCE_CODE))
        for model in (
            Incident,
            Patrol,
            DutyShift,
            CoordinationMeeting,
            CoordinationPlan,
            PoliceOfficer,
            PoliceUnit,
            ReadinessPlan,
            EventTarget,
            ReadinessEvent,
        ):  # readiness first: it draws on members, reservists, means and command posts
            _force_delete(model.objects.filter(province__code=PROVINCE_CODE))
        # the Ministry's events the demo reached its communes with, once no province uses them
        _force_delete(
            ReadinessEvent.objects.filter(province=None, name=CONGRESS_NAME, targets=None)
        )
        for queryset in cadre_rows(PROVINCE_CODE):  # first: they protect assignments, people
            _force_delete(queryset)
        _force_delete(
            Notification.objects.filter(
                Q(user__province__code=PROVINCE_CODE)
                | Q(user__commune__province__code=PROVINCE_CODE)
            )
        )
        _force_delete(DirectiveReceipt.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(Directive.objects.filter(province__code=PROVINCE_CODE))
        for model in (TrainingPlan, MilitiaMember, MilitiaUnit, Reservist, TechnicalMeans):
            _force_delete(model.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(ReserveUnit.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(ForceTarget.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(Campaign.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(ServiceRecord.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(Assignment.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(PredecessorUnit.objects.filter(commune__province__code=PROVINCE_CODE))
        _force_delete(Reorganisation.objects.filter(province__code=PROVINCE_CODE))
        _force_delete(Person.objects.filter(province__code=PROVINCE_CODE))
