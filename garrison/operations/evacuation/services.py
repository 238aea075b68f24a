"""Evacuation plan services: send a village's people (all, or some) to an evacuation area, and
take the assignment back. An area that is not an evacuation area, or one of another commune, is
refused naming it (`rules.area_refusal`, also checked by the model's `clean`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from garrison.core.services import do_create_object, do_delete_object, do_update_object

from . import permissions, rules
from .models import EvacuationAssignment


def _check_area(village: Any, area: Any) -> None:
    problem = rules.area_refusal(
        is_evacuation_area=area.kind == "evacuation_area",
        same_commune=area.commune_id == village.commune_id,
        area=str(area),
        commune=str(village.commune),
    )
    if problem:
        raise ValidationError({"area": problem})


def do_assign_village(
    *, actor: Any, village: Any, area: Any, people: int | None = None, note: str = ""
) -> EvacuationAssignment:
    """Send `people` of `village` (None: all of them) to `area`; an existing assignment of the
    village to the area is changed, not doubled."""
    if not permissions.can_manage_evacuation(actor):
        raise PermissionDenied(_("You may not change the evacuation plan."))
    _check_area(village, area)
    with transaction.atomic():
        existing = (
            EvacuationAssignment.objects.select_for_update()
            .filter(village=village, area=area)
            .first()
        )
        if existing is None:
            assignment = EvacuationAssignment(
                commune=village.commune, village=village, area=area, people=people, note=note
            )
            return do_create_object(actor=actor, instance=assignment)
        existing.people = people
        existing.note = note or existing.note
        return do_update_object(actor=actor, instance=existing, expected_version=None)


def do_unassign_village(*, actor: Any, assignment: EvacuationAssignment) -> None:
    """Take the village's people out of the area (the assignment is deleted)."""
    if not permissions.can_manage_evacuation(actor):
        raise PermissionDenied(_("You may not change the evacuation plan."))
    do_delete_object(actor=actor, instance=assignment)
