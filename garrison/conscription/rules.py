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
15. Absent facts (LAW.md §10, issue 14): `sex` and `dob` may be absent. Without `dob` the
    answer is `not_allowed` / `exempt_registration` when those apply (they need no age), else
    `manual_review` naming `dob`. Without `sex` the facts are assessed as a man and as a woman:
    the same outcome and grounds → that answer; different → `manual_review` naming `sex`, each
    reading in `also`. No absent fact is an error.
16. Reserve class and group (NVQS 24–26, issue 14): a registered person within the reserve age
    (18 to the end of 45 / 40) whose facts give a basis gets `reserve_class` and `group` in any
    answer, and the basis in the notes (the grounds stay those of the outcome): completed
    standing-militia service (4.4.a → 24.2.e, 1st class), commune police ≥ 36 months (4.4.b →
    24.2.h), Army service ≥ 6 months under both readings of the hand-over day (24.2.a) or < 6
    under both (24.3.a); a woman with a listed profession (24.3.đ, 2nd class); a man past the
    call-up age who never served (24.3.d); else the `reserve_class` fact (NVQS 24). Group A: men
    to 35, women to 30 (26). Exactly 6 months (§7.7) or police service (§7.6) gives no class
    here: the reserve engine decides them.
17. Women who volunteer (NVQS 6.2, issue 14): serve in peacetime only if the Army needs them;
    the commune People's Committee selects and calls female volunteers (NĐ13 Art 10 as amended
    by NĐ220). A woman volunteer meeting the standards (or with standards pending) is
    `eligible_if_volunteer`, never `eligible`, and the notes say the call-up depends on the
    Army's need.
