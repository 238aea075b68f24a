"""The military-service law as code: one person's facts → outcome, with citations (LAW.md §1–§2).

Pure functions: no ORM, no database, no clock (the caller supplies `ref_date`). Citations use
LAW.md's shorthand ("NVQS 41.1.g", "TT148 4.3.a"); `GROUND_LABELS` describes each of them.
`assess_service` follows the evaluation order of LAW.md §8 and returns the first applicable
outcome, with every other applicable result in `Outcome.also`. Where the facts fall exactly on a
point LAW.md §7 marks UNCONFIRMED, the facts are assessed under each reading; if the readings
disagree the answer is `manual_review` listing the conflicting grounds (and each reading in `also`).

Decisions (points LAW.md leaves to us, [C]; the most literal reading, easy to change):

1. Ages [AGE-CALC]: completed years; in a common year a 29 February birthday is reached on
   1 March (`age_on`). On 28 February of a common year a person born on 29 February is assessed
   under both readings (birthday on 28 Feb / 1 Mar); if they disagree → `manual_review` (§7.8).
2. Reference date [AGE-3]: `ref_date` is used for every age and period test (the hand-over day
   for a call-up); registration is year-based [REG-FIRST-2].
3. Women's first registration (NVQS 12.2 "từ đủ 18 tuổi", April per NĐ13 Art 5): due in the
   first April on or after her 18th birthday (she cannot register before she is 18; unlike
   men, the law does not say "turning 18 in the year").
4. Unregistered people: the registration outcome (`not_yet`, `must_register`, `no_duty`) comes
   right after `not_allowed`/`exempt_registration`; the call-up assessment "as if registered"
   follows in `also`. Men must register until the end of age 45, women with a listed profession
   from 18 to the end of 40 (NVQS 12, 25); registered people past that age also get NVQS 19.1.
5. Age-27 extension [AGE-2]: `was_deferred_for_study` (§8: "ever deferred under 41.1.g for
   college/university") carries the college/university condition itself; no flag, no extension.
   A college/university drop-out with the flag is assessed both ways (§7.4).
6. Study [41.1.g]: a study record describes the current or last course; its absent `mode`,
   `status` and `first_course_at_level` mean the ordinary case (regular, studying, first course).
   Deferred: general-school pupils; regular college/university students in their first course at
   that level, until `course_end` (not after it). Not deferred: intermediate (trung cấp),
   in-service, a second course. Regular master's/doctoral students (not volunteering) are assessed
   both ways (§7.5).
7. Health [STD-HEALTH], §2: class 4–6, and class 1–3 barred by TT148 4.3.c (myopia > 1.5 D, any
   hyperopia, BMI < 18.0 or > 29.9), are deferral 41.1.a (re-examined later). Myopia is read as a
   magnitude (sign ignored); exactly 1.5 D is assessed both ways (§7.1). Drug addiction (TT105
   4.1.a), a failed political check (TT148 4.2.a) and too little education are
   `not_meeting_standard`.
8. Education [STD-EDU]: grade ≥ 8 meets TT148 4.4.a; grade 7 only where the grade-7 decision
   exists (`area.grade7_authorised`) and then `eligible_conditional` (taken after grade ≥ 8).
   Difficult communes and ethnic groups < 10,000 (TT148 4.4.b): grade ≥ 6 (lower-secondary)
   meets it, primary (1–5) is `eligible_conditional` (25% cap), grade 0 does not.
9. Unknown standards (no health exam, `political_ok` null, no `education_grade`) give
   `eligible_conditional` naming what is pending; `eligible` needs every standard known and met.
10. Several deferrals: one `deferred` answer citing every letter; `until` is the latest end date
    when every letter has one, else absent. 41.1.d ends nominally 24 months after the sibling's
    hand-over (NVQS 21.1); 41.1.đ three years after resettlement and 41.1.h at the end of the
    standing-militia service (2 years, DQTV 8.2, if no end is given) — periods per BLDS 147–148
    (a period of N months/years ends on the same day N months/years later; 29 Feb → 28 Feb).
    41.1.e becomes exemption 41.2.đ once 24 months are completed.
11. 41.2.b ("một anh hoặc một em trai") applies to men only; "one child" points (41.1.c, 41.2.c)
    need `family.designated_one_child`; 41.1.d covers army and police conscripts only, not
    professional soldiers or officers.
12. Volunteering (NVQS 41.3 ¶2) waives exemptions and deferrals other than 41.1.a; the answer is
    `eligible_if_volunteer` if the standards are met or pending, else the standards outcome.
13. Completed service (NVQS 4.4): standing militia ≥ 24 months (from `standing_militia_since`
    to its end or `ref_date`, or `completed_service_basis`), commune police ≥ 36 months, reserve
    officer, economic-defence corps or fisheries-inspection vessel ≥ 24 months.
14. Citations: TT105 Appendix I section III is written "TT105 App.I.III". `decided_by` gives the
    post in Vietnamese: "Chủ tịch UBND tỉnh" (deferral/exemption, Art 42 as amended), "Chỉ huy
    trưởng Bộ CHQS tỉnh" (completed service, 4.4), "Chủ tịch UBND xã" (registration, removal from
    the list, call-up: Art 16, 19.2, 34 as amended).
"""

