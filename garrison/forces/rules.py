"""The militia and reserve law as code: facts → outcome, with citations (LAW.md §3, §1.10, §4).

Pure functions: no ORM, no database, no clock (the caller supplies `ref_date`). Citations use
LAW.md's shorthand ("DQTV 8.2", "NVQS 24.2.a", "LLDBĐV 17.2"); `FORCES_GROUND_LABELS`
describes each of them. All applicable grounds are returned; the first outcome in the order
below is the answer and the others go to `also`.

Militia (`assess_militia`, here), in this order:
1. age (DQTV 8.1): under 18 or past the end of 45 (men) / 40 (women) → `refused_age`, unless a
   volunteer within the end of 50 / 45;
2. an extension (`extension_years` > 0, DQTV 8.2): ≤ 2 years, or longer for maritime militia,
   self-defence and unit commanders, while the extended term ends within the age limit →
   `extension_allowed`, else `extension_refused`;
3. exemptions (DQTV 11.2) → `exempt` with its `letter`; 4. deferrals (DQTV 11.1) → `deferred`
   with `letter` and, for a young child, `until` the child's 36-month day; volunteers under
   11.1.c–g and 11.2.a, b, d may be selected (11.3) → `allowed_voluntary`;
5. the term (DQTV 8.2) and the training days of each year (DQTV 28.1) → `allowed_obligation`
   (or `allowed_voluntary` for a volunteer past the obligation age).

The numbers of the law live in `law_numbers.py` and the reserve engine in `law_reserve.py`;
this module re-exports both, so callers import `forces.rules` only.

Decisions (points LAW.md leaves to us, [C]; the most literal reading, easy to change):

1. Ages: completed years on `ref_date` (conscription's `age_on`); "to the end of 45" means
   before the 46th birthday.
2. Term end [DQ-TERM-CALC]: BLDS 147.3/148.4 — the same day and month `term_years` (plus the
   extension) later; 29 February → 28 February. No shift for weekends or holidays (BLDS 148.5
   is UNCONFIRMED for service terms): the answer's `notes` says so.
3. The age cap during a term (LAW.md §7.9): an obligation's base term, or an extension of ≤ 2
   years, that runs past the age limit is `manual_review` citing DQTV 8.1 and 8.2 (8.2 caps only
   the longer extensions explicitly): whether the citizen is obliged for the years past the limit
   is the unconfirmed point; a longer extension past the limit is refused. A volunteer within
   the volunteer ages (DQTV 8.1: men to the end of 50, women to the end of 45; LAW.md §5, settled
   law) is `allowed_voluntary` even when the term would run past that age (issue 14): nothing is
   imposed on a volunteer, and the note names the §7.9 point and the day the volunteer age ends.
4. Training days by calendar year: term year k (k = 1, 2, …) begins in the calendar year
   `start.year + k - 1`; `training_days` maps that year to DQTV 28.1's days for term year k.
5. Health class 4–6 is "not fit" (11.1.b). A young child (11.1.a) defers a woman, or a man who
   raises the child alone, until the day the child is 36 months old. 11.1.g needs the loss of
   61–80 per cent; ≥ 81 per cent is exemption 11.2.b.
6. Reserve class (NVQS 24): computed from the facts when they give a basis; else the class the
   register gives. Police service of 12 to < 20 months (§7.6) and active service of exactly
   6 months (§7.7, given as months, or dates that are 6 months under one reading of the
   hand-over day and not the other) are `manual_review`. A man of call-up age who never served
   is not a reservist yet (he is in the call-up pool, NVQS 30) → `out_of_reserve_age` with a
   note. Reserve officers' ages and classes come from the Law on Officers, which LAW.md does not
   encode → `manual_review`.
7. Units (LLDBĐV 17.2): combat units take reserve NCOs and soldiers up to 35 and professional
   soldiers up to 40; support units men to 45 and women to 40. A reservist with health class
   4–6 fits neither (LLDBĐV 16, "fit in health") and may be discharged (NVQS 29).
8. LAW.md §8's facts (issue 14): the militia engine reads §8's names as well as its own (which
   §8 does not give): `study` with status "studying" is 11.1.h (like the older `studying`);
   `family.parent_martyr` is 11.2.a; `family.parent_war_invalid_class` 1 is ≥ 81 per cent
   (11.2.b) and 2 is 61–80 per cent (11.1.g), as are `family.parent_sick_soldier_pct` and
   `family.parent_agent_orange_pct` by their value. The reserve engine reads §8's
   `completed_service_basis` (commune police ≥ 36 months → 24.2.h; standing militia ≥ 24
   months → 24.2.e) and `standing_militia_since`/`until` (≥ 24 months → 24.2.e) besides
   `active_service`, `militia` and `reserve_class`. §8's other facts are accepted and ignored
   when an answer does not need them.
9. Absent facts (LAW.md §10, issue 14): without `dob` both engines answer `manual_review` naming
   it (every militia and reserve answer depends on the age); without `sex` the facts are
   assessed as a man and as a woman: the same outcome and grounds → that answer, else
   `manual_review` naming `sex` with each reading in `also`.
10. Militia registration "công dân đủ 18 tuổi" in April (DQTV 9.1.a, LAW.md §7.10): a citizen
    assessed in April with no term `start` (the registration question, not an admission to a
    term), under 18 on `ref_date` and turning 18 later that year, is `manual_review` citing
    DQTV 8.1 and 9.1.a, with both readings in `also` (`refused_age`: already 18;
    `allowed_obligation` under 9.1.a: turning 18 in the year). Other minors are `refused_age`
    (serving starts at full 18 under either reading).
11. The LAW.md §7 points the forces engines touch: 7.6 and 7.7 (reserve, decision 6), 7.8 (29
    February: `age_on` reaches the birthday on 1 March; on 28 February of a common year the
    facts are assessed both ways and differing answers are `manual_review`), 7.9 (decisions 2,
    3), 7.10 (decision 10). 7.11 (unit sizes) and 7.12 (reserve registration deadlines) are not
    decided by an assess answer; 7.1–7.5 and 7.13–7.15 concern the other laws.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext, gettext_noop

from garrison.core.dates import (
    add_months,
    age_on,
    birthday,
)

from .law_facts import (  # noqa: F401  (re-exported: rules is the module callers import)
    COMMUNE_CHAIRMAN,
    REGIONAL_COMMANDER,
    ActiveService,
    ForcesOutcome,
    MilitiaFacts,
    MilitiaFamily,
    MilitiaOutcome,
    MilitiaRecord,
    ReserveFacts,
    ReserveOutcome,
)
from .law_labels import (  # noqa: F401  (re-exported)
    FORCES_GROUND_LABELS,
    MILITIA_OUTCOMES,
    RESERVE_OUTCOMES,
)
from .law_numbers import (  # noqa: F401  (re-exported: rules is the module callers import)
    CHILD_MONTHS,
    COMBAT_UNIT_AGE,
    EXTENSION_LIMIT,
    GROUP_A_MAX,
    MILITIA_AGE,
    MILITIA_KINDS,
    assess_readings,
    combat_unit_age_limit,
    join_notes,
    militia_age_limit,
    reserve_age_limit,
    reserve_group,
    result,
    term_end,
    term_years,
    training_days,
    training_days_by_year,
    unfit,
)
from .law_reserve import assess_reserve  # noqa: F401  (re-exported)


def _answer(results: list[ForcesOutcome]) -> ForcesOutcome:
    first, rest = results[0], results[1:]
    if not rest:
        return first
    also = tuple((r.outcome, r.grounds) for r in rest)
    return ForcesOutcome(**{**first.__dict__, "also": also})


def _date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# --- militia -------------------------------------------------------------------------------------


_WAR_INVALID_CLASS_PCT = {1: 81, 2: 61}  # decision 8: class 1 ≥ 81 %, class 2 61–80 %


def _invalid_pct(f: MilitiaFacts) -> int | None:
    """The highest loss of working capacity of a spouse or parent that the facts give
    (decision 8): the militia name and §8's names."""
    fam = f.family
    found = [
        fam.spouse_or_parent_invalid_pct,
        _WAR_INVALID_CLASS_PCT.get(fam.parent_war_invalid_class or 0),
        fam.parent_sick_soldier_pct,
        fam.parent_agent_orange_pct,
    ]
    known = [pct for pct in found if pct is not None]
    return max(known) if known else None


