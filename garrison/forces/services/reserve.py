"""Reserve services: the reserve engine's view of a reservist, the yearly check, assignment to a
reserve unit (LLDBĐV 17.2 age limits by kind of unit) and discharge from the reserve."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.conscription.interface import Health
from garrison.core.services import require_editable
from garrison.forces import rules
from garrison.forces.models import ReserveUnit, Reservist, TechnicalMeans
from garrison.forces.rules import ReserveOutcome
from garrison.people.rules import MALE

from .common import not_before, refusal


def reserve_facts(reservist: Reservist, ref_date: datetime.date) -> rules.ReserveFacts:
    """The reserve engine's facts (the `garrison assess reserve` object) from the register."""
    person = reservist.person
    return rules.ReserveFacts(
        sex="M" if person.sex == MALE else "F",
        dob=person.date_of_birth,
        ref_date=ref_date,
        category=reservist.category,
        reserve_class=reservist.reserve_class or None,
        active_service=(
            rules.ActiveService(kind="army", months=reservist.active_service_months)
            if reservist.active_service_months
            else None
        ),
        health=Health(class_=reservist.health_class) if reservist.health_class else None,
    )


def assess_reservist(
    reservist: Reservist, ref_date: datetime.date | None = None
) -> rules.ForcesOutcome:
    return rules.assess_reserve(reserve_facts(reservist, ref_date or timezone.localdate()))


def check_in_reserve_age(reservist: Reservist, on: datetime.date) -> rules.ForcesOutcome:
    answer = assess_reservist(reservist, on)
    if answer.outcome == ReserveOutcome.OUT_OF_RESERVE_AGE:
        raise refusal(_("The citizen is outside the reserve age."), answer)
    return answer


def _unit_allowed(answer: rules.ForcesOutcome, unit: ReserveUnit) -> bool:
    if unit.role == ReserveUnit.Role.COMBAT:
        return bool(answer.combat_unit_allowed)
    return bool(answer.support_unit_allowed)


def do_assign_reservist(
    *,
    actor: Any,
    reservist: Reservist,
    unit: ReserveUnit | None,
    on: datetime.date | None = None,
) -> Reservist:
    """Assign a reservist to a reserve unit of the province (or take them off one). A combat
    unit takes reserve NCOs and soldiers up to 35 and professional soldiers up to 40; support
    units men to 45 and women to 40 (LLDBĐV 17.2) — the engine decides."""
    require_editable(actor, reservist)
    on = on or timezone.localdate()
    not_before(on, reservist.registered_on)
    if reservist.status != Reservist.Status.REGISTERED:
        raise ValidationError(_("Only a registered reservist can be assigned."))
    if unit is not None:
        if unit.province_id != reservist.province_id:
            raise ValidationError({"unit": _("Choose a reserve unit of the same province.")})
        answer = check_in_reserve_age(reservist, on)
        if not _unit_allowed(answer, unit):
            raise refusal(
                _("%(name)s cannot be placed in %(unit)s (%(role)s).")
                % {"name": reservist.person, "unit": unit, "role": unit.get_role_display()},
                answer,
                "unit",
            )
    reservist.reserve_unit = unit
    reservist.assigned_on = on if unit is not None else None
    with transaction.atomic():
        reservist.save(update_fields=["reserve_unit", "assigned_on", "updated_at"])
    return reservist


def do_check_reservist(
    *,
    actor: Any,
    reservist: Reservist,
    on: datetime.date | None = None,
    health_class: int | None = None,
) -> Reservist:
    """Record the yearly check (re-registration and readiness) of a reservist."""
    require_editable(actor, reservist)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The check cannot be in the future.")})
    not_before(on, reservist.registered_on)
    if reservist.status != Reservist.Status.REGISTERED:
        raise ValidationError(_("This reservist has been discharged from the reserve."))
    reservist.checked_on = on
    fields = ["checked_on", "updated_at"]
    if health_class:
        reservist.health_class = health_class
        fields.append("health_class")
    with transaction.atomic():
        reservist.save(update_fields=fields)
    return reservist


def do_discharge_reservist(
    *, actor: Any, reservist: Reservist, on: datetime.date | None = None, reason: str = ""
) -> Reservist:
    """Discharge from the reserve (NVQS 29: past the age or no longer fit)."""
    require_editable(actor, reservist)
    if reservist.status != Reservist.Status.REGISTERED:
        raise ValidationError(_("This reservist has already been discharged."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why (past the age, no longer fit …).")})
    reservist.status = Reservist.Status.DISCHARGED
    reservist.discharged_on = on or timezone.localdate()
    reservist.reserve_unit = None
    reservist.notes = (reservist.notes + "\n" if reservist.notes else "") + reason.strip()
    with transaction.atomic():
        reservist.save(
            update_fields=[
                "status",
                "discharged_on",
                "reserve_unit",
                "notes",
                "updated_at",
            ]
        )
    return reservist


def do_check_means(
    *,
    actor: Any,
    means: TechnicalMeans,
    on: datetime.date | None = None,
    unit: ReserveUnit | None = None,
    assign: bool = False,
) -> TechnicalMeans:
    """Record the yearly check of a technical means; optionally (re)assign its reserve unit."""
    require_editable(actor, means)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("The check cannot be in the future.")})
    if means.status != TechnicalMeans.Status.REGISTERED:
        raise ValidationError(_("This means has been removed from the register."))
    if unit is not None and unit.province_id != means.province_id:
        raise ValidationError({"unit": _("Choose a reserve unit of the same province.")})
    means.checked_on = on
    fields = ["checked_on", "updated_at"]
    if assign:
        means.reserve_unit = unit
        fields.append("reserve_unit")
    with transaction.atomic():
        means.save(update_fields=fields)
    return means
