"""Defence and security education policy as pure functions (no ORM).

Interpretations taken — TO BE CONFIRMED (manual review): /work/shared/LAW.md does not cover the
Law on National Defence and Security Education (30/2013/QH13) nor its decrees (13/2014/NĐ-CP,
139/2016/NĐ-CP), so the cycle below is our reading, not a quoted rule:

- **the cycle** (confidence: low — manual review): every cadre of groups 1 to 4 must attend a
  defence and security education session for their group once in every term of office, taken
  here as **5 years** for each of the four groups (`CYCLE_YEARS`). A cadre is *trained within the
  cycle* on a day when they attended a session for their own group that started within the 5
  years ending on that day (the day itself included). The cycle per group is one table, so a
  confirmed reading changes one number;
- **due**: a cadre counted in a group on the day (in it since that day or before, not left
  before it) and not trained within the cycle ending on that day;
- only a session for the cadre's own group counts for that group (a group 3 cadre attending a
  population talk is not trained as group 3);
- a session **ends before it starts**: refused;
- attendance at a session **not yet held** (starting after today) is refused: record it once
  the session has started;
- **who may attend**: a person living in the session's commune, or a cadre counted in one of the
  commune's groups (a commune cadre may live in the next commune: that is why residence alone
  does not decide); anyone else is refused;
- a session with **both a count and named attendance**: the count is the whole attendance, the
  named people among them, so the count may not be below the number named; the people attending
  a session are the count when it is given, else the people named.
"""

from __future__ import annotations

import datetime

#: the four cadre groups (values of `AudienceGroup`), and how many years each one's cycle lasts
CYCLE_YEARS: dict[str, int] = {"group_1": 5, "group_2": 5, "group_3": 5, "group_4": 5}


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cycle_start(group: str, on: datetime.date) -> datetime.date:
    """The first day of the cycle ending on `on` for `group`: a session starting on this day or
    later (and on `on` at the latest) counts."""
    return _years_before(on, CYCLE_YEARS[group]) + datetime.timedelta(days=1)


def is_member_on(since: datetime.date, until: datetime.date | None, on: datetime.date) -> bool:
    """Whether a cadre counted in a group from `since` (until `until`) is in it on `on`."""
    return since <= on and (until is None or until >= on)


def trained_within_cycle(group: str, on: datetime.date, attended: list[datetime.date]) -> bool:
    """Whether one of the sessions for `group` attended (their start days) falls in the cycle."""
    start = cycle_start(group, on)
    return any(start <= day <= on for day in attended)


def is_due(
    group: str,
    on: datetime.date,
    *,
    since: datetime.date,
    until: datetime.date | None,
    attended: list[datetime.date],
) -> bool:
    """Whether a cadre of `group` is due for education on `on`."""
    return is_member_on(since, until, on) and not trained_within_cycle(group, on, attended)


def ends_before_starts(starts_on: datetime.date | None, ends_on: datetime.date | None) -> bool:
    return starts_on is not None and ends_on is not None and ends_on < starts_on


def not_yet_held(starts_on: datetime.date, today: datetime.date) -> bool:
    """Whether a session starting on `starts_on` has not started yet on `today`."""
    return starts_on > today


def may_attend(*, lives_in_commune: bool, cadre_of_commune: bool) -> bool:
    """Whether a person may be recorded at a session of a commune."""
    return lives_in_commune or cadre_of_commune


def count_below_named(count: int | None, named: int) -> bool:
    """Whether a session's count is below the people named at it (both given)."""
    return count is not None and count < named


def people_attending(count: int | None, named: int) -> int:
    """The people attending a session: its count when given, else the people named."""
    return count if count is not None else named


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent, one decimal (None when there is no whole)."""
    return round(100 * part / whole, 1) if whole else None