def _studying(f: MilitiaFacts) -> bool:
    """DQTV 11.1.h (decision 8): §8's `study` with status "studying", or the older `studying`."""
    return f.studying or (f.study is not None and f.study.status == "studying")


def _exemptions(f: MilitiaFacts) -> list[tuple[str, bool]]:
    """[DQ-EXEMPT] DQTV 11.2 → (letter, may a volunteer still serve (11.3))."""
    fam = f.family
    pct = _invalid_pct(f)
    found = [
        ("a", fam.spouse_or_parent_martyr or fam.parent_martyr, True),
        ("b", pct is not None and pct >= 81, True),
        ("c", f.reservist_assigned_to_unit, False),
        ("d", fam.cares_for_heroic_mother or fam.cares_for_81pct_person, True),
        ("đ", f.cipher_worker_civilian, False),
    ]
    return [(letter, waivable) for letter, applies, waivable in found if applies]


def _child_until(f: MilitiaFacts) -> date | None:
    if f.youngest_child_dob is None:
        return None
    until = add_months(f.youngest_child_dob, CHILD_MONTHS)
    if until <= f.ref_date:
        return None
    if f.sex == "F" or f.raising_child_alone:
        return until
    return None


def _deferrals(f: MilitiaFacts) -> list[tuple[str, bool, date | None]]:
    """[DQ-DEFER] DQTV 11.1 → (letter, may a volunteer still serve, until)."""
    fam = f.family
    pct = _invalid_pct(f)
    child_until = _child_until(f)
    found = [
        ("a", f.pregnant or child_until is not None, False, child_until),
        ("b", unfit(f.health), False, None),
        ("c", f.spouse_serving == "army", True, None),
        ("d", f.spouse_serving == "police", True, None),
        ("đ", f.spouse_serving == "difficult_area", True, None),
        (
            "e",
            fam.poor_household_sole_labourer
            or fam.supports_dependants
            or fam.family_disaster_confirmed
            or fam.sole_labourer_confirmed,
            True,
            None,
        ),
        ("g", pct is not None and 61 <= pct <= 80, True, None),
        ("h", _studying(f) or f.working_abroad, False, None),
    ]
    return [(letter, waivable, until) for letter, applies, waivable, until in found if applies]


