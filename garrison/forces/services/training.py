"""Training services: record who attended a session."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from garrison.core.services import require_editable
from garrison.forces.models import Attendance, MemberAssignment, MilitiaMember, TrainingSession


def trainees(session: TrainingSession):
    """Who may attend: members of the commune placed, on the session's day, in a unit of the
    plan's kind (by their placement history: a later move changes nothing) and whose term was
    open that day."""
    day = session.held_on
    placed = MemberAssignment.objects.filter(
        commune_id=session.commune_id,
        unit__kind=session.plan.kind,
        started_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
    return (
        MilitiaMember.objects.filter(pk__in=placed.values("member"))
        .exclude(ended_on__lt=day)
        .select_related("person", "unit")
        .order_by("unit__name", "person__name_sort_key")
    )


def do_record_attendance(
    *, actor: Any, session: TrainingSession, members: list[MilitiaMember] | Any
) -> int:
    """Set who attended `session` (the list replaces what was recorded); returns how many."""
    require_editable(actor, session)
    allowed = set(trainees(session).values_list("pk", flat=True))
    wanted = {m.pk for m in members}
    strangers = wanted - allowed
    if strangers:
        raise ValidationError(
            {
                "members": _(
                    "%(n)s of the people ticked are not members of a %(kind)s unit of this "
                    "commune on %(day)s."
                )
                % {
                    "n": len(strangers),
                    "kind": session.plan.get_kind_display(),
                    "day": session.held_on.strftime("%d/%m/%Y"),
                }
            }
        )
    with transaction.atomic():
        session.attendance.exclude(member_id__in=wanted).delete()
        present = set(session.attendance.values_list("member_id", flat=True))
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session,
                    member_id=pk,
                    commune_id=session.commune_id,
                    province_id=session.province_id,
                )
                for pk in sorted(wanted - present)
            ]
        )
    return len(wanted)
