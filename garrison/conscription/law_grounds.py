"""The grounds that keep a person from the call-up for now or for good — exemption (NVQS 41.2
a–đ) and deferral (NVQS 41.1 a–h) — as pure functions of one person's facts, with the engine's
small shared pieces (the readings of the UNCONFIRMED points, the result builder). Part of the
engine of `rules.py`, whose docstring lists the decisions taken (6, 7, 10, 11 and 12 here);
callers import `rules`, not this module."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext

from garrison.core.dates import add_months, add_years, age_on, completed_months
from garrison.core.formatting import format_date

from .law_dates import CALL_UP_AGE, CALL_UP_END, CALL_UP_END_EXTENDED, NVQS_AGE_END
from .law_facts import PROVINCE_CHAIRMAN, Outcome, ServiceFacts


@dataclass(frozen=True)
class _Readings:
    """One reading of each UNCONFIRMED point of LAW.md §7 that a person's facts can touch."""

    myopia_1_5_barred: bool = True  # §7.1: the old text "1,5 điop trở lên"
    dropout_extended: bool = True  # §7.4: "được đào tạo" does not say "graduated"
    master_deferred: bool = False  # §7.5: not named in 41.1.g
    leap_birthday_feb28: bool = False  # §7.8: birthday reached on 1 March


@dataclass(frozen=True)
class _Deferral:
    letter: str
    grounds: tuple[str, ...]
    until: date | None = None
    note: str | None = None


def _result(outcome: str, grounds: Iterable[str], **kwargs: Any) -> Outcome:
    return Outcome(outcome=outcome, grounds=tuple(dict.fromkeys(grounds)), **kwargs)


def _notes(parts: Iterable[str | None]) -> str | None:
    text = " ".join(p for p in parts if p)
    return text or None


def _exemption(f: ServiceFacts) -> Outcome | None:
    """[NVQS 41.2] a–đ (decision 11)."""
    fam = f.family
    posted = f.posted_difficult_area_since
    letters = [
        letter
        for letter, applies in (
            ("a", fam.parent_martyr or fam.parent_war_invalid_class == 1),
            ("b", fam.sibling_martyr_designated and f.sex == "M"),
            (
                "c",
                fam.designated_one_child
                and (
                    fam.parent_war_invalid_class == 2
                    or (fam.parent_sick_soldier_pct or 0) >= 81
                    or (fam.parent_agent_orange_pct or 0) >= 81
                ),
            ),
            ("d", f.cipher_worker_civilian),
            (
                "đ",
                posted is not None
                and posted <= f.ref_date
                and completed_months(posted, f.ref_date) >= 24,
            ),
        )
        if applies
    ]
    if not letters:
        return None
    return _result(
        "exempt",
        [f"NVQS 41.2.{x}" for x in letters],
        letter=letters[0],
        decided_by=PROVINCE_CHAIRMAN,
    )


def _study_deferral(f: ServiceFacts, readings: _Readings) -> tuple[_Deferral | None, str | None]:
    """[41.1.g] decision 6: (deferral, note on why a course does not defer)."""
    study = f.study
    if study is None or study.status != "studying":
        return None, None
    if study.course_end is not None and study.course_end < f.ref_date:
        note = gettext("The course ended on %(day)s; no study deferral.")
        return None, note % {"day": format_date(study.course_end)}
    regular_first = study.mode == "regular" and study.first_course_at_level
    deferred = study.level == "general" or (
        regular_first and study.level in ("college", "university")
    )
    if study.level == "master" and study.mode == "regular":
        deferred = readings.master_deferred
    if deferred:
        return _Deferral("g", ("NVQS 41.1.g",), study.course_end), None
    return None, gettext(
        "Intermediate, in-service and second courses are not deferred under NVQS 41.1.g."
    )


def _sibling_deferral(f: ServiceFacts) -> _Deferral | None:
    """[41.1.d] conscripts only; nominal end 24 months after hand-over (NVQS 21.1)."""
    sibling = f.family.sibling_serving
    if sibling is None or sibling.kind not in ("army_conscript", "police_conscript"):
        return None
    until = add_months(sibling.start, 24) if sibling.start else None
    note = None
    if until is not None and until < f.ref_date:
        note = gettext(
            "The sibling's nominal 24 months ended on %(day)s: check that he or she still serves."
        ) % {"day": format_date(until)}
    return _Deferral("d", ("NVQS 41.1.d",), until, note)


