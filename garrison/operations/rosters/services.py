"""Duty roster services: book a person on a shift and take them off it, plan the empty shifts of
a range of days at once, and the roster of a commune over a range (days × shifts, with flags).
Each state change is one transaction, guarded by `permissions`, validated by `rules` on the facts
gathered here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.core.services import require_editable
from garrison.territory.models import Commune

from . import permissions, querysets, rules
from .models import DutyAssignment, DutyRole, DutyShift

__all__ = [
    "Roster",
    "build_roster",
    "do_book_duty",
    "do_plan_roster",
    "do_unbook_duty",
]


def _term_facts(member: Any, shift: DutyShift) -> rules.TermFacts:
    return rules.TermFacts(
        status=member.status,
        status_label=str(member.get_status_display()),
        started_on=member.started_on,
        term_end=member.term_end,
        ended_on=member.ended_on,
        same_commune=member.commune_id == shift.commune_id,
    )


def _post_facts(post: Any, shift: DutyShift) -> rules.PostFacts:
    return rules.PostFacts(
        post_label=str(post.get_position_display()),
        start_date=post.start_date,
        end_date=post.end_date,
        same_commune=post.commune_id == shift.commune_id,
    )


def do_book_duty(
    *,
    actor: Any,
    shift: DutyShift,
    role: str,
    member: Any = None,
    staff_post: Any = None,
) -> DutyAssignment:
    """Book on `shift` a command duty officer (`staff_post`, a post of the commune's command
    held on the day) or a militia member on standby (`member`, a term open on the day)."""
    require_editable(actor, shift)
    if not permissions.can_book_duty(actor, shift):
        raise PermissionDenied(_("You may not change this roster."))
    if role not in DutyRole.values:
        raise ValidationError(
            {"role": _("Choose the role: command duty officer or militia on standby.")}
        )
    if role == DutyRole.MILITIA_STANDBY:
        staff_post = None
        person = member.person if member is not None else None
    else:
        member = None
        person = staff_post.person if staff_post is not None else None
    facts = rules.BookingFacts(
        name=person.full_name if person is not None else "",
        day=shift.day,
        shift=shift.shift,
        role=role,
        term=_term_facts(member, shift) if member is not None else None,
        post=_post_facts(staff_post, shift) if staff_post is not None else None,
        booked=tuple(querysets.bookings_near(person.pk, shift.day)) if person else (),
    )
    refusal = rules.booking_refusal(facts)
    if refusal:
        raise ValidationError(refusal)
    booking = DutyAssignment(
        shift=shift,
        commune_id=shift.commune_id,
        province_id=shift.province_id,
        role=role,
        person=person,
        member=member,
        staff_post=staff_post,
    )
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:  # booked by someone else at the same moment
        raise ValidationError(
            {"__all__": rules.already_on_duty(person.full_name, shift.day, shift.shift)}
        ) from exc
    return booking


def do_unbook_duty(*, actor: Any, shift: DutyShift, booking: DutyAssignment) -> None:
    """Take the person of `booking` off `shift`."""
    require_editable(actor, shift)
    if not permissions.can_book_duty(actor, shift):
        raise PermissionDenied(_("You may not change this roster."))
    if booking.shift_id != shift.pk:
        raise ValidationError({"booking": _("This person is not booked on this shift.")})
    with transaction.atomic():
        booking.delete()


def do_plan_roster(
    *,
    actor: Any,
    commune: Commune,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
    shifts: list[str] | tuple[str, ...] = rules.SHIFTS,
    event: Any = None,
) -> list[DutyShift]:
    """Create the empty shifts `shifts` of every day from `first_day` to `last_day` (the event's
    period when not given) for `commune`; the shifts already there are kept. Returns the shifts
    created."""
    if not permissions.can_plan_roster(actor, commune):
        raise PermissionDenied(_("You may not plan the roster of this commune."))
    if event is not None:
        if event.pk not in querysets.duty_strengths(commune.pk, {event.pk}):
            raise ValidationError({"event": rules.event_not_concerned(event.name, commune.name)})
        first_day = first_day or event.starts_on
        last_day = last_day or event.ends_on
    refusal = rules.range_refusal(first_day, last_day, rules.MAX_PLAN_DAYS)
    if refusal:
        raise ValidationError({"first_day": refusal})
    assert first_day is not None and last_day is not None
    wanted = [s for s in rules.SHIFTS if s in set(shifts)]
    if not wanted or len(wanted) != len(set(shifts)):
        raise ValidationError({"shifts": _("Choose the day shift, the night shift or both.")})
    with transaction.atomic():
        existing = set(
            DutyShift.objects.filter(
                commune=commune, day__gte=first_day, day__lte=last_day
            ).values_list("day", "shift")
        )
        new = [
            DutyShift(
                commune=commune,
                province_id=commune.province_id,
                event=event,
                day=day,
                shift=shift,
            )
            for day in rules.days_of(first_day, last_day)
            for shift in wanted
            if (day, shift) not in existing
        ]
        try:
            with transaction.atomic():
                DutyShift.objects.bulk_create(new)
        except IntegrityError as exc:
            raise ValidationError(
                {
                    "first_day": _(
                        "Someone planned shifts of these days at the same moment: open the "
                        "roster and plan again what is still missing."
                    )
                }
            ) from exc
    return new


# --- the roster ----------------------------------------------------------------------------------
@dataclass
class Cell:
    day: datetime.date
    shift: str
    label: str
    row: DutyShift | None = None
    bookings: list[DutyAssignment] = field(default_factory=list)
    flags: list[rules.Flag] = field(default_factory=list)
    strength: int = 0

    @property
    def officers(self) -> list[DutyAssignment]:
        return [b for b in self.bookings if b.role == DutyRole.COMMAND_DUTY_OFFICER]

    @property
    def standby(self) -> list[DutyAssignment]:
        return [b for b in self.bookings if b.role == DutyRole.MILITIA_STANDBY]


@dataclass
class Roster:
    commune: Commune
    first: datetime.date
    last: datetime.date
    event: Any
    days: list[tuple[datetime.date, list[Cell], list[rules.Flag]]]
    flags: list[rules.Flag]

    @property
    def cells(self) -> list[Cell]:
        return [cell for _day, cells, _flags in self.days for cell in cells]


def build_roster(
    user: Any,
    commune: Commune,
    first: datetime.date,
    last: datetime.date,
    event: Any = None,
) -> Roster:
    """The roster of `commune` from `first` to `last` as `user` sees it: per day, a cell per
    shift (the shift, its bookings, its flags) and the day's flag when it has no shift. Three
    queries however many days (shifts, their bookings, the events' strengths)."""
    rows = list(querysets.roster_shifts(user, commune.pk, first, last))
    event_ids = {row.event_id for row in rows if row.event_id}
    if event is not None:
        event_ids.add(event.pk)
    strengths = querysets.duty_strengths(commune.pk, event_ids)
    by_key = {(row.day, row.shift): row for row in rows}
    planned = {row.day for row in rows}
    days = []
    flags: list[rules.Flag] = []
    for day in rules.days_of(first, last):
        cells = []
        for shift in rules.SHIFTS:
            row = by_key.get((day, shift))
            cell = Cell(day=day, shift=shift, label=rules.shift_label(shift), row=row)
            if row is not None:
                cell.bookings = list(row.bookings)
                event_id = row.event_id or (event.pk if event is not None else None)
                cell.strength = strengths.get(event_id, 0) if event_id else 0
                cell.flags = rules.shift_flags(day, shift, len(cell.bookings), cell.strength)
                flags += cell.flags
            cells.append(cell)
        day_flag = rules.day_flags([day], planned)
        flags += day_flag
        days.append((day, cells, day_flag))
    return Roster(commune=commune, first=first, last=last, event=event, days=days, flags=flags)