def _age_limit_day(f: MilitiaFacts, volunteer: bool) -> date:
    """The day the person passes the militia age (DQTV 8.1)."""
    return birthday(f.dob, militia_age_limit(f.sex, volunteer))


def _term(f: MilitiaFacts, start: date, extension_years: int = 0) -> dict[str, Any]:
    years = term_years(f.kind) + extension_years
    return {
        "term_years": years,
        "term_end": term_end(start, f.kind, extension_years),
        "training_days": tuple(training_days_by_year(f.kind, start, extension_years).items()),
    }


TERM_NOTE = gettext_noop(
    "The term ends on the same day and month of its last year (BLDS 147.3, 148.4); whether it "
    "moves to the next working day when that day is a holiday (BLDS 148.5) is not settled."
)


def _extension(f: MilitiaFacts, start: date, age_ok_volunteer: bool) -> ForcesOutcome:
    """[DQ-TERM] DQTV 8.2: extension by need."""
    ext = f.extension_years
    longer_allowed = f.kind == "maritime" or f.self_defence or f.is_unit_commander
    term = _term(f, start, ext)
    limit_day = _age_limit_day(f, age_ok_volunteer)
    past_age = term["term_end"] >= limit_day
    decided_by = COMMUNE_CHAIRMAN
    if ext > EXTENSION_LIMIT and not longer_allowed:
        return result(
            "extension_refused",
            ["DQTV 8.2"],
            decided_by=decided_by,
            notes=gettext(
                "An extension is at most %(n)s years, except for maritime militia, "
                "self-defence and unit commanders."
            )
            % {"n": EXTENSION_LIMIT},
            **term,
        )
    if past_age and ext > EXTENSION_LIMIT:
        return result(
            "extension_refused",
            ["DQTV 8.2", "DQTV 8.1"],
            decided_by=decided_by,
            notes=gettext("The extended term would run past the militia age (%(day)s).")
            % {"day": _date(limit_day)},
            **term,
        )
    if past_age:
        return result(
            "manual_review",
            ["DQTV 8.1", "DQTV 8.2"],
            decided_by=decided_by,
            notes=gettext(
                "The extended term runs past the militia age (%(day)s); the law caps only the "
                "longer extensions at that age. Decide by review."
            )
            % {"day": _date(limit_day)},
            **term,
        )
    return result(
        "extension_allowed",
        ["DQTV 8.2", "DQTV 8.3"],
        decided_by=decided_by,
        notes=gettext(TERM_NOTE),
        **term,
    )


