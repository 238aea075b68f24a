"""Incident policy as pure functions (no ORM): the rhythm of situation reports, what a time, a
place and a closing must be, and when two mobilisations of one person or vehicle overlap.

The rhythm of situation reports (`REPORT_EVERY`): the law gives no fixed rhythm. The civil
defence texts ask the commune to report to the higher level promptly while it responds and leave
how often to the command above. The figures below are the province's usual practice (a critical
incident every 3 hours, a severe one every 6, a moderate one twice a day, a minor one daily): a
setting to be confirmed with the provincial command, kept here in one place.

Interpretations taken:
- the next report is due one rhythm after the last report, or after the incident's time when no
  report was sent yet; a change of severity reckons it again from the same starting point;
- an incident is *overdue* while it is open and its next report is due before now (the due
  moment itself is still in time);
- a person or vehicle is mobilised during [from, until), the end open while still engaged; two
  such spans overlap when each starts before the other ends. A second mobilisation that
  overlaps is recorded and FLAGGED, never refused: in a disaster the commander decides, and a
  truck sent on from one landslide to the next may well be in both records for an hour; the
  page names the other incident so that the overlap is seen and put right;
- a militia member whose term has ended (or who left) by the mobilisation's day is REFUSED: he
  or she is no longer in the force (DQTV 8) and may be called only as a citizen.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

MINOR, MODERATE, SEVERE, CRITICAL = "minor", "moderate", "severe", "critical"

#: how often the commune reports to the province while an incident is open, by severity: the
#: provinces' usual practice (the law sets no rhythm; see the module's docstring)
REPORT_EVERY: dict[str, datetime.timedelta] = {
    MINOR: datetime.timedelta(hours=24),
    MODERATE: datetime.timedelta(hours=12),
    SEVERE: datetime.timedelta(hours=6),
    CRITICAL: datetime.timedelta(hours=3),
}

#: Viet Nam's box (mainland and islands, Trường Sa included), in decimal degrees
LATITUDE_RANGE = (Decimal("8"), Decimal("24"))
LONGITUDE_RANGE = (Decimal("102"), Decimal("118"))

#: the open statuses of a militia term (forces.querysets.OPEN_STATUSES)
OPEN_TERM_STATUSES = ("serving", "extended")


def next_report_due(
    severity: str, occurred_at: datetime.datetime, last_report_at: datetime.datetime | None
) -> datetime.datetime:
    """When the next situation report is due: one rhythm after the last report (or after the
    incident's time when none was sent yet)."""
    return (last_report_at or occurred_at) + REPORT_EVERY[severity]


def is_overdue(
    status: str, next_report_due_at: datetime.datetime | None, now: datetime.datetime
) -> bool:
    return status == "open" and next_report_due_at is not None and next_report_due_at < now


def not_in_future(moment: datetime.datetime | None, now: datetime.datetime) -> bool:
    """A moment that has happened already (a minute of clock drift is forgiven)."""
    return moment is None or moment <= now + datetime.timedelta(minutes=1)


def gps_problems(latitude: Decimal | None, longitude: Decimal | None) -> dict[str, str]:
    """What is wrong with a pair of coordinates, by field ("latitude", "longitude", "" for the
    pair), as codes: "pair" (one without the other), "outside" (outside Viet Nam's box)."""
    if latitude is None and longitude is None:
        return {}
    if latitude is None or longitude is None:
        return {"latitude" if latitude is None else "longitude": "pair"}
    problems = {}
    if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        problems["latitude"] = "outside"
    if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        problems["longitude"] = "outside"
    return problems


def spans_overlap(
    a_from: datetime.datetime,
    a_until: datetime.datetime | None,
    b_from: datetime.datetime,
    b_until: datetime.datetime | None,
) -> bool:
    """Whether [a_from, a_until) and [b_from, b_until) share a moment (None: still open)."""
    return (b_until is None or a_from < b_until) and (a_until is None or b_from < a_until)


def term_has_ended(
    status: str, term_end: datetime.date | None, ended_on: datetime.date | None, on: datetime.date
) -> bool:
    """Whether a militia member is out of the force on the day `on`: the term closed (completed,
    discharged), left on or before that day, or past its end date."""
    if status not in OPEN_TERM_STATUSES:
        return True
    if ended_on is not None and ended_on <= on:
        return True
    return term_end is not None and term_end < on


def closing_problems(after_action: str, lessons: str) -> list[str]:
    """The closing's missing parts, by field name."""
    return [
        name for name, text in (("after_action", after_action), ("lessons", lessons)) if not text
    ]