from __future__ import annotations

import calendar
import dataclasses
import itertools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from django.utils.translation import gettext, gettext_lazy

K = TypeVar("K", bound=Hashable)

Sex = Literal["M", "F"]
StudyLevel = Literal["general", "university", "college", "intermediate", "master"]
StudyMode = Literal["regular", "in_service"]
StudyStatus = Literal["studying", "graduated", "dropped"]
SiblingKind = Literal["army_conscript", "police_conscript", "professional_soldier", "officer"]
CompletedKind = Literal[
    "standing_militia",
    "commune_police",
    "reserve_officer",
    "economic_defence_corps",
    "fisheries_inspection_vessel",
]

PROVINCE_CHAIRMAN = "Chủ tịch UBND tỉnh"
PROVINCE_COMMANDER = "Chỉ huy trưởng Bộ CHQS tỉnh"
COMMUNE_CHAIRMAN = "Chủ tịch UBND xã"

CALL_UP_AGE = 18  # [AGE-1] NVQS 30: from full 18
CALL_UP_END = 26  # ... to the end of 25
CALL_UP_END_EXTENDED = 28  # [AGE-2] ... to the end of 27
FIRST_REGISTRATION_AGE = {"M": 17, "F": 18}  # [REG-WHO-1] NVQS 12
NVQS_AGE_END = {"M": 46, "F": 41}  # [NVQS-DEF-2] NVQS 25: to the end of 45 / 40
REGISTRATION_MONTH = 4  # [REG-FIRST-1] NVQS 16.2: April


# --- facts (LAW.md §8) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Legal:
    """[REG-NOTALLOWED] NVQS 13.1."""

    prosecuted: bool = False
    serving_or_unexpunged: bool = False
    admin_measure: bool = False
    compulsory_facility: bool = False
    deprived_of_right: bool = False


@dataclass(frozen=True)
class Study:
    """The current or last course (decision 6: absent mode/status/first course = ordinary)."""

    level: StudyLevel
    mode: StudyMode = "regular"
    status: StudyStatus = "studying"
    course_end: date | None = None
    first_course_at_level: bool = True


@dataclass(frozen=True)
class Health:
    """The health-examination council's result [STD-HEALTH]; JSON name of `class_` is "class"."""

    class_: int | None = field(default=None, metadata={"json": "class", "min": 1, "max": 6})
    myopia_d: float | None = None
    hyperopia: bool = False
    bmi: float | None = field(default=None, metadata={"min": 0})
    drug_addicted: bool = False


@dataclass(frozen=True)
class SiblingServing:
    """A brother or sister serving now (NVQS 41.1.d)."""

    kind: SiblingKind
    start: date | None = None


@dataclass(frozen=True)
class Family:
    """Family facts of NVQS 41.1.b–d and 41.2.a–c."""

    parent_martyr: bool = False
    sibling_martyr_designated: bool = False
    parent_war_invalid_class: Literal[1, 2] | None = None
    parent_sick_soldier_pct: int | None = field(default=None, metadata={"min": 0, "max": 100})
    parent_agent_orange_pct: int | None = field(default=None, metadata={"min": 0, "max": 100})
    designated_one_child: bool = False
    sole_labourer_confirmed: bool = False
    family_disaster_confirmed: bool = False
    sibling_serving: SiblingServing | None = None


@dataclass(frozen=True)
class CompletedServiceBasis:
    """NVQS 4.4: service that counts as active service completed."""

    kind: CompletedKind
    months: int = field(default=0, metadata={"min": 0})


