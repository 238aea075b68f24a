"""The numbers of the militia and reserve law (DQTV 8, 11, 28; NVQS 24–26; LLDBĐV 17.2) and the
helpers both engines build their answers with. `forces.rules` re-exports the public names."""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext

from garrison.conscription.interface import NVQS_AGE_END
from garrison.core.assess import missing_facts_note
from garrison.core.dates import add_years

from .law_facts import ForcesOutcome

MILITIA_KINDS = (
    "local",
    "mobile",
    "standing",
    "maritime",
    "air_defence",
    "artillery",
    "reconnaissance",
    "signals",
    "engineering",
    "chemical",
    "medical",
)
MILITIA_AGE = 18  # DQTV 8.1: from full 18
MILITIA_AGE_END = {"M": 46, "F": 41}  # ... to the end of 45 / 40
MILITIA_VOLUNTEER_AGE_END = {"M": 51, "F": 46}  # volunteers to the end of 50 / 45
EXTENSION_LIMIT = 2  # DQTV 8.2
CHILD_MONTHS = 36  # DQTV 11.1.a
GROUP_A_MAX = {"M": 35, "F": 30}  # NVQS 26
COMBAT_UNIT_AGE = {"nco_soldier": 35, "professional_soldier": 40}  # LLDBĐV 17.2
FIRST_CLASS_MONTHS = 6  # NVQS 24.2.a, 24.3.a
POLICE_FIRST_CLASS_MONTHS = 20  # NVQS 24.2.c
POLICE_SECOND_CLASS_MONTHS = 12  # NVQS 24.3.c
COMMUNE_POLICE_MONTHS = 36  # NVQS 24.2.h
MILITIA_TRAINING_MONTHS = 3  # NVQS 24.2.e
SECOND_CLASS_TRAINING_MONTHS = 6  # NVQS 24.2.g
UNFIT = 4  # health classes 4-6

_SPECIALIST_KINDS = frozenset(MILITIA_KINDS) - {"local", "standing"}


# --- the numbers of the law ----------------------------------------------------------------------


def _require_kind(kind: str) -> None:
    if kind not in MILITIA_KINDS:
        raise ValueError(f"unknown militia kind {kind!r} (known: {', '.join(MILITIA_KINDS)})")


def term_years(kind: str) -> int:
    """[DQ-TERM] DQTV 8.2: 2 years for standing militia, 4 for every other kind."""
    _require_kind(kind)
    return 2 if kind == "standing" else 4


def term_end(start: date, kind: str, extension_years: int = 0) -> date:
    """[DQ-TERM-CALC] The last day of a term begun on `start` (decision 2)."""
    return add_years(start, term_years(kind) + extension_years)


def training_days(kind: str, term_year: int) -> int:
    """[DQ-TRAIN] DQTV 28.1: the days of training in year `term_year` (1, 2, …) of a term."""
    _require_kind(kind)
    if term_year < 1:
        raise ValueError("term_year counts from 1")
    if kind == "standing":
        return 60
    if term_year == 1:
        return 15
    return 12 if kind in _SPECIALIST_KINDS else 7


def training_days_by_year(kind: str, start: date, extension_years: int = 0) -> dict[int, int]:
    """Calendar year → days of training, for each year of the term (decision 4)."""
    years = term_years(kind) + extension_years
    return {start.year + k: training_days(kind, k + 1) for k in range(years)}


def militia_age_limit(sex: str, volunteer: bool = False) -> int:
    """The age a person must not have reached to serve (DQTV 8.1): 46/41, volunteers 51/46."""
    return (MILITIA_VOLUNTEER_AGE_END if volunteer else MILITIA_AGE_END)[sex]


def reserve_age_limit(sex: str) -> int:
    """The age a reservist must not have reached (NVQS 25): 46 for men, 41 for women."""
    return NVQS_AGE_END[sex]


def reserve_group(sex: str, age: int) -> str | None:
    """[RES-GROUP] NVQS 26: "A" (men ≤ 35, women ≤ 30), "B" (to 45 / 40), None beyond."""
    if age >= reserve_age_limit(sex):
        return None
    return "A" if age <= GROUP_A_MAX[sex] else "B"


def combat_unit_age_limit(category: str) -> int | None:
    """[DB-ARRANGE] LLDBĐV 17.2: the oldest age for a combat unit (None: not set by LAW.md)."""
    return COMBAT_UNIT_AGE.get(category)


# --- helpers -------------------------------------------------------------------------------------


def result(outcome: str, grounds: Iterable[str], **kwargs: Any) -> ForcesOutcome:
    return ForcesOutcome(outcome=outcome, grounds=tuple(dict.fromkeys(grounds)), **kwargs)


def join_notes(parts: Iterable[str | None]) -> str | None:
    text = " ".join(p for p in parts if p)
    return text or None


def unfit(health: Any) -> bool:
    return health is not None and health.class_ is not None and health.class_ >= UNFIT


def leap_day_ambiguous(dob: date, day: date) -> bool:
    """LAW.md §7.8: on 28 February of a common year, is a 29 February birthday reached?"""
    return (
        (dob.month, dob.day) == (2, 29)
        and (day.month, day.day) == (2, 28)
        and not calendar.isleap(day.year)
    )


def assess_readings(
    f: Any, assess_one: Callable[[Any], ForcesOutcome], age_grounds: list[str]
) -> ForcesOutcome:
    """`assess_one(f)` where the facts allow one answer (`forces.rules` decisions 9 and 11):
    without `dob`, manual_review naming it (citing `age_grounds`); without `sex`, or born on
    29 February and assessed on 28 February of a common year (§7.8), the facts are assessed under
    each reading, and readings that differ in outcome or grounds give manual_review."""
    if f.dob is None:
        missing = ["dob"] + (["sex"] if f.sex is None else [])
        return result("manual_review", age_grounds, notes=missing_facts_note(missing))
    if f.ref_date is not None and f.dob > f.ref_date:  # a bad row saved before dates were checked
        return result(
            "manual_review",
            age_grounds,
            notes=gettext(
                "The date of birth %(dob)s is after the day assessed (%(ref)s), so there is "
                "no age to assess: correct the date of birth on the person's record."
            )
            % {"dob": f.dob.strftime("%d/%m/%Y"), "ref": f.ref_date.strftime("%d/%m/%Y")},
        )
    if f.sex is None:
        readings = [dataclasses.replace(f, sex=sex) for sex in ("M", "F")]
        answers = [assess_readings(reading, assess_one, age_grounds) for reading in readings]
        note = missing_facts_note(["sex"])
    elif leap_day_ambiguous(f.dob, f.ref_date):
        reached = dataclasses.replace(f, dob=f.dob.replace(day=28))
        answers = [assess_one(f), assess_one(reached)]
        note = gettext(
            "Born on 29 February: whether the birthday falls on 28 February or 1 March in a "
            "common year is unconfirmed (LAW.md §7.8)."
        )
    else:
        return assess_one(f)
    first = answers[0]
    if all((a.outcome, a.grounds) == (first.outcome, first.grounds) for a in answers):
        return first
    return result(
        "manual_review",
        [g for a in answers for g in a.grounds],
        notes=join_notes([note, *(a.notes for a in answers if a.outcome == "manual_review")]),
        also=tuple((a.outcome, a.grounds) for a in answers),
    )
