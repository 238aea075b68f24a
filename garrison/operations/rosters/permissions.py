"""Who may plan and fill duty rosters (`can_<action>(user, obj=None)`), read alike by the pages'
buttons, the API and the services.

Decided for issue 17: a commune's writing staff (its commander and staff) plan and book their
own commune's roster; the province's writing staff may do it for any commune of their province
(to fill in for a commune short of hands, or to correct a roster during an event); the
Ministry, the province inspector and every read-only role only read rosters."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import writes_at
from garrison.territory.models import Commune

from .models import DutyShift


def can_plan_roster(user: Any, commune: Commune | None = None) -> bool:
    """Create shifts (one or a range of days) for `commune` (any commune of the user's area when
    None)."""
    if not writes_at(user, DutyShift.write_levels):
        return False
    if commune is None:
        return True
    return Commune.objects.visible_to(user).filter(pk=commune.pk).exists()


def can_book_duty(user: Any, shift: DutyShift | None = None) -> bool:
    """Book people on a shift and take them off it."""
    if not writes_at(user, DutyShift.write_levels):
        return False
    if shift is None:
        return True
    return DutyShift.objects.editable_by(user).filter(pk=shift.pk).exists()