@dataclass(frozen=True)
class Area:
    """[STD-EDU] TT148 4.4 area facts."""

    difficult_commune: bool = False
    ethnic_minority_lt_10000: bool = False
    grade7_authorised: bool = False


@dataclass(frozen=True)
class ServiceFacts:
    """One person's facts, LAW.md §8 field names; absent = false / None."""

    sex: Sex
    dob: date
    ref_date: date = field(default_factory=date.today)
    registered: bool = False
    legal: Legal = field(default_factory=Legal)
    registration_exempt_condition: bool = False
    female_qualifying_profession: bool = False
    education_grade: int | None = field(default=None, metadata={"min": 0, "max": 12})
    study: Study | None = None
    was_deferred_for_study: bool = False
    health: Health | None = None
    political_ok: bool | None = None
    family: Family = field(default_factory=Family)
    resettled_since: date | None = None
    posted_difficult_area_since: date | None = None
    cipher_worker_civilian: bool = False
    standing_militia_since: date | None = None
    standing_militia_until: date | None = None
    completed_service_basis: CompletedServiceBasis | None = None
    volunteer: bool = False
    area: Area = field(default_factory=Area)


# --- the answer (LAW.md §10) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """An answer: the first applicable outcome, its citations, and the other applicable results."""

    outcome: str
    grounds: tuple[str, ...]
    letter: str | None = None
    until: date | None = None
    due: str | None = None
    decided_by: str | None = None
    notes: str | None = None
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of LAW.md §10: ISO dates, None fields and an empty `also` omitted."""
        data: dict[str, Any] = {"outcome": self.outcome, "grounds": list(self.grounds)}
        optional = {
            "letter": self.letter,
            "until": self.until.isoformat() if self.until else None,
            "due": self.due,
            "decided_by": self.decided_by,
            "notes": self.notes,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        if self.also:
            data["also"] = [{"outcome": o, "grounds": list(g)} for o, g in self.also]
        return data


# --- dates and ages [AGE-CALC] -------------------------------------------------------------------


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


# --- labels ------------------------------------------------------------------------------------

OUTCOME_LABELS = {
    "not_yet": gettext_lazy("not yet due to register"),
    "must_register": gettext_lazy("must register for military service"),
    "no_duty": gettext_lazy("no duty to register"),
    "not_allowed": gettext_lazy("not allowed to register"),
    "exempt_registration": gettext_lazy("exempt from registration"),
    "under_age": gettext_lazy("under call-up age"),
    "eligible": gettext_lazy("eligible for enlistment"),
    "eligible_conditional": gettext_lazy("eligible for enlistment, subject to conditions"),
    "eligible_if_volunteer": gettext_lazy("may be called if volunteering"),
    "deferred": gettext_lazy("deferred"),
    "exempt": gettext_lazy("exempt from call-up"),
    "not_meeting_standard": gettext_lazy("does not meet the enlistment standards"),
    "not_called_female": gettext_lazy("not called (women serve only as volunteers)"),
    "over_age": gettext_lazy("over call-up age"),
    "completed": gettext_lazy("active service completed"),
    "manual_review": gettext_lazy("needs manual review"),
}

DEFERRAL_LETTERS = (
    ("a", gettext_lazy("not yet healthy enough for active service (health council)")),
    ("b", gettext_lazy("sole labourer supporting relatives, or family seriously harmed")),
    (
        "c",
        gettext_lazy("one child of a sick soldier or Agent Orange victim (61 to 80 per cent loss)"),
    ),
    ("d", gettext_lazy("brother or sister serving as a conscript (army or police)")),
    ("đ", gettext_lazy("resettled to an extremely difficult commune, first 3 years")),
    ("e", gettext_lazy("cadre or civil servant posted to an extremely difficult area")),
    ("g", gettext_lazy("studying (general school, or regular college/university course)")),
    ("h", gettext_lazy("standing militia")),
)

EXEMPTION_LETTERS = (
    ("a", gettext_lazy("child of a martyr or of a 1st-class war invalid")),
    ("b", gettext_lazy("one brother of a martyr")),
    (
        "c",
        gettext_lazy(
            "one child of a 2nd-class war invalid, or of a sick soldier or Agent Orange "
            "victim with a loss of 81 per cent or more"
        ),
    ),
    ("d", gettext_lazy("civilian cipher worker")),
    ("đ", gettext_lazy("cadre or civil servant posted to an extremely difficult area ≥ 24 months")),
)

GROUND_LABELS = {
    "NVQS 4.4.a": gettext_lazy("standing militia for 24 months or more: service completed"),
    "NVQS 4.4.b": gettext_lazy("commune police for 36 months or more: service completed"),
    "NVQS 4.4.c": gettext_lazy("trained and commissioned as a reserve officer: service completed"),
    "NVQS 4.4.d": gettext_lazy("economic-defence corps for 24 months or more: service completed"),
    "NVQS 4.4.đ": gettext_lazy("fisheries-inspection vessel for 24 months or more: completed"),
    "NVQS 6.2": gettext_lazy("women serve in peacetime only as volunteers"),
    "NVQS 7.2": gettext_lazy("women with a profession the Army needs"),
    "NVQS 12.1": gettext_lazy("men register from the year they turn 17"),
    "NVQS 12.2": gettext_lazy("women with a listed profession register from full 18"),
    "NVQS 13.1.a": gettext_lazy("prosecuted, serving a sentence, or record not expunged"),
    "NVQS 13.1.b": gettext_lazy("under an education measure or in a compulsory facility"),
    "NVQS 13.1.c": gettext_lazy("deprived of the right to serve in the armed forces"),
    "NVQS 14": gettext_lazy("exempt from registration: disability or serious illness"),
    "TT105 App.I.III": gettext_lazy("diseases exempt from registration (TT105 list)"),
    "NVQS 16.2": gettext_lazy("first registration is called in April"),
    "NVQS 19.1": gettext_lazy("removed from the registration list"),
    "NVQS 25": gettext_lazy("military-service age ends at 45 (men) / 40 (women)"),
    "NVQS 30": gettext_lazy("call-up age: from full 18 to the end of 25"),
    "TT148 4.1.b": gettext_lazy("call-up age to the end of 27 after a study deferral"),
    "NVQS 31.1": gettext_lazy("enlistment standards"),
    "NVQS 31.1.a": gettext_lazy("clear background (political standard)"),
    "NVQS 31.1.c": gettext_lazy("health fit for active service"),
    "NVQS 31.1.d": gettext_lazy("suitable education level"),
    "TT148 4.2.a": gettext_lazy("political standard (background check)"),
    "TT148 4.3.a": gettext_lazy("health class 1, 2 or 3"),
    "TT148 4.3.c": gettext_lazy("not called: myopia over 1.5 D, hyperopia, BMI < 18 or > 29.9"),
    "TT105 4.1.a": gettext_lazy("health class 1–3; no call-up of drug addicts"),
    "TT148 4.4.a": gettext_lazy("education grade 8 or above (grade 7 by decision)"),
    "TT148 4.4.b": gettext_lazy("difficult areas: at most 25% with primary education"),
    "NVQS 41.3": gettext_lazy("a deferred or exempt citizen who volunteers may be called"),
    **{f"NVQS 41.1.{letter}": label for letter, label in DEFERRAL_LETTERS},
    **{f"NVQS 41.2.{letter}": label for letter, label in EXEMPTION_LETTERS},
}


# --- the engine ----------------------------------------------------------------------------------

REGISTRATION_OUTCOMES = frozenset({"not_yet", "must_register", "no_duty"})


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


def _not_allowed(f: ServiceFacts) -> list[Outcome]:
    """[REG-NOTALLOWED] NVQS 13.1; registered people are removed from the list (19.1)."""
    legal = f.legal
    grounds = [
        ground
        for ground, applies in (
            ("NVQS 13.1.a", legal.prosecuted or legal.serving_or_unexpunged),
            ("NVQS 13.1.b", legal.admin_measure or legal.compulsory_facility),
            ("NVQS 13.1.c", legal.deprived_of_right),
        )
        if applies
    ]
    if not grounds:
        return []
    note = gettext("Registers when the measure ends (NVQS 13.2).")
    if f.registered:
        return [
            _result("not_allowed", [*grounds, "NVQS 19.1"], notes=note, decided_by=COMMUNE_CHAIRMAN)
        ]
    return [_result("not_allowed", grounds, notes=note)]


def _exempt_registration(f: ServiceFacts) -> list[Outcome]:
    """[REG-EXEMPT] NVQS 14, TT105 Appendix I section III."""
    if not f.registration_exempt_condition:
        return []
    grounds = ["NVQS 14", "TT105 App.I.III"]
    if f.registered:
        return [
            _result("exempt_registration", [*grounds, "NVQS 19.1"], decided_by=COMMUNE_CHAIRMAN)
        ]
    return [_result("exempt_registration", grounds)]


def _registration(f: ServiceFacts, age: int) -> list[Outcome]:
    """[REG-WHO-1], [REG-FIRST-1], [REG-FIRST-2] and decision 3, for people not registered."""
    if f.sex == "M":
        year, grounds = first_registration_year(f.dob), ("NVQS 12.1", "NVQS 16.2")
        if age >= NVQS_AGE_END["M"]:
            return [_result("no_duty", ("NVQS 12.1", "NVQS 25"))]
    else:
        if not f.female_qualifying_profession:
            return [_result("no_duty", ("NVQS 7.2", "NVQS 12.2"))]
        if age >= NVQS_AGE_END["F"]:
            return [_result("no_duty", ("NVQS 12.2", "NVQS 25"))]
        year, grounds = _female_registration_year(f.dob), ("NVQS 12.2", "NVQS 7.2", "NVQS 16.2")
    due = f"{year:04d}-{REGISTRATION_MONTH:02d}"
    if f.ref_date.year < year:
        return [_result("not_yet", grounds, due=due, decided_by=COMMUNE_CHAIRMAN)]
    note = None
    if f.ref_date > date(year, REGISTRATION_MONTH, 30):
        note = gettext(
            "Registration was due in April %(year)s and is overdue (sanctions: NĐ218 Art 8)."
        ) % {"year": year}
    return [_result("must_register", grounds, due=due, decided_by=COMMUNE_CHAIRMAN, notes=note)]


_COMPLETED_BASIS = {  # NVQS 4.4: kind → (point, minimum months)
    "standing_militia": ("NVQS 4.4.a", 24),
    "commune_police": ("NVQS 4.4.b", 36),
    "reserve_officer": ("NVQS 4.4.c", 0),
    "economic_defence_corps": ("NVQS 4.4.d", 24),
    "fisheries_inspection_vessel": ("NVQS 4.4.đ", 24),
}


def _militia_served_months(f: ServiceFacts) -> int:
    since = f.standing_militia_since
    if since is None or since > f.ref_date:
        return 0
    end = min(f.standing_militia_until or f.ref_date, f.ref_date)
    return completed_months(since, end) if end >= since else 0


def _completed(f: ServiceFacts) -> tuple[list[Outcome], str | None]:
    """[NVQS 4.4] (decision 13); decided by the provincial Military Commander (Art 42).
    Also a note when a basis falls short of its minimum."""
    grounds, note = [], None
    basis = f.completed_service_basis
    if basis is not None:
        point, minimum = _COMPLETED_BASIS[basis.kind]
        if basis.months >= minimum:
            grounds.append(point)
        else:
            note = gettext("%(point)s needs %(minimum)s months; %(months)s served.") % {
                "point": point,
                "minimum": minimum,
                "months": basis.months,
            }
    if _militia_served_months(f) >= 24:
        grounds.append("NVQS 4.4.a")
    if not grounds:
        return [], note
    return [_result("completed", grounds, decided_by=PROVINCE_COMMANDER, notes=note)], None


def _extended(f: ServiceFacts, readings: _Readings) -> bool:
    """[AGE-2] decision 5."""
    if not f.was_deferred_for_study:
        return False
    return not _dropout(f) or readings.dropout_extended


def _dropout(f: ServiceFacts) -> bool:
    study = f.study
    return bool(
        f.was_deferred_for_study
        and study is not None
        and study.level in ("college", "university")
        and study.status == "dropped"
    )


def _age_limits(f: ServiceFacts, age: int, extended: bool) -> list[Outcome]:
    """[AGE-1], [AGE-2]: NVQS 30, TT148 4.1.b."""
    end = CALL_UP_END_EXTENDED if extended else CALL_UP_END
    if age < CALL_UP_AGE:
        note = gettext("Callable from %(day)s.") % {"day": birthday(f.dob, CALL_UP_AGE).isoformat()}
        return [_result("under_age", ("NVQS 30",), notes=note)]
    if age < end:
        return []
    grounds = ["NVQS 30", "TT148 4.1.b"] if extended else ["NVQS 30"]
    if f.registered and age >= NVQS_AGE_END[f.sex]:
        return [
            _result("over_age", [*grounds, "NVQS 25", "NVQS 19.1"], decided_by=COMMUNE_CHAIRMAN)
        ]
    return [_result("over_age", grounds)]


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
        return None, note % {"day": study.course_end.isoformat()}
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
        ) % {"day": until.isoformat()}
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
            "day": add_months(posted, 24).isoformat()
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


def _education(f: ServiceFacts) -> tuple[list[str], list[str], str | None]:
    """[STD-EDU] decision 8: (failing grounds, conditional grounds, pending note)."""
    grade = f.education_grade
    if grade is None:
        return [], [], gettext("education level")
    if f.area.difficult_commune or f.area.ethnic_minority_lt_10000:
        if grade >= 6:
            return [], [], None
        if grade >= 1:
            return [], ["TT148 4.4.b"], None
        return ["NVQS 31.1.d", "TT148 4.4.b"], [], None
    if grade >= 8:
        return [], [], None
    if grade == 7 and f.area.grade7_authorised:
        return [], ["TT148 4.4.a"], None
    return ["NVQS 31.1.d", "TT148 4.4.a"], [], None


@dataclass(frozen=True)
class _Standards:
    failure: Outcome | None
    conditional: tuple[str, ...]
    pending: tuple[str, ...]


def _standards(f: ServiceFacts) -> _Standards:
    """[STD-LAW] NVQS 31.1, [STD-POL], TT105 4.1.a and [STD-EDU] other than 41.1.a."""
    failing: list[str] = []
    pending: list[str] = []
    if f.health is None or f.health.class_ is None:
        pending.append(gettext("health examination"))
    if f.health is not None and f.health.drug_addicted:
        failing += ["NVQS 31.1.c", "TT105 4.1.a"]
    if f.political_ok is False:
        failing += ["NVQS 31.1.a", "TT148 4.2.a"]
    elif f.political_ok is None:
        pending.append(gettext("political check"))
    edu_failing, conditional, edu_pending = _education(f)
    failing += edu_failing
    if edu_pending:
        pending.append(edu_pending)
    failure = _result("not_meeting_standard", failing) if failing else None
    return _Standards(failure, tuple(conditional), tuple(pending))


def _pending_note(standards: _Standards) -> str | None:
    if not standards.pending:
        return None
    return gettext("Pending: %(items)s.") % {"items": ", ".join(standards.pending)}


def _eligibility(f: ServiceFacts, age: int, standards: _Standards, notes: list[str]) -> Outcome:
    """Step 9: `eligible`, or `eligible_conditional` (decisions 8, 9)."""
    grounds = ["NVQS 30", "NVQS 31.1"]
    if age >= CALL_UP_END:
        grounds.append("TT148 4.1.b")
    if f.sex == "F":
        grounds.append("NVQS 6.2")
    grounds += standards.conditional
    conditional = bool(standards.conditional or standards.pending)
    if "TT148 4.4.b" in standards.conditional:
        notes = [*notes, gettext("Primary education: within the 25% cap of TT148 4.4.b.")]
    if "TT148 4.4.a" in standards.conditional:
        notes = [*notes, gettext("Grade 7: taken only after citizens of grade 8 or above.")]
    return _result(
        "eligible_conditional" if conditional else "eligible",
        grounds,
        decided_by=COMMUNE_CHAIRMAN,
        notes=_notes([_pending_note(standards), *notes]),
    )


def _evaluate(f: ServiceFacts, readings: _Readings) -> Outcome:
    """One reading of the law: every applicable result in LAW.md §8 order."""
    day = f.ref_date + timedelta(days=1) if readings.leap_birthday_feb28 else f.ref_date
    age = age_on(f.dob, day)
    results = [*_not_allowed(f), *_exempt_registration(f)]
    if not f.registered:
        results += _registration(f, age)
    completed, completed_note = _completed(f)
    results += completed
    results += _age_limits(f, age, _extended(f, readings))
    if f.sex == "F" and not f.volunteer:
        results.append(_result("not_called_female", ("NVQS 6.2",)))
    blocked = any(r.outcome not in REGISTRATION_OUTCOMES for r in results)

    exemption = _exemption(f)
    study, study_note = _study_deferral(f, readings)
    waivable = [*_other_deferrals(f), *([study] if study else [])]
    waivable.sort(key=lambda d: [x for x, _ in DEFERRAL_LETTERS].index(d.letter))
    health = _health_deferral(f, readings)
    standards = _standards(f)
    notes = [n for n in (completed_note, study_note) if n]

    waived = [r for r in (exemption, _deferral_outcome(waivable)) if r is not None]
    if f.volunteer and waived and not blocked:
        if health or standards.failure:
            hard = [_deferral_outcome([health] if health else []), standards.failure]
            results += [r for r in hard if r is not None] + waived
        else:
            grounds = ["NVQS 41.3", *(g for r in waived for g in r.grounds)]
            note = _notes([_pending_note(standards), *notes])
            volunteer = _result(
                "eligible_if_volunteer",
                grounds,
                letter=waived[0].letter,
                decided_by=COMMUNE_CHAIRMAN,
                notes=note,
            )
            results += [volunteer, *waived]
    else:
        deferred = _deferral_outcome(([health] if health else []) + waivable)
        found = [r for r in (exemption, deferred, standards.failure) if r is not None]
        results += found
        if not blocked and not found:
            results.append(_eligibility(f, age, standards, notes))
    main, *rest = results
    return dataclasses.replace(main, also=tuple((r.outcome, r.grounds) for r in rest))


# --- UNCONFIRMED points (LAW.md §7) ------------------------------------------------------------

_POINTS: dict[str, tuple[Callable[[ServiceFacts], bool], Any]] = {
    "myopia_1_5_barred": (
        lambda f: (
            f.health is not None and f.health.myopia_d is not None and abs(f.health.myopia_d) == 1.5
        ),
        gettext_lazy(
            "Myopia of exactly 1.5 D: TT148 4.3.c as amended says both “more than” and “or "
            "more” (LAW.md §7.1)."
        ),
    ),
    "dropout_extended": (
        _dropout,
        gettext_lazy(
            "Deferred for college/university but dropped out: whether the call-up age runs to "
            "the end of 27 is unconfirmed (LAW.md §7.4)."
        ),
    ),
    "master_deferred": (
        lambda f: (
            f.study is not None
            and f.study.level == "master"
            and f.study.status == "studying"
            and f.study.mode == "regular"
            and not f.volunteer
        ),
        gettext_lazy(
            "Master's or doctoral student: not named in NVQS 41.1.g; whether deferred is "
            "unconfirmed (LAW.md §7.5)."
        ),
    ),
    "leap_birthday_feb28": (
        lambda f: _leap_day_ambiguous(f.dob, f.ref_date),
        gettext_lazy(
            "Born on 29 February: whether the birthday falls on 28 February or 1 March in a "
            "common year is unconfirmed (LAW.md §7.8)."
        ),
    ),
}


def assess_service(facts: ServiceFacts) -> Outcome:
    """Assess one person (LAW.md §1–§2, evaluation order of §8, answer of §10).

    The first applicable outcome is the answer; the others are in `also`. If the facts touch
    UNCONFIRMED points (§7.1, 7.4, 7.5, 7.8) and the readings give different outcomes, the
    answer is `manual_review` with the grounds of every reading and each reading in `also`."""
    touched = [name for name, (applies, _note) in _POINTS.items() if applies(facts)]
    base = _evaluate(facts, _Readings())
    if not touched:
        return base
    answers: dict[tuple[bool, ...], Outcome] = {}
    for combo in itertools.product((False, True), repeat=len(touched)):
        readings = dataclasses.replace(_Readings(), **dict(zip(touched, combo, strict=True)))
        answers[combo] = _evaluate(facts, readings)
    distinct: list[Outcome] = []
    for answer in answers.values():
        if all(answer.outcome != d.outcome for d in distinct):
            distinct.append(answer)
    if len(distinct) == 1:  # the point does not change the outcome
        return base
    mattering = [
        name
        for i, name in enumerate(touched)
        if any(answers[c].outcome != answers[_flip(c, i)].outcome for c in answers)
    ]
    return _result(
        "manual_review",
        [g for d in distinct for g in d.grounds],
        notes=_notes(str(_POINTS[name][1]) for name in mattering),
        also=tuple((d.outcome, d.grounds) for d in distinct),
    )


def _flip(combo: tuple[bool, ...], index: int) -> tuple[bool, ...]:
    return (*combo[:index], not combo[index], *combo[index + 1 :])
