"""The rules of readiness duty rosters, as pure functions (no ORM): the hours of the shifts, which
shift covers a moment, which bookings are refused and which shifts and days are flagged. The
services gather the facts from the registers and hand them here; every message names who and
when, so the commune staff see at once what to change.

Shift hours. The day shift runs 07:00–19:00, the night shift 19:00–07:00 the next morning and
belongs to the day it starts on (`SHIFT_HOURS`). A moment belongs to exactly one shift
(`shift_at`): 06:59 is still the night shift of the previous day, 07:00 the day shift.

Overlaps (decided for issue 17). A shift is the half-open interval [start, end) of its hours, so
shifts that only touch — the day and night shift of one day, the night shift of day D and the
day shift of D+1 — do not overlap, and one person may stand them back to back (a commune of 3–5
staff could not keep a command duty officer otherwise). Booking the same person twice on one
shift is refused, and so is booking them on any shift whose hours overlap one of theirs
(`overlapping`): with the fixed hours above only the same shift overlaps itself, but the check
works on the hours, so a change of `SHIFT_HOURS` keeps it right.

Refusals: a person already on duty at that time; a militia member whose term is not open on the
day (ended, not begun, or of another commune); a command post the person no longer (or not yet)
held on the day, or of another commune's command. Flags (shown, never refused): a shift with
nobody, a shift with fewer people than the event's duty strength, a day of the range without any
shift.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

DAY = "day"
NIGHT = "night"
#: the shifts of a duty day in their order, with their hours (local time); a shift whose end is
#: not after its start ends the next morning
SHIFT_HOURS: dict[str, tuple[datetime.time, datetime.time]] = {
    DAY: (datetime.time(7, 0), datetime.time(19, 0)),
    NIGHT: (datetime.time(19, 0), datetime.time(7, 0)),
}
SHIFTS = tuple(SHIFT_HOURS)
#: the longest roster a page, a PDF or a workbook shows (a quarter)
MAX_RANGE_DAYS = 92
#: the longest range planned at once
MAX_PLAN_DAYS = 366

OPEN_TERM_STATUSES = ("serving", "extended")


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def shift_label(shift: str) -> str:
    return {DAY: _("day shift"), NIGHT: _("night shift")}.get(shift, shift)


def when(day: datetime.date, shift: str) -> str:
    """ "16/02/2026, night shift": the moment a message names."""
    return _("%(day)s, %(shift)s") % {"day": dmy(day), "shift": shift_label(shift)}


# --- hours ---------------------------------------------------------------------------------------
def shift_window(
    day: datetime.date, shift: str, tz: datetime.tzinfo | None = None
) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware start and end of `shift` of `day` in the local time zone (end excluded)."""
    zone = tz or timezone.get_default_timezone()
    start_time, end_time = SHIFT_HOURS[shift]
    start = datetime.datetime.combine(day, start_time, tzinfo=zone)
    end_day = day if end_time > start_time else day + datetime.timedelta(days=1)
    return start, datetime.datetime.combine(end_day, end_time, tzinfo=zone)


def shift_at(moment: datetime.datetime) -> tuple[datetime.date, str]:
    """(day, shift) of the shift covering the aware `moment`: 02:00 is the night shift of the
    previous day, 07:00 the day shift, 19:00 the night shift of the same day."""
    if timezone.is_naive(moment):
        raise ValueError("shift_at needs an aware datetime")
    local = timezone.localtime(moment)
    for day in (local.date(), local.date() - datetime.timedelta(days=1)):
        for shift in SHIFTS:
            start, end = shift_window(day, shift, local.tzinfo)
            if start <= local < end:
                return day, shift
    raise ValueError("SHIFT_HOURS leave a gap")  # pragma: no cover - the hours cover the day


def overlapping(first: tuple[datetime.date, str], second: tuple[datetime.date, str]) -> bool:
    """Whether two shifts (day, shift) share any moment (touching shifts do not)."""
    a_start, a_end = shift_window(*first)
    b_start, b_end = shift_window(*second)
    return a_start < b_end and b_start < a_end