18. LAW.md §7 points this engine touches: 7.1 (myopia 1.5 D), 7.4 (drop-out and age 27), 7.5
    (master's students), 7.8 (29 February) are assessed under both readings (see
    `assess_service`); 7.7 (the hand-over day) only for the reserve class (decision 16);
    7.3 is decision 7 (LAW.md §2 accepts either label when the health ground is cited); 7.2 is
    not touched (the engine reads the council's class, not the columns); 7.6 is the reserve
    engine's; 7.9–7.11 are militia points; 7.12–7.15 are texts not read, on which no §8 fact
    falls.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from garrison.core.assess import missing_facts_note
from garrison.core.dates import (  # noqa: F401  (re-exported: rules is the module callers import)
    add_months,
    add_years,
    age_on,
    birthday,
    completed_months,
)
from garrison.core.formatting import format_date

from .law_dates import (  # noqa: F401  (re-exported: rules is the module callers import)
    CALL_UP_AGE,
    CALL_UP_END,
    CALL_UP_END_EXTENDED,
    FIRST_REGISTRATION_AGE,
    NVQS_AGE_END,
    REGISTRATION_MONTH,
    _female_registration_year,
    _leap_day_ambiguous,
    call_up_birth_window,
    first_registration_year,
    must_register_in_year,
    registration_refusal,
    split_quota,
)
from .law_facts import (  # noqa: F401  (re-exported: rules is the module callers import)
    COMMUNE_CHAIRMAN,
    PROVINCE_CHAIRMAN,
    PROVINCE_COMMANDER,
    Area,
    CompletedKind,
    CompletedServiceBasis,
    Family,
    Health,
    Legal,
    Outcome,
    PersonFacts,
    ServiceFacts,
    ServiceOutcome,
    Sex,
    SiblingKind,
    SiblingServing,
    Study,
    StudyLevel,
    StudyMode,
    StudyStatus,
)
from .law_grounds import (
    _deferral_outcome,
    _exemption,
    _health_deferral,
    _notes,
    _other_deferrals,
    _Readings,
    _result,
    _study_deferral,
    reserve_placement,
)
from .law_labels import (  # noqa: F401  (re-exported: rules is the module callers import)
    DEFERRAL_LETTERS,
    EXEMPTION_LETTERS,
    GROUND_LABELS,
    OUTCOME_LABELS,
)

# --- the engine ----------------------------------------------------------------------------------

REGISTRATION_OUTCOMES = frozenset(
    {ServiceOutcome.NOT_YET, ServiceOutcome.MUST_REGISTER, ServiceOutcome.NO_DUTY}
)


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
        callable_on = birthday(f.dob, CALL_UP_AGE)
        note = gettext("Callable from %(day)s.") % {"day": format_date(callable_on)}
        return [_result("under_age", ("NVQS 30",), notes=note)]
    if age < end:
        return []
    grounds = ["NVQS 30", "TT148 4.1.b"] if extended else ["NVQS 30"]
    if f.registered and age >= NVQS_AGE_END[f.sex]:
        return [
            _result("over_age", [*grounds, "NVQS 25", "NVQS 19.1"], decided_by=COMMUNE_CHAIRMAN)
        ]
    return [_result("over_age", grounds)]


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
    if f.sex == "F":  # decision 17
        grounds.append("NĐ13 10")
        notes = [*notes, _female_volunteer_note()]
        return _result(
            "eligible_if_volunteer",
            grounds,
            decided_by=COMMUNE_CHAIRMAN,
            notes=_notes([_pending_note(standards), *notes]),
        )
    return _result(
        "eligible_conditional" if conditional else "eligible",
        grounds,
        decided_by=COMMUNE_CHAIRMAN,
        notes=_notes([_pending_note(standards), *notes]),
    )


def _female_volunteer_note() -> str:
    return gettext(
        "A woman volunteer is called up only if the Army needs her (NVQS 6.2); the commune "
        "People's Committee selects and calls female volunteers (NĐ13 Art 10 as amended)."
    )


def _with_reserve(f: ServiceFacts, answer: Outcome) -> Outcome:
    """The answer with the reserve class and group the facts give (decision 16)."""
    completed, _note = _completed(f)
    reserve = reserve_placement(f, completed)
    if reserve is None:
        return answer
    cls, group, grounds = reserve
    note = gettext("In the reserve: %(cls)s, group %(group)s (%(grounds)s).") % {
        "cls": cls,
        "group": group,
        "grounds": ", ".join(grounds),
    }
    return dataclasses.replace(
        answer, reserve_class=cls, group=group, notes=_notes([answer.notes, note])
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
            if f.sex == "F":  # decision 17
                grounds += ["NVQS 6.2", "NĐ13 10"]
                notes = [*notes, _female_volunteer_note()]
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
    answer is `manual_review` with the grounds of every reading and each reading in `also`.
    Absent `sex` or `dob`: decision 15. The reserve class and group: decision 16."""
    if facts.dob is None:
        return _without_dob(facts)
    if facts.dob > facts.ref_date:  # a bad row saved before dates were checked: no age yet
        return _result(
            "manual_review",
            ("NVQS 30",),
            notes=gettext(
                "The date of birth %(dob)s is after the day assessed (%(ref)s), so there is "
                "no age to assess: correct the date of birth on the person's record."
            )
            % {"dob": facts.dob.strftime("%d/%m/%Y"), "ref": facts.ref_date.strftime("%d/%m/%Y")},
        )
    if facts.sex is None:
        return _without_sex(facts)
    return _with_reserve(facts, _assess(facts))


def _without_dob(f: ServiceFacts) -> Outcome:
    """Decision 15: only the outcomes that need no age, else manual_review naming `dob`."""
    missing = ["dob"] + (["sex"] if f.sex is None else [])
    results = [*_not_allowed(f), *_exempt_registration(f)]
    if results:
        main, *rest = results
        return dataclasses.replace(main, also=tuple((r.outcome, r.grounds) for r in rest))
    return _result("manual_review", ("NVQS 30",), notes=missing_facts_note(missing))


def _without_sex(f: ServiceFacts) -> Outcome:
    """Decision 15: assessed as a man and as a woman; manual_review naming `sex` if they differ."""
    man = assess_service(dataclasses.replace(f, sex="M"))
    woman = assess_service(dataclasses.replace(f, sex="F"))
    if (man.outcome, man.grounds) == (woman.outcome, woman.grounds):
        if (man.reserve_class, man.group) == (woman.reserve_class, woman.group):
            return man
        return dataclasses.replace(man, reserve_class=None, group=None)
    return _result(
        "manual_review",
        [*man.grounds, *woman.grounds],
        notes=missing_facts_note(["sex"]),
        also=((man.outcome, man.grounds), (woman.outcome, woman.grounds)),
    )


def _assess(facts: ServiceFacts) -> Outcome:
    """assess_service for facts with `sex` and `dob` (the §7 readings)."""
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
