"""Calendar arithmetic shared by every app: completed years [AGE-CALC], birthdays, and periods in
months and years counted the way the Civil Code counts them (BLDS 147–148). Pure functions: no
ORM, no clock (the caller supplies the days).

The law-specific numbers (call-up ages, registration ages, ...) stay with the law module of the
app that owns them (`conscription.law_dates`, `forces.law_numbers`, `cadres.rules`)."""

from __future__ import annotations

import calendar
from datetime import date


def age_on(dob: date, day: date) -> int:
    """[AGE-CALC] Completed years on `day`: "đủ N tuổi" on the Nth birthday; a 29 February
    birthday is reached on 1 March in a common year (decision 1). ValueError if day < dob."""
    if day < dob:
        raise ValueError(f"day {day.isoformat()} is before the date of birth {dob.isoformat()}")
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def birthday(dob: date, years: int) -> date:
    """The day `age_on` first reaches `years` (29 February → 1 March in a common year)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


def add_months(day: date, months: int) -> date:
    """Same day `months` later (BLDS 148.3: the last day of the month when it has no such day)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Same day and month `years` later (BLDS 148.4; 29 February → 28 February)."""
    return add_months(day, 12 * years)


def completed_months(start: date, end: date) -> int:
    """Whole months from `start` to `end` (N months are complete on `add_months(start, N)`)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)