def _other_deferrals(f: ServiceFacts) -> list[_Deferral]:
    """[41.1] b, c, d, đ, e, h (decisions 10, 11)."""
    fam, found = f.family, []
    if fam.sole_labourer_confirmed or fam.family_disaster_confirmed:
        found.append(_Deferral("b", ("NVQS 41.1.b",)))
    if fam.designated_one_child and any(
        61 <= (pct or 0) <= 80 for pct in (fam.parent_sick_soldier_pct, fam.parent_agent_orange_pct)
    ):
        found.append(_Deferral("c", ("NVQS 41.1.c",)))
    sibling = _sibling_deferral(f)
    if sibling is not None:
        found.append(sibling)
    if f.resettled_since and f.resettled_since <= f.ref_date:
        resettled_end = add_years(f.resettled_since, 3)
        if f.ref_date <= resettled_end:
            found.append(_Deferral("đ", ("NVQS 41.1.đ",), resettled_end))
    posted = f.posted_difficult_area_since
    if posted and posted <= f.ref_date and completed_months(posted, f.ref_date) < 24:
        note = gettext("Becomes exemption NVQS 41.2.đ on %(day)s if still posted.") % {
            "day": format_date(add_months(posted, 24))
        }
        found.append(_Deferral("e", ("NVQS 41.1.e",), None, note))
    since, until = f.standing_militia_since, f.standing_militia_until
    if since and since <= f.ref_date and (until is None or f.ref_date <= until):
        found.append(_Deferral("h", ("NVQS 41.1.h",), until or add_years(since, 2)))
    return found


def _health_deferral(f: ServiceFacts, readings: _Readings) -> _Deferral | None:
    """[STD-HEALTH], §2 class 4–6 and TT148 4.3.c bars → 41.1.a (decision 7)."""
    health = f.health
    if health is None:
        return None
    grounds = []
    if health.class_ is not None and health.class_ >= 4:
        grounds += ["TT148 4.3.a", "TT105 4.1.a"]
    myopia = abs(health.myopia_d) if health.myopia_d is not None else 0.0
    barred = (
        myopia > 1.5
        or (myopia == 1.5 and readings.myopia_1_5_barred)
        or health.hyperopia
        or (health.bmi is not None and (health.bmi < 18.0 or health.bmi > 29.9))
    )
    if barred:
        grounds.append("TT148 4.3.c")
    if not grounds:
        return None
    note = gettext("Re-examined at a later health examination (1 November–31 December).")
    return _Deferral("a", ("NVQS 41.1.a", *grounds), None, note)


def _deferral_outcome(deferrals: list[_Deferral]) -> Outcome | None:
    """Decision 10: one answer citing every letter, ending when the last reason ends."""
    if not deferrals:
        return None
    ends = [d.until for d in deferrals]
    until = max(e for e in ends if e is not None) if all(ends) else None  # type: ignore[type-var]
    return _result(
        "deferred",
        [g for d in deferrals for g in d.grounds],
        letter=deferrals[0].letter,
        until=until,
        decided_by=PROVINCE_CHAIRMAN,
        notes=_notes(d.note for d in deferrals),
    )


# --- the reserve (NVQS 24–26) ----------------------------------------------------------------
GROUP_A_MAX = {"M": 35, "F": 30}  # NVQS 26


def reserve_placement(
    f: ServiceFacts, completed: list[Outcome]
) -> tuple[str, str, list[str]] | None:
    """[NVQS 24–26] decision 16: (class, group, grounds) of a registered person within the
    reserve age whose facts give a basis; None otherwise."""
    if f.sex is None or f.dob is None or not f.registered:
        return None
    age = age_on(f.dob, f.ref_date)
    if age < CALL_UP_AGE or age >= NVQS_AGE_END[f.sex]:
        return None
    done = {g for r in completed for g in r.grounds}
    bases: list[tuple[str, str]] = []
    if "NVQS 4.4.a" in done:
        bases.append(("hang_1", "NVQS 24.2.e"))
    if "NVQS 4.4.b" in done:
        bases.append(("hang_1", "NVQS 24.2.h"))
    service = f.active_service
    if service is not None and service.kind == "army":
        months = army_months(service)
        if months is not None and min(months) >= 6 and months != (6, 6):
            bases.append(("hang_1", "NVQS 24.2.a"))
        elif months is not None and max(months) < 6 and f.sex == "M":
            bases.append(("hang_2", "NVQS 24.3.a"))
    if f.sex == "F" and f.female_qualifying_profession:
        bases.append(("hang_2", "NVQS 24.3.đ"))
    end = CALL_UP_END_EXTENDED if f.was_deferred_for_study else CALL_UP_END
    if f.sex == "M" and not done and service is None and age >= end:
        bases.append(("hang_2", "NVQS 24.3.d"))
    if not bases and f.reserve_class:
        bases.append((f.reserve_class, "NVQS 24"))
    if not bases:
        return None
    cls = "hang_1" if any(c == "hang_1" for c, _g in bases) else "hang_2"
    grounds = [g for c, g in bases if c == cls] + ["NVQS 25", "NVQS 26"]
    return cls, "A" if age <= GROUP_A_MAX[f.sex] else "B", grounds


def army_months(service: Any) -> tuple[int, int] | None:
    """Completed months of Army service, counting the hand-over day and not (LAW.md §7.7)."""
    if service.months is not None:
        return service.months, service.months
    if service.from_ is None or service.to is None:
        return None
    counted = completed_months(service.from_ - timedelta(days=1), service.to)
    return counted, completed_months(service.from_, service.to)
