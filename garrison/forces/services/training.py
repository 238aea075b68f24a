"""Training services: record who attended a session, who was absent and why, or mark everyone
expected present in one go. A session not yet held (its date after today) takes no attendance:
nobody can have attended it, and it must not count as training done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.services import require_editable
from garrison.forces.models import (
    Absence,
    AbsenceReason,
    Attendance,
    MemberAssignment,
    MilitiaMember,
    TrainingSession,
)


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


def not_yet_held(session: TrainingSession) -> str | None:
    """Why attendance cannot be recorded yet (the session's date is after today), or None."""
    if session.held_on and session.held_on > timezone.localdate():
        return _(
            "This session is planned for %(day)s and has not been held yet: record attendance "
            "on or after that day."
        ) % {"day": session.held_on.strftime("%d/%m/%Y")}
    return None


def _require_held(session: TrainingSession) -> None:
    if (refusal := not_yet_held(session)) is not None:
        raise ValidationError(refusal, code="not_held")


def do_record_attendance(
    *,
    actor: Any,
    session: TrainingSession,
    members: list[MilitiaMember] | Any,
    absences: Mapping[int, tuple[str, str]] | None = None,
) -> int:
    """Set who attended `session` and who was absent and why (`absences`: member pk → (reason,
    note)); both lists replace what was recorded. Returns how many were present."""
    require_editable(actor, session)
    _require_held(session)
    absences = dict(absences or {})
    allowed = set(trainees(session).values_list("pk", flat=True))
    wanted = {m.pk for m in members}
    strangers = (wanted | set(absences)) - allowed
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
    both = wanted & set(absences)
    if both:
        raise ValidationError(
            {
                "members": _(
                    "%(n)s of the people ticked present also have a reason of absence: "
                    "untick them or clear their reason."
                )
                % {"n": len(both)}
            }
        )
    reasons = set(AbsenceReason.values)
    if any(reason not in reasons for reason, _note in absences.values()):
        raise ValidationError({"absences": _("Choose a reason of absence from the list.")})
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
        _set_absences(session, absences)
    return len(wanted)


def _set_absences(session: TrainingSession, absences: Mapping[int, tuple[str, str]]) -> None:
    kept = {a.member_id: a for a in session.absences.all()}
    for pk, row in kept.items():  # saved or deleted one by one: audited
        if pk not in absences:
            row.delete()
        elif (row.reason, row.note) != (absences[pk][0], (absences[pk][1] or "").strip()):
            row.reason, row.note = absences[pk][0], (absences[pk][1] or "").strip()
            row.save(update_fields=["reason", "note"])
    for pk in sorted(set(absences) - set(kept)):
        reason, note = absences[pk]
        Absence.objects.create(
            session=session,
            member_id=pk,
            reason=reason,
            note=(note or "").strip()[:200],
            commune_id=session.commune_id,
            province_id=session.province_id,
        )


def do_mark_all_present(*, actor: Any, session: TrainingSession) -> int:
    """Everyone expected at the session (`trainees`) was present: one click. Absences recorded
    before are cleared. Returns how many are present."""
    require_editable(actor, session)
    _require_held(session)
    return do_record_attendance(actor=actor, session=session, members=list(trainees(session)))
