"""Every state change of a defence work, one function each: add or edit a work (its capacity
and GPS checked, its first inspection reckoned), record an inspection (the work takes the state
found, the finding and its next due date), ask for an inspection sooner after an incident. Each
checks that the actor may do it (`permissions`), validates with `rules`, and writes in one
transaction; the versioned work is audited by core, inspections by django-auditlog."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.services import do_create_object, do_update_object

from . import permissions, rules
from .models import DefenceWork, WorkInspection, WorkKind

__all__ = [
    "check_work",
    "do_create_work",
    "do_record_inspection",
    "do_request_inspection",
    "do_update_work",
]


def _today() -> datetime.date:
    return timezone.localdate()


def _shown(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this defence work."))


def capacity_messages(work: DefenceWork) -> dict[str, str]:
    """The capacity the work's kind needs and lacks, as messages by field (empty: none)."""
    return rules.check_capacity(
        work.kind,
        work.capacity_people,
        work.capacity_vehicles,
        work.capacity_tonnes,
        state=work.state,
        kind_label=str(WorkKind(work.kind).label) if work.kind in WorkKind.values else None,
    )


def gps_messages(latitude: Any, longitude: Any) -> dict[str, str]:
    texts = {
        "pair": _("Give both GPS coordinates (latitude and longitude), or neither."),
        "outside": _(
            "This point lies outside Viet Nam (latitude 8 to 24, longitude 102 to 118): check "
            "the coordinates, written with a decimal comma, e.g. 21,38612 and 103,01724."
        ),
    }
    return {name: texts[code] for name, code in rules.gps_problems(latitude, longitude).items()}


def check_work(work: DefenceWork) -> None:
    """Raise the problems of a work's capacity, GPS, village and unit, by field."""
    problems = {**gps_messages(work.latitude, work.longitude), **capacity_messages(work)}
    if work.village_id and work.village.commune_id != work.commune_id:
        problems["village"] = _("Choose a village of the work's commune.")
    if work.responsible_unit_id and work.responsible_unit.commune_id != work.commune_id:
        problems["responsible_unit"] = _("Choose a militia unit of the work's commune.")
    if work.built_on and work.built_on > _today():
        problems["built_on"] = _(
            "The completion date cannot be in the future (%(day)s): leave it empty until the "
            "work is completed."
        ) % {"day": _shown(work.built_on)}
    if problems:
        raise ValidationError(problems)


def _first_due(work: DefenceWork) -> tuple[datetime.date, str]:
    recorded = timezone.localdate(work.created_at) if work.created_at else _today()
    due = rules.first_inspection_due(work.built_on, recorded)
    reason = (
        _("never inspected: due from its completion on %(day)s")
        if work.built_on
        else _("never inspected: due from its recording on %(day)s")
    ) % {"day": _shown(due)}
    return due, reason


@transaction.atomic
def do_create_work(*, actor: Any, work: DefenceWork) -> DefenceWork:
    """Record a new work (an unsaved row). Never inspected: its first inspection is due from
    its completion date, or from today when it has none (`rules.first_inspection_due`)."""
    _require(permissions.can_edit_work(actor, work))
    check_work(work)
    work.last_inspected_on, work.last_finding = None, ""
    work.inspection_due_on, work.inspection_reason = _first_due(work)
    do_create_object(actor=actor, instance=work)
    return work


@transaction.atomic
def do_update_work(
    *, actor: Any, work: DefenceWork, expected_version: int | None = None
) -> DefenceWork:
    """Save an edited work. The inspection fields stay the services'; a work never inspected
    has its first due date reckoned again from its (possibly new) completion date, unless an
    incident asked for an earlier one."""
    stored = DefenceWork.objects.select_for_update().get(pk=work.pk)
    _require(permissions.can_edit_work(actor, stored))
    check_work(work)
    for name in ("last_inspected_on", "last_finding", "inspection_due_on", "inspection_reason"):
        setattr(work, name, getattr(stored, name))
    if stored.last_inspected_on is None:
        due, reason = _first_due(work)
        if stored.inspection_due_on is None or due <= stored.inspection_due_on:
            work.inspection_due_on, work.inspection_reason = due, reason
    do_update_object(actor=actor, instance=work, expected_version=expected_version)
    return work


