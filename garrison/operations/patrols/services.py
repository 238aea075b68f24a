"""Patrol services: plan a patrol (or change one still planned), record its result, cancel it.

Every one checks, against the registers: the hours (a patrol may run past midnight, never end
when it starts), the event (declared, reaching the commune, its period covering the day), the
people (serving militia members of the patrol's commune, active officers of the same commune's
police), and that nobody takes part in two patrols whose hours overlap. The pure parts of these
checks are in `rules.py`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.services import do_create_object, do_update_object, require_editable
from garrison.forces.models import MilitiaMember
from garrison.operations.events.models import EventTarget, ReadinessEvent

from . import permissions, rules
from .models import Patrol, PatrolStatus, PoliceOfficer


def _show(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def patrol_span(patrol: Patrol) -> rules.Span:
    return rules.span(patrol.day, patrol.starts_at, patrol.ends_at, timezone.get_default_timezone())


def not_yet_held(patrol: Patrol) -> str | None:
    """Why the patrol cannot be recorded as done yet (it has not ended), or None."""
    if patrol.day is None or patrol.starts_at is None or patrol.ends_at is None:
        return None
    if rules.hours_problem(patrol.starts_at, patrol.ends_at):
        return None
    if rules.not_yet_held(patrol_span(patrol), timezone.now()):
        end = patrol_span(patrol).end
        return _(
            "A patrol not yet held cannot be recorded as done: this one ends on %(day)s at "
            "%(time)s. Record its result after that."
        ) % {"day": _show(end.date()), "time": end.strftime("%H:%M")}
    return None


# --- checks ----------------------------------------------------------------------------------
def _check_hours(patrol: Patrol, errors: dict[str, list[str]]) -> None:
    if rules.hours_problem(patrol.starts_at, patrol.ends_at) == "same":
        errors.setdefault("ends_at", []).append(
            _(
                "The patrol would end when it starts: give its end (an end before the start "
                "means the next morning)."
            )
        )


def _check_event(patrol: Patrol, errors: dict[str, list[str]]) -> None:
    if patrol.event_id is None or patrol.day is None:
        return
    event = ReadinessEvent.objects.get(pk=patrol.event_id)
    problem = rules.event_problem(
        declared=event.status == ReadinessEvent.Status.DECLARED,
        reaches_commune=EventTarget.objects.filter(
            event_id=event.pk, commune_id=patrol.commune_id
        ).exists(),
        starts_on=event.starts_on,
        ends_on=event.ends_on,
        day=patrol.day,
    )
    messages = {
        "not_declared": _("%(event)s has not been declared: choose a declared event or none."),
        "not_reached": _(
            "%(event)s does not reach this commune: choose an event the commune is concerned "
            "by, or none."
        ),
        "outside": _(
            "%(event)s runs from %(start)s to %(end)s: a patrol on %(day)s is outside it. "
            "Change the day or choose no event."
        ),
    }
    if problem is not None:
        errors.setdefault("event", []).append(
            messages[problem]
            % {
                "event": event.name,
                "start": _show(event.starts_on),
                "end": _show(event.ends_on),
                "day": _show(patrol.day),
            }
        )


def _check_people(
    patrol: Patrol, members: list[MilitiaMember], officers: list[PoliceOfficer], errors: dict
) -> None:
    if members:
        allowed = set(
            MilitiaMember.objects.filter(
                commune_id=patrol.commune_id, pk__in=[m.pk for m in members]
            )
            .serving_on(patrol.day)
            .values_list("pk", flat=True)
        )
        strangers = [m for m in members if m.pk not in allowed]
        if strangers:
            errors.setdefault("members", []).append(
                _(
                    "%(names)s: not serving militia members of %(commune)s on %(day)s. Choose "
                    "members of the patrol's commune."
                )
                % {
                    "names": ", ".join(sorted(m.person.full_name for m in strangers)),
                    "commune": patrol.commune.name,
                    "day": _show(patrol.day),
                }
            )
    strangers = [o for o in officers if o.commune_id != patrol.commune_id or not o.is_active]
    if strangers:
        errors.setdefault("officers", []).append(
            _(
                "%(names)s: not serving officers of the police of %(commune)s. Choose officers "
                "of the commune's own police."
            )
            % {
                "names": ", ".join(sorted(o.full_name for o in strangers)),
                "commune": patrol.commune.name,
            }
        )


def _check_overlaps(
    patrol: Patrol, members: list[MilitiaMember], officers: list[PoliceOfficer], errors: dict
) -> None:
    member_ids, officer_ids = {m.pk for m in members}, {o.pk for o in officers}
    if not (member_ids or officer_ids):
        return
    mine = patrol_span(patrol)
    others = (
        Patrol.objects.around(patrol.day)
        .with_members(sorted(member_ids), sorted(officer_ids))
        .exclude(pk=patrol.pk)
        .prefetch_related("members__person", "officers")
    )
    for other in others:  # the few patrols of the day and the days either side
        if not mine.overlaps(patrol_span(other)):
            continue
        names = [m.person.full_name for m in other.members.all() if m.pk in member_ids]
        if names:
            errors.setdefault("members", []).append(
                _(
                    "%(names)s already take(s) part in the patrol of %(other)s, whose hours "
                    "overlap: choose someone else or change the hours."
                )
                % {"names": ", ".join(sorted(names)), "other": other}
            )
        names = [o.full_name for o in other.officers.all() if o.pk in officer_ids]
        if names:
            errors.setdefault("officers", []).append(
                _(
                    "%(names)s already take(s) part in the patrol of %(other)s, whose hours "
                    "overlap: choose someone else or change the hours."
                )
                % {"names": ", ".join(sorted(names)), "other": other}
            )


def check_patrol(
    patrol: Patrol, members: Iterable[MilitiaMember], officers: Iterable[PoliceOfficer]
) -> None:
    """Raise a ValidationError naming each field at fault, or return."""
    members, officers = list(members), list(officers)
    errors: dict[str, list[str]] = {}
    _check_hours(patrol, errors)
    _check_event(patrol, errors)
    _check_people(patrol, members, officers, errors)
    if not errors:
        _check_overlaps(patrol, members, officers, errors)
    if errors:
        raise ValidationError(errors)


def _require_manager(actor: Any) -> None:
    if not permissions.can_manage_patrols(actor):
        raise PermissionDenied(_("Only the commune's staff plan and record its patrols."))


# --- services --------------------------------------------------------------------------------
def do_plan_patrol(
    *,
    actor: Any,
    patrol: Patrol,
    members: Iterable[MilitiaMember] = (),
    officers: Iterable[PoliceOfficer] = (),
    expected_version: int | None = None,
) -> Patrol:
    """Save a new planned patrol (or the changes to one still planned) with the militia members
    and police officers taking part."""
    _require_manager(actor)
    members, officers = list(members), list(officers)
    if patrol.pk is not None and patrol.status != PatrolStatus.PLANNED:
        raise ValidationError(
            _("Only a planned patrol can be changed: this one is %(status)s.")
            % {"status": patrol.get_status_display()}
        )
    patrol.status = PatrolStatus.PLANNED
    check_patrol(patrol, members, officers)
    with transaction.atomic():
        if patrol.pk is None:
            do_create_object(actor=actor, instance=patrol)
        else:
            do_update_object(actor=actor, instance=patrol, expected_version=expected_version)
        patrol.members.set(members)
        patrol.officers.set(officers)
    return patrol


def do_record_patrol(
    *,
    actor: Any,
    patrol: Patrol,
    findings: str = "",
    follow_up: str = "",
    members: Iterable[MilitiaMember] | None = None,
    officers: Iterable[PoliceOfficer] | None = None,
) -> Patrol:
    """Record that `patrol` was held: what was found, the follow-up and who took part (None:
    those planned). Refused for a patrol not yet held, or cancelled."""
    _require_manager(actor)
    require_editable(actor, patrol)
    if not permissions.can_record_patrol(actor, patrol):
        raise ValidationError(_("A cancelled patrol cannot be recorded as done."))
    if (refusal := not_yet_held(patrol)) is not None:
        raise ValidationError({"day": refusal}, code="not_held")
    members = list(patrol.members.all() if members is None else members)
    officers = list(patrol.officers.all() if officers is None else officers)
    if not members:
        raise ValidationError(
            {"members": _("Tick the militia members who took part in the patrol.")}
        )
    check_patrol(patrol, members, officers)
    with transaction.atomic():
        patrol.status = PatrolStatus.DONE
        patrol.findings = (findings or "").strip()
        patrol.follow_up = (follow_up or "").strip()
        do_update_object(
            actor=actor,
            instance=patrol,
            expected_version=None,
            fields=["status", "findings", "follow_up"],
        )
        patrol.members.set(members)
        patrol.officers.set(officers)
    return patrol


def do_cancel_patrol(*, actor: Any, patrol: Patrol, reason: str) -> Patrol:
    """Cancel a planned patrol, saying why."""
    _require_manager(actor)
    require_editable(actor, patrol)
    if not permissions.can_cancel_patrol(actor, patrol):
        raise ValidationError(
            _("Only a planned patrol can be cancelled: this one is %(status)s.")
            % {"status": patrol.get_status_display()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the patrol is cancelled.")})
    with transaction.atomic():
        patrol.status = PatrolStatus.CANCELLED
        patrol.cancel_reason = reason
        do_update_object(
            actor=actor,
            instance=patrol,
            expected_version=None,
            fields=["status", "cancel_reason"],
        )
    return patrol