def assess_militia(f: MilitiaFacts) -> ForcesOutcome:
    """One citizen's militia duty on `ref_date` (LAW.md §3, evaluation order in the module doc;
    absent `sex` or `dob` and 29 February births: decisions 9 and 11)."""
    return assess_readings(f, _assess_militia, ["DQTV 8.1"])


REGISTRATION_MONTH = 4  # DQTV 9.1.a: militia registration in April


def _turning_18(f: MilitiaFacts) -> ForcesOutcome:
    """LAW.md §7.10 (decision 10): under 18, turning 18 in the year of `ref_date`."""
    day = birthday(f.dob, MILITIA_AGE)
    refused = result("refused_age", ["DQTV 8.1"])
    registered = result("allowed_obligation", ["DQTV 9.1.a"])
    return result(
        "manual_review",
        ["DQTV 8.1", "DQTV 9.1.a"],
        decided_by=COMMUNE_CHAIRMAN,
        notes=gettext(
            "Full 18 on %(day)s, in this year: whether April's militia registration of "
            "“citizens aged full 18” (DQTV 9.1.a) means turning 18 in the year or already 18 is "
            "unconfirmed (LAW.md §7.10)."
        )
        % {"day": _date(day)},
        also=((refused.outcome, refused.grounds), (registered.outcome, registered.grounds)),
    )


