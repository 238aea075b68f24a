"""Querysets of the duty rosters, for the roster pages and for other apps (the dashboards read
`on_duty_now`). Each is one query, whatever the number of days."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import Prefetch, Q

from . import rules


def _bookings(qs: models.QuerySet | None = None) -> models.QuerySet:
    from .models import DutyAssignment

    qs = qs if qs is not None else DutyAssignment.objects.all()
    return qs.select_related("person", "shift", "commune", "member__unit", "staff_post").order_by(
        "role", "person__name_sort_key", "pk"
    )


def on_duty_now(user_or_qs: Any, now: datetime.datetime) -> models.QuerySet:
    """The bookings (DutyAssignment) of the shift covering `now` (aware), in every commune the
    user sees — or narrowed from the queryset of bookings given instead of a user (a commune's,
    already scoped). A queryset: count it, filter it, page it."""
    from .models import DutyAssignment

    day, shift = rules.shift_at(now)
    if isinstance(user_or_qs, models.QuerySet):
        qs = user_or_qs
    else:
        qs = DutyAssignment.objects.visible_to(user_or_qs)
    return _bookings(qs.filter(shift__day=day, shift__shift=shift))


def roster_shifts(
    user: Any, commune_id: int, first: datetime.date, last: datetime.date
) -> models.QuerySet:
    """The commune's shifts from `first` to `last` that `user` sees, each with its bookings
    (`bookings`, a list): two queries however many days."""
    from .models import DutyShift

    return (
        DutyShift.objects.visible_to(user)
        .filter(commune_id=commune_id, day__gte=first, day__lte=last)
        .select_related("event")
        .prefetch_related(Prefetch("assignments", queryset=_bookings(), to_attr="bookings"))
        .order_by("day", "shift")
    )


def shift_bookings(shift: Any) -> models.QuerySet:
    """Who is booked on one shift, duty officers first, then by name."""
    return _bookings(shift.assignments.all())


def duty_strengths(commune_id: int, event_ids: set[int]) -> dict[int, int]:
    """{event id: the duty strength the event asks of the commune} (its EventTarget)."""
    from garrison.operations.models import EventTarget

    if not event_ids:
        return {}
    return dict(
        EventTarget.objects.filter(commune_id=commune_id, event_id__in=event_ids).values_list(
            "event_id", "duty_strength"
        )
    )


def bookings_near(person_id: int, day: datetime.date, exclude_pk: int | None = None) -> list:
    """(day, shift) of the person's bookings from the day before to the day after `day`, in any
    commune: what the overlap rule compares with."""
    from .models import DutyAssignment

    qs = DutyAssignment.objects.filter(
        person_id=person_id,
        shift__day__gte=day - datetime.timedelta(days=1),
        shift__day__lte=day + datetime.timedelta(days=1),
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.values_list("shift__day", "shift__shift"))


def serving_members(commune_id: int, day: datetime.date | None = None) -> models.QuerySet:
    """The commune's militia members whose term is open (on `day` when given): the choices of a
    standby booking."""
    from garrison.forces.models import MilitiaMember

    qs = MilitiaMember.objects.filter(commune_id=commune_id, status__in=rules.OPEN_TERM_STATUSES)
    if day is not None:
        qs = qs.filter(started_on__lte=day, term_end__gte=day)
    return qs.select_related("person", "unit").order_by("person__name_sort_key", "pk")


def command_posts(commune_id: int, day: datetime.date | None = None) -> models.QuerySet:
    """The posts of the commune's command held on `day` (no end, or an end on or after it): the
    choices of a duty officer booking."""
    from garrison.commands.models import Assignment

    qs = Assignment.objects.filter(command__commune_id=commune_id)
    if day is not None:
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)
    return qs.select_related("person", "command").order_by("position", "person__name_sort_key")


def commander_name(commune_id: int, day: datetime.date) -> str:
    """The name of the commune's Commander in post on `day` (the roster's signer), or ""."""
    from garrison.commands.rules import Position

    holder = (
        command_posts(commune_id, day)
        .filter(position=Position.COMMANDER)
        .order_by("-start_date")
        .values_list("person__full_name", flat=True)
        .first()
    )
    return holder or ""
