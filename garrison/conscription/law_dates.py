"""The ages and shares of the military-service law: its age limits, registration years, the
call-up birth window, and the proportional split of a quota. The calendar arithmetic they use
(completed years [AGE-CALC], periods in months and years, BLDS 147–148) is `core.dates`."""

from __future__ import annotations

import calendar
from collections.abc import Hashable, Iterable
from datetime import date, timedelta
from typing import TypeVar

from django.utils.translation import gettext

from garrison.core.dates import age_on, birthday

K = TypeVar("K", bound=Hashable)

CALL_UP_AGE = 18  # [AGE-1] NVQS 30: from full 18
CALL_UP_END = 26  # ... to the end of 25
CALL_UP_END_EXTENDED = 28  # [AGE-2] ... to the end of 27
FIRST_REGISTRATION_AGE = {"M": 17, "F": 18}  # [REG-WHO-1] NVQS 12
NVQS_AGE_END = {"M": 46, "F": 41}  # [NVQS-DEF-2] NVQS 25: to the end of 45 / 40
REGISTRATION_MONTH = 4  # [REG-FIRST-1] NVQS 16.2: April


# --- registration years and the call-up window [REG-FIRST], [AGE-1] ---------------------------


def first_registration_year(dob: date) -> int:
    """[REG-FIRST-2] The year a man turns 17: he registers in April of it (NVQS 12.1, 16)."""
    return dob.year + FIRST_REGISTRATION_AGE["M"]


def _female_registration_year(dob: date) -> int:
    """Decision 3: the year of the first April on or after her 18th birthday (NVQS 12.2)."""
    reached = birthday(dob, FIRST_REGISTRATION_AGE["F"])
    return reached.year if reached.month <= REGISTRATION_MONTH else reached.year + 1


def must_register_in_year(sex: str, dob: date, year: int) -> bool:
    """Whether `year` is the person's first-registration year [REG-WHO-1], [REG-FIRST-2]: men
    turning 17 in the year; women (only those with a listed profession, NVQS 7.2 — the caller
    checks that) in the year of the first April after they turn 18 (decision 3)."""
    if sex == "M":
        return year == first_registration_year(dob)
    if sex == "F":
        return year == _female_registration_year(dob)
    raise ValueError(f"sex must be 'M' or 'F', got {sex!r}")


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February → 28 February
        return date(day.year - years, 2, 28)


def _leap_day_ambiguous(dob: date, day: date) -> bool:
    """§7.8: on 28 February of a common year, is a 29 February birthday reached or not?"""
    return (
        (dob.month, dob.day) == (2, 29)
        and (day.month, day.day) == (2, 28)
        and (not calendar.isleap(day.year))
    )


def call_up_birth_window(ref_date: date, extended: bool) -> tuple[date, date]:
    """[AGE-1]/[AGE-2] The (earliest, latest) dates of birth of people who can be of call-up
    age on `ref_date` (18 to the end of 25, or of 27 if `extended`), both inclusive, for a SQL
    prefilter. It also includes the 29 February births that are of age on 28 February under
    one reading only (they go to manual review)."""
    end = CALL_UP_END_EXTENDED if extended else CALL_UP_END
    earliest = _years_back(ref_date, end) + timedelta(days=1)
    latest = _years_back(ref_date, CALL_UP_AGE)
    if (ref_date.month, ref_date.day) == (2, 28) and calendar.isleap(latest.year):
        latest = date(latest.year, 2, 29)
    return earliest, latest


# --- quotas ------------------------------------------------------------------------------------


def _key_order(keys: Iterable[K]) -> list[K]:
    keys = list(keys)
    try:
        return sorted(keys)  # type: ignore[type-var]
    except TypeError:  # keys that do not compare: insertion order
        return keys


def split_quota(total: int, weights: dict[K, int]) -> dict[K, int]:
    """Split `total` in proportion to `weights` by largest remainder (Hamilton).

    Each share is the floor of its exact quota, plus one for the largest remainders; ties go to
    the first key in key order (sorted keys, or insertion order if keys do not compare). All-zero
    weights split evenly the same way. The shares always sum to `total`. ValueError on a negative
    total or weight, or a positive total with no keys."""
    if total < 0 or any(w < 0 for w in weights.values()):
        raise ValueError("split_quota needs a non-negative total and non-negative weights")
    if not weights:
        if total:
            raise ValueError("split_quota cannot split a positive total between no keys")
        return {}
    if not any(weights.values()):
        weights = dict.fromkeys(weights, 1)
    weight_sum = sum(weights.values())
    shares = {key: total * w // weight_sum for key, w in weights.items()}
    left = total - sum(shares.values())
    order = _key_order(weights)
    position = {key: i for i, key in enumerate(order)}
    by_remainder = sorted(order, key=lambda k: (-(total * weights[k] % weight_sum), position[k]))
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares


# --- who may be registered, and when [REG-WHO-1], [REG-FIRST-2] --------------------------------
def registration_refusal(
    *, sex: str, dob: date, on: date, female_qualifying_profession: bool = False
) -> str | None:
    """Why a person of `sex` ("M"/"F") born on `dob` cannot be registered for military service
    on `on`, or None when they can. The window of the law: a man from the calendar year he turns
    17 (NVQS 12.1, 16.2: year-based, [REG-FIRST-2]); a woman with a profession the Army needs
    (NVQS 7.2, 12.2) from full 18; both until the end of the military-service age (45 for men,
    40 for women; NVQS 25). Used alike by the register's form, its API and the services."""
    show = on.strftime("%d/%m/%Y")
    if dob > on:
        return gettext("The registration date %(on)s is before the date of birth %(dob)s.") % {
            "on": show,
            "dob": dob.strftime("%d/%m/%Y"),
        }
    age = age_on(dob, on)
    if sex == "M":
        first = first_registration_year(dob)
        if on.year < first:
            return gettext(
                "A man registers for military service from the year he turns 17 (NVQS 12.1, "
                "16.2): born in %(born)d, he registers from April %(first)d, not on %(on)s."
            ) % {"born": dob.year, "first": first, "on": show}
    else:
        if not female_qualifying_profession:
            return gettext(
                "A woman registers for military service only if she has a profession the Army "
                "needs (NVQS 7.2, 12.2): tick it on the record, or do not register her."
            )
        if age < FIRST_REGISTRATION_AGE["F"]:
            return gettext(
                "A woman registers for military service from full 18 (NVQS 12.2): born on "
                "%(dob)s, she is %(age)d on %(on)s."
            ) % {"dob": dob.strftime("%d/%m/%Y"), "age": age, "on": show}
    end = NVQS_AGE_END["M" if sex == "M" else "F"]
    if age >= end:
        return gettext(
            "On %(on)s this person is %(age)d, past the military-service age, which ends at "
            "%(last)d (NVQS 25): there is nothing to register."
        ) % {"on": show, "age": age, "last": end - 1}
    return None