def _assess_militia(f: MilitiaFacts) -> ForcesOutcome:
    """assess_militia for facts with `sex` and `dob`."""
    age = age_on(f.dob, f.ref_date)
    start = f.start or f.ref_date
    if (
        age < MILITIA_AGE
        and f.start is None
        and f.ref_date.month == REGISTRATION_MONTH
        and birthday(f.dob, MILITIA_AGE).year == f.ref_date.year
    ):
        return _turning_18(f)
    if age < MILITIA_AGE:
        return result(
            "refused_age",
            ["DQTV 8.1"],
            notes=gettext("Militia duty starts at 18 full years (from %(day)s).")
            % {"day": _date(birthday(f.dob, MILITIA_AGE))},
        )
    over_obligation = age >= militia_age_limit(f.sex)
    if age >= militia_age_limit(f.sex, volunteer=True) or (over_obligation and not f.volunteer):
        limit = militia_age_limit(f.sex, volunteer=over_obligation) - 1
        return result(
            "refused_age",
            ["DQTV 8.1"],
            notes=gettext("The militia age ends with the end of %(age)s years.") % {"age": limit},
        )
    voluntary = over_obligation  # past the obligation age, serving only as a volunteer
    if f.extension_years:
        return _extension(f, start, voluntary or f.volunteer)

    results: list[ForcesOutcome] = []
    waived: list[str] = []
    for letter, waivable in _exemptions(f):
        if f.volunteer and waivable:
            waived.append(f"DQTV 11.2.{letter}")
        else:
            results.append(
                result(
                    "exempt",
                    [f"DQTV 11.2.{letter}"],
                    letter=letter,
                    decided_by=COMMUNE_CHAIRMAN,
                    notes=gettext(
                        "Volunteers under DQTV 11.2.a, b and d may still be selected (DQTV 11.3)."
                    )
                    if waivable
                    else None,
                )
            )
    for letter, waivable, until in _deferrals(f):
        if f.volunteer and waivable:
            waived.append(f"DQTV 11.1.{letter}")
        else:
            results.append(
                result(
                    "deferred",
                    [f"DQTV 11.1.{letter}"],
                    letter=letter,
                    until=until,
                    decided_by=COMMUNE_CHAIRMAN,
                    notes=gettext(
                        "Volunteers under DQTV 11.1.c to g may still be selected (DQTV 11.3)."
                    )
                    if waivable
                    else None,
                )
            )
    if results:
        return _answer(_merge_same(results))

    term = _term(f, start)
    limit_day = _age_limit_day(f, voluntary or f.volunteer)
    grounds = ["DQTV 8.1", "DQTV 8.2", "DQTV 28.1", "DQTV 10.4"]
    if waived:
        grounds += [*waived, "DQTV 11.3"]
    outcome = "allowed_voluntary" if (voluntary or waived) else "allowed_obligation"
    if term["term_end"] >= limit_day and voluntary:  # decision 3: a volunteer past the obligation
        return result(
            outcome,
            grounds,
            decided_by=COMMUNE_CHAIRMAN,
            notes=gettext(
                "A volunteer may serve to the end of %(age)s (DQTV 8.1). The term would end on "
                "%(end)s, after that (%(day)s); whether the term is cut short there is "
                "unconfirmed (LAW.md §7.9)."
            )
            % {
                "age": militia_age_limit(f.sex, volunteer=True) - 1,
                "end": _date(term["term_end"]),
                "day": _date(limit_day),
            },
            **term,
        )
    if term["term_end"] >= limit_day:
        return _answer(
            [
                result(
                    "manual_review",
                    ["DQTV 8.1", "DQTV 8.2"],
                    decided_by=COMMUNE_CHAIRMAN,
                    notes=gettext(
                        "The term would end on %(end)s, after the militia age ends (%(day)s); "
                        "the law does not say whether the term is cut short. Decide by review."
                    )
                    % {"end": _date(term["term_end"]), "day": _date(limit_day)},
                    **term,
                ),
                result(outcome, grounds),
            ]
        )
    note = gettext(TERM_NOTE)
    if f.kind == "standing":
        note += " " + gettext(
            "Completing a standing-militia term of 24 months counts as active military "
            "service (NVQS 4.4.a, DQTV 13.3)."
        )
    return result(outcome, grounds, decided_by=COMMUNE_CHAIRMAN, notes=note, **term)


def _merge_same(results: list[ForcesOutcome]) -> list[ForcesOutcome]:
    """Several exemptions (or deferrals) make one answer citing every letter; a deferral's
    `until` is the latest when every letter has one."""
    merged: list[ForcesOutcome] = []
    for outcome in ("exempt", "deferred"):
        same = [r for r in results if r.outcome == outcome]
        if not same:
            continue
        untils = [r.until for r in same]
        merged.append(
            result(
                outcome,
                [g for r in same for g in r.grounds],
                letter=", ".join(r.letter or "" for r in same),
                until=max(untils) if all(untils) else None,  # type: ignore[type-var]
                decided_by=COMMUNE_CHAIRMAN,
                notes=join_notes(dict.fromkeys(r.notes for r in same)),
            )
        )
    return merged
