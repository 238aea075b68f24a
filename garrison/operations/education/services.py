"""Defence and security education services: a session saved (new or changed), attendance
recorded at a session (many people at once; recording someone twice changes nothing) and
removed, each checked by `rules.py` against the registers.

Every one is one transaction; django-auditlog writes the audit row of each saved or deleted
session and attendance (operations.apps registers the attendance, core the versioned rows)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from garrison.core.services import do_create_object, do_update_object, require_editable
from garrison.people.models import Person

from . import permissions, rules
from .models import AudienceMember, EducationAttendance, EducationSession


def _show(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _names(people: Iterable[Person]) -> str:
    return ", ".join(sorted(p.full_name for p in people))


def _require_manager(actor: Any) -> None:
    if not permissions.can_manage_education(actor):
        raise PermissionDenied(
            _("Only the commune's staff record its defence and security education.")
        )


def not_yet_held(session: EducationSession, today: datetime.date | None = None) -> str | None:
    """Why attendance cannot be recorded at `session` yet (it has not started), or None."""
    today = today or timezone.localdate()
    if session.starts_on is not None and rules.not_yet_held(session.starts_on, today):
        return _(
            "This session starts on %(day)s: attendance at a session not yet held cannot be "
            "recorded. Record it once the session has started (or correct its start date)."
        ) % {"day": _show(session.starts_on)}
    return None


def named_count(session: EducationSession) -> int:
    return session.attendances.count() if session.pk else 0


def check_session(session: EducationSession) -> None:
    """Raise a ValidationError naming each field at fault, or return."""
    errors: dict[str, list[str]] = {}
    if rules.ends_before_starts(session.starts_on, session.ends_on):
        errors.setdefault("ends_on", []).append(
            _(
                "The session ends (%(end)s) before it starts (%(start)s): give an end on or "
                "after the start."
            )
            % {"end": _show(session.ends_on), "start": _show(session.starts_on)}
        )
    named = named_count(session)
    if rules.count_below_named(session.attendance_count, named):
        errors.setdefault("attendance_count", []).append(
            ngettext(
                "%(named)d person is named as attending this session: the count (%(count)d) "
                "is the whole attendance, those named included, and cannot be lower. Give "
                "%(named)d or more, or leave it empty.",
                "%(named)d people are named as attending this session: the count (%(count)d) "
                "is the whole attendance, those named included, and cannot be lower. Give "
                "%(named)d or more, or leave it empty.",
                named,
            )
            % {"named": named, "count": session.attendance_count}
        )
    if errors:
        raise ValidationError(errors)


def do_save_session(
    *, actor: Any, session: EducationSession, expected_version: int | None = None
) -> EducationSession:
    """Save a new session, or the changes to one (checked by `check_session`)."""
    _require_manager(actor)
    check_session(session)
    with transaction.atomic():
        if session.pk is None:
            do_create_object(actor=actor, instance=session)
        else:
            do_update_object(actor=actor, instance=session, expected_version=expected_version)
    return session


def _strangers(session: EducationSession, people: list[Person]) -> list[Person]:
    """The people who may not be recorded at a session of its commune (`rules.may_attend`)."""
    cadres = set(
        AudienceMember.objects.filter(
            commune_id=session.commune_id, person_id__in=[p.pk for p in people]
        ).values_list("person_id", flat=True)
    )
    return [
        p
        for p in people
        if not rules.may_attend(
            lives_in_commune=p.residence_commune_id == session.commune_id,
            cadre_of_commune=p.pk in cadres,
        )
    ]


def do_record_attendance(
    *, actor: Any, session: EducationSession, persons: Iterable[Person]
) -> list[EducationAttendance]:
    """Record that `persons` attended `session` (those already recorded are left as they are);
    answers the rows added. Refused for a session not yet held, for people who neither live in
    the commune nor are counted among its cadres, and when the people named would exceed the
    session's count."""
    _require_manager(actor)
    require_editable(actor, session)
    if not permissions.can_record_attendance(actor, session):
        raise PermissionDenied(_("Only the session's commune records its attendance."))
    people = list({p.pk: p for p in persons}.values())
    if not people:
        raise ValidationError({"persons": _("Choose at least one person who attended.")})
    if (refusal := not_yet_held(session)) is not None:
        raise ValidationError({"persons": refusal}, code="not_held")
    strangers = _strangers(session, people)
    if strangers:
        raise ValidationError(
            {
                "persons": _(
                    "%(names)s: neither living in %(commune)s nor counted among its cadres. "
                    "Choose people of the session's commune (a cadre living elsewhere: add them "
                    "to the commune's education groups first)."
                )
                % {"names": _names(strangers), "commune": session.commune.name}
            }
        )
    with transaction.atomic():
        EducationSession.objects.select_for_update().filter(pk=session.pk).first()
        present = set(session.attendances.values_list("person_id", flat=True))
        new = [p for p in people if p.pk not in present]
        named = len(present) + len(new)
        if rules.count_below_named(session.attendance_count, named):
            raise ValidationError(
                {
                    "persons": _(
                        "The session's count is %(count)d people, and %(named)d would be named: "
                        "raise the session's count first (it is the whole attendance, those "
                        "named included)."
                    )
                    % {"count": session.attendance_count, "named": named}
                }
            )
        rows = []
        for person in new:
            row = EducationAttendance(commune=session.commune, session=session, person=person)
            row.save()
            rows.append(row)
    return rows


def do_remove_attendance(
    *, actor: Any, session: EducationSession, persons: Iterable[Person]
) -> int:
    """Remove `persons` from the attendance of `session` (those not recorded are ignored);
    answers how many rows were removed."""
    _require_manager(actor)
    require_editable(actor, session)
    if not permissions.can_record_attendance(actor, session):
        raise PermissionDenied(_("Only the session's commune records its attendance."))
    ids = [p.pk for p in persons]
    if not ids:
        raise ValidationError({"persons": _("Choose at least one person to remove.")})
    with transaction.atomic():
        removed = 0
        for row in session.attendances.filter(person_id__in=ids):
            row.delete()  # one by one: each deletion is audited
            removed += 1
    return removed