def days_of(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def range_refusal(
    first: datetime.date | None, last: datetime.date | None, limit: int = MAX_RANGE_DAYS
) -> str | None:
    """Why a roster's range cannot be shown (or planned), or None."""
    if first is None or last is None:
        return _("Give the first and the last day of the roster (or choose an event).")
    if last < first:
        return _("The last day (%(last)s) is before the first (%(first)s): swap them.") % {
            "last": dmy(last),
            "first": dmy(first),
        }
    days = (last - first).days + 1
    if days > limit:
        return _(
            "%(days)s days from %(first)s to %(last)s is too long: a roster covers at most "
            "%(limit)s days. Choose a shorter range."
        ) % {"days": days, "first": dmy(first), "last": dmy(last), "limit": limit}
    return None


def event_not_concerned(event_name: str, commune_name: str) -> str:
    return _(
        "The event %(event)s does not concern %(commune)s: choose one of its events, or none."
    ) % {"event": event_name, "commune": commune_name}


# --- bookings ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TermFacts:
    """A militia term as the booking rule needs it."""

    status: str
    status_label: str
    started_on: datetime.date
    term_end: datetime.date
    ended_on: datetime.date | None
    same_commune: bool


@dataclass(frozen=True)
class PostFacts:
    """A command post (commands.Assignment) as the booking rule needs it."""

    post_label: str
    start_date: datetime.date
    end_date: datetime.date | None
    same_commune: bool


@dataclass(frozen=True)
class BookingFacts:
    name: str
    day: datetime.date
    shift: str
    role: str
    term: TermFacts | None = None
    post: PostFacts | None = None
    #: (day, shift) of the person's other bookings near this shift (any commune)
    booked: tuple[tuple[datetime.date, str], ...] = ()


def already_on_duty(name: str, day: datetime.date, shift: str) -> str:
    return _("%(name)s is already on duty on %(when)s: choose someone else.") % {
        "name": name,
        "when": when(day, shift),
    }


def booking_refusal(facts: BookingFacts) -> dict[str, str] | None:
    """{field: message} refusing the booking, or None when it may be made."""
    mine = (facts.day, facts.shift)
    for other in facts.booked:
        if other == mine:
            return {"__all__": already_on_duty(facts.name, *other)}
    for other in facts.booked:
        if overlapping(mine, other):
            return {
                "__all__": _("%(name)s is on duty on %(other)s, whose hours overlap %(when)s.")
                % {"name": facts.name, "other": when(*other), "when": when(*mine)}
            }
    if facts.role == "militia_standby":
        return _term_refusal(facts)
    if facts.role == "duty_officer":
        return _post_refusal(facts)
    return {"role": _("Choose the role: command duty officer or militia on standby.")}


def _term_refusal(facts: BookingFacts) -> dict[str, str] | None:
    term = facts.term
    if term is None:
        return {"member": _("Choose the militia member on standby.")}
    args = {"name": facts.name, "day": dmy(facts.day)}
    if not term.same_commune:
        return {
            "member": _("%(name)s is a militia member of another commune: choose one of yours.")
            % args
        }
    if term.started_on > facts.day:
        return {
            "member": _(
                "%(name)s's militia term begins on %(start)s, after %(day)s: they cannot be "
                "on standby that day."
            )
            % {**args, "start": dmy(term.started_on)}
        }
    ended = term.ended_on
    if ended is None and term.status not in OPEN_TERM_STATUSES:
        ended = term.term_end  # a term closed without its date: its planned end
    if ended is None and term.term_end < facts.day:
        ended = term.term_end
    if ended is not None and ended < facts.day:
        return {
            "member": _(
                "%(name)s's militia term ended on %(end)s (%(status)s): they cannot be on "
                "standby on %(day)s. Choose a serving member."
            )
            % {**args, "end": dmy(ended), "status": term.status_label}
        }
    return None


def _post_refusal(facts: BookingFacts) -> dict[str, str] | None:
    post = facts.post
    if post is None:
        return {"staff_post": _("Choose the command's post whose holder is the duty officer.")}
    args = {"name": facts.name, "post": post.post_label, "day": dmy(facts.day)}
    if not post.same_commune:
        return {
            "staff_post": _(
                "%(name)s holds the post of %(post)s in another command: choose a holder of "
                "a post of this commune's command."
            )
            % args
        }
    if post.start_date > facts.day:
        return {
            "staff_post": _(
                "%(name)s takes the post of %(post)s on %(start)s, after %(day)s: they cannot "
                "be the duty officer that day."
            )
            % {**args, "start": dmy(post.start_date)}
        }
    if post.end_date is not None and post.end_date < facts.day:
        return {
            "staff_post": _(
                "%(name)s left the post of %(post)s on %(end)s: they cannot be the duty "
                "officer on %(day)s."
            )
            % {**args, "end": dmy(post.end_date)}
        }
    return None


# --- flags ---------------------------------------------------------------------------------------
EMPTY = "empty"
UNDER_STRENGTH = "under_strength"
NO_SHIFT = "no_shift"


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


def shift_flags(day: datetime.date, shift: str, booked: int, strength: int) -> list[Flag]:
    """What is wrong with a planned shift: nobody on it, or fewer than the event's strength."""
    if booked == 0:
        return [Flag(EMPTY, _("Nobody is on duty on %(when)s.") % {"when": when(day, shift)})]
    if strength and booked < strength:
        return [
            Flag(
                UNDER_STRENGTH,
                _("%(when)s: %(n)s on duty, the event asks for %(strength)s.")
                % {"when": when(day, shift), "n": booked, "strength": strength},
            )
        ]
    return []


def day_flags(days: Iterable[datetime.date], planned: set[datetime.date]) -> list[Flag]:
    """The days of the range with no shift at all."""
    return [
        Flag(NO_SHIFT, _("No shift is planned on %(day)s.") % {"day": dmy(day)})
        for day in days
        if day not in planned
    ]