@transaction.atomic
def do_record_inspection(
    *,
    actor: Any,
    work: DefenceWork,
    inspected_on: datetime.date,
    inspectors: str,
    state_found: str,
    findings: str,
    incident: Any = None,
    document: Any = None,
) -> WorkInspection:
    """Record an inspection of `work`: the work takes the state found, the finding, the day,
    and its next inspection falls due a year later.

    Refused: a date in the future, an incident of another commune. An inspection older than the
    work's last one is RECORDED (the history is complete: a paper record typed in late) but does
    not move the work back to an older state: the newer inspection stands."""
    work = DefenceWork.objects.select_for_update().get(pk=work.pk)
    _require(permissions.can_record_inspection(actor, work))
    problems = {}
    if inspected_on > _today():
        problems["inspected_on"] = _(
            "The inspection's date cannot be in the future (%(day)s): record an inspection "
            "once it has been made, on the day it was made."
        ) % {"day": _shown(inspected_on)}
    if incident is not None and incident.commune_id != work.commune_id:
        problems["incident"] = _(
            "This incident is of another commune: choose an incident of the work's commune, or "
            "none."
        )
    if not (inspectors or "").strip():
        problems["inspectors"] = _("Say who inspected the work.")
    if not (findings or "").strip():
        problems["findings"] = _("Write what the inspection found.")
    if problems:
        raise ValidationError(problems)
    inspection = WorkInspection(
        commune_id=work.commune_id,
        work=work,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        state_found=state_found,
        findings=findings.strip(),
        incident=incident,
        recorded_by=getattr(actor, "real", actor),
    )
    if document:
        inspection.document = document
    inspection.full_clean()
    inspection.save()
    if rules.moves_the_work(inspected_on, work.last_inspected_on):
        work.state = state_found
        work.last_inspected_on = inspected_on
        work.last_finding = inspection.findings
        work.inspection_due_on = rules.next_inspection_due(inspected_on)
        work.inspection_reason = _("yearly inspection, a year after the one of %(day)s") % {
            "day": _shown(inspected_on)
        }
        work.save(
            update_fields=[
                "state",
                "last_inspected_on",
                "last_finding",
                "inspection_due_on",
                "inspection_reason",
                "updated_at",
            ]
        )
    return inspection


@transaction.atomic
def do_request_inspection(
    *, actor: Any, work: DefenceWork, incident: Any, due_on: datetime.date
) -> DefenceWork:
    """Ask for an inspection sooner after `incident` (of the work's commune): the work's next
    inspection falls due on `due_on` when that is earlier than the date it had."""
    work = DefenceWork.objects.select_for_update().get(pk=work.pk)
    _require(permissions.can_request_inspection(actor, work))
    if incident is None or incident.commune_id != work.commune_id:
        raise ValidationError(
            {
                "incident": _(
                    "Choose an incident of the work's commune: the inspection is asked after it."
                )
            }
        )
    if work.state == rules.OUT_OF_USE:
        raise ValidationError(
            _("This work is out of use: it is not inspected until it is brought back into use.")
        )
    due = rules.sooner(work.inspection_due_on, due_on)
    if due == work.inspection_due_on and due != due_on:
        return work  # an earlier inspection is due already
    work.inspection_due_on = due
    work.inspection_reason = _("after the incident “%(incident)s” (%(day)s)") % {
        "incident": incident.title,
        "day": _shown(timezone.localdate(incident.occurred_at)),
    }
    work.save(update_fields=["inspection_due_on", "inspection_reason", "updated_at"])
    return work
