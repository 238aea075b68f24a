"""From register rows to the facts the rules engine reads, and back to an outcome.

The engine (`rules.assess_service`) is pure; this module is the one place that knows which
column holds which fact (LAW.md section 8 names) and builds the typed `ServiceFacts` from them
(no JSON between the register and the engine). The registers, the pool builder and the bench
all go through `record_facts()` + `assess()`, so a person's page and the campaign lists can never
disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from garrison.core.assess import trusted
from garrison.core.dates import age_on
from garrison.people.rules import FEMALE, MALE

from . import rules

#: ethnic groups of fewer than 10,000 people (2019 census) — TT148 4.4.b [C: our list]
SMALL_ETHNIC_GROUPS = frozenset(
    {
        "Ơ Đu", "Brâu", "Rơ Măm", "Pu Péo", "Si La", "Cống", "Bố Y", "Cơ Lao", "Mảng",
        "Lô Lô", "Ngái", "Chứt", "Lự", "Pà Thẻn",
    }
)  # fmt: skip

#: the record columns read as facts, for `.values()` / `.only()` in bulk screening
RECORD_FACT_FIELDS = (
    "education_grade", "study_level", "study_mode", "study_status", "course_end",
    "first_course_at_level", "was_deferred_for_study", "registration_exempt_condition",
    "female_qualifying_profession", "volunteer", "legal_prosecuted",
    "legal_serving_or_unexpunged", "legal_admin_measure", "legal_compulsory_facility",
    "legal_deprived_of_right", "parent_martyr", "sibling_martyr_designated",
    "parent_war_invalid_class", "parent_sick_soldier_pct", "parent_agent_orange_pct",
    "designated_one_child", "sole_labourer_confirmed", "family_disaster_confirmed",
    "sibling_serving_kind", "sibling_serving_start", "resettled_since",
    "posted_difficult_area_since", "cipher_worker_civilian", "standing_militia_since",
    "standing_militia_until", "completed_service_kind", "completed_service_months",
)  # fmt: skip


#: the people register's sex codes → the facts schema's
FACT_SEX = {MALE: "M", FEMALE: "F"}


@dataclass(frozen=True)
class Exam:
    health_class: int
    myopia_d: float | None = None
    hyperopia: bool = False
    bmi: float | None = None
    drug_addicted: bool = False


_NO_LEGAL = trusted(rules.Legal)
_NO_FAMILY = trusted(rules.Family)
_AREAS = {
    (difficult, small, grade7): trusted(
        rules.Area,
        difficult_commune=difficult,
        ethnic_minority_lt_10000=small,
        grade7_authorised=grade7,
    )
    for difficult in (False, True)
    for small in (False, True)
    for grade7 in (False, True)
}
_LEGAL_FIELDS = (
    "legal_prosecuted", "legal_serving_or_unexpunged", "legal_admin_measure",
    "legal_compulsory_facility", "legal_deprived_of_right",
)  # fmt: skip
_FAMILY_FLAGS = (
    "parent_martyr", "sibling_martyr_designated", "parent_war_invalid_class",
    "parent_sick_soldier_pct", "parent_agent_orange_pct", "designated_one_child",
    "sole_labourer_confirmed", "family_disaster_confirmed", "sibling_serving_kind",
)  # fmt: skip


def _present(value: Any) -> bool:
    """A fact given: 0 is a value (a 0 % rate), None, "" and False are not."""
    return value is not None and value is not False and value != ""


def record_facts(
    row: Any,
    *,
    sex: str,
    dob: datetime.date,
    ref_date: datetime.date,
    registered: bool = True,
    ethnicity: str = "",
    difficult_commune: bool = False,
    grade7_authorised: bool = False,
    exam: Exam | None = None,
    political_ok: bool | None = None,
) -> rules.ServiceFacts:
    """The LAW.md section-8 facts of one record. `row` is a ServiceRecord or any object (or
    dict) with the RECORD_FACT_FIELDS; None for a person with no record yet.

    The values come from the registers, typed by the ORM: the facts are built without
    re-validating them (`core.assess.trusted`), and the facts nobody has (no legal issue, no
    family ground: most rows) share one object."""
    if row is None:
        get: Any = lambda name, default=None: default  # noqa: E731
    elif isinstance(row, dict):
        get = row.get
    else:
        get = lambda name, default=None: getattr(row, name, default)  # noqa: E731

    study = None
    if get("study_level"):
        study = trusted(
            rules.Study,
            level=get("study_level"),
            mode=get("study_mode") or "regular",
            status=get("study_status") or "studying",
            course_end=get("course_end") or None,
            first_course_at_level=bool(get("first_course_at_level", True)),
        )
    legal = _NO_LEGAL
    if any(get(name) for name in _LEGAL_FIELDS):
        legal = trusted(
            rules.Legal,
            prosecuted=bool(get("legal_prosecuted")),
            serving_or_unexpunged=bool(get("legal_serving_or_unexpunged")),
            admin_measure=bool(get("legal_admin_measure")),
            compulsory_facility=bool(get("legal_compulsory_facility")),
            deprived_of_right=bool(get("legal_deprived_of_right")),
        )
    family = _NO_FAMILY
    if any(_present(get(name)) for name in _FAMILY_FLAGS):
        sibling = None
        if get("sibling_serving_kind"):
            sibling = trusted(
                rules.SiblingServing,
                kind=get("sibling_serving_kind"),
                start=get("sibling_serving_start") or None,
            )
        family = trusted(
            rules.Family,
            parent_martyr=bool(get("parent_martyr")),
            sibling_martyr_designated=bool(get("sibling_martyr_designated")),
            parent_war_invalid_class=get("parent_war_invalid_class"),
            parent_sick_soldier_pct=get("parent_sick_soldier_pct"),
            parent_agent_orange_pct=get("parent_agent_orange_pct"),
            designated_one_child=bool(get("designated_one_child")),
            sole_labourer_confirmed=bool(get("sole_labourer_confirmed")),
            family_disaster_confirmed=bool(get("family_disaster_confirmed")),
            sibling_serving=sibling,
        )
    completed = None
    if get("completed_service_kind"):
        completed = trusted(
            rules.CompletedServiceBasis,
            kind=get("completed_service_kind"),
            months=get("completed_service_months") or 0,
        )
    health = None
    if exam is not None:
        health = trusted(
            rules.Health,
            class_=exam.health_class,
            myopia_d=float(exam.myopia_d or 0),
            hyperopia=exam.hyperopia,
            bmi=float(exam.bmi) if exam.bmi is not None else None,
            drug_addicted=exam.drug_addicted,
        )
    return trusted(
        rules.ServiceFacts,
        sex=FACT_SEX.get(sex, sex),
        dob=dob,
        ref_date=ref_date,
        registered=registered,
        legal=legal,
        registration_exempt_condition=bool(get("registration_exempt_condition")),
        female_qualifying_profession=bool(get("female_qualifying_profession")),
        education_grade=get("education_grade"),
        study=study,
        was_deferred_for_study=bool(get("was_deferred_for_study")),
        health=health,
        political_ok=political_ok,
        family=family,
        resettled_since=get("resettled_since") or None,
        posted_difficult_area_since=get("posted_difficult_area_since") or None,
        cipher_worker_civilian=bool(get("cipher_worker_civilian")),
        standing_militia_since=get("standing_militia_since") or None,
        standing_militia_until=get("standing_militia_until") or None,
        completed_service_basis=completed,
        volunteer=bool(get("volunteer")),
        area=_AREAS[
            bool(difficult_commune), ethnicity in SMALL_ETHNIC_GROUPS, bool(grade7_authorised)
        ],
    )


def assess(facts: rules.ServiceFacts) -> rules.Outcome:
    return rules.assess_service(facts)


def assess_record(record: Any, ref_date: datetime.date, **extra: Any) -> rules.Outcome:
    """The engine's answer for a ServiceRecord (with its person and commune loaded)."""
    person = record.person
    return assess(
        record_facts(
            record,
            sex=person.sex,
            dob=person.date_of_birth,
            ethnicity=person.ethnicity,
            ref_date=ref_date,
            registered=True,
            difficult_commune=bool(record.commune.is_remote),
            **extra,
        )
    )


def assess_unregistered(person: Any, ref_date: datetime.date) -> rules.Outcome:
    """The engine's answer for a person with no record yet (must he register, and when?)."""
    return assess(
        record_facts(
            None,
            sex=person.sex,
            dob=person.date_of_birth,
            ethnicity=person.ethnicity,
            ref_date=ref_date,
            registered=False,
        )
    )


class Screener:
    """Screening many records on one day (the pool builder, the bench): the engine's answer for
    each, computed once per distinct set of facts.

    Most of a province's young men have the same facts but for their date of birth, and the
    engine reads the date of birth only through the age on the day assessed once he is 18 or
    more (LAW.md §8; `rules.assess_service`): the under-age note names the 18th birthday, the
    registration rules of people not yet registered name the year, and a 29 February birthday
    reads the day after too. So two registered records whose facts differ only in dates of birth
    giving the same age of 18 or more get the same answer, and the second is not assessed again:
    the memo's key holds the age instead of the date for those, the date itself for the others.
    tests/conscription/test_pool.py checks the memo against the engine row by row.

    One Screener serves one day and one language (the answers' notes are translated); the memo
    is dropped with it."""

    def __init__(self, ref_date: datetime.date, *, grade7_authorised: bool = False) -> None:
        self.ref_date = ref_date
        self.grade7_authorised = grade7_authorised
        self.assessed = 0
        self.screened = 0
        self._memo: dict[tuple[Any, ...], rules.Outcome] = {}

    def _dob_key(self, dob: datetime.date | None) -> Any:
        if dob is None or dob > self.ref_date or (dob.month, dob.day) == (2, 29):
            return dob
        age = age_on(dob, self.ref_date)
        return ("age", age) if age >= rules.CALL_UP_AGE else dob

    def outcome(
        self,
        values: tuple[Any, ...],
        *,
        sex: str,
        dob: datetime.date | None,
        ethnicity: str = "",
        difficult_commune: bool = False,
        exam: Exam | None = None,
        political_ok: bool | None = None,
    ) -> rules.Outcome:
        """The engine's answer for one registered record: `values` are its RECORD_FACT_FIELDS
        in that order (a `values_list` row), the rest as `record_facts` takes them."""
        self.screened += 1
        key = (
            values,
            sex,
            self._dob_key(dob),
            ethnicity in SMALL_ETHNIC_GROUPS,
            bool(difficult_commune),
            exam,
            political_ok,
        )
        answer = self._memo.get(key)
        if answer is None:
            self.assessed += 1
            facts = record_facts(
                dict(zip(RECORD_FACT_FIELDS, values, strict=True)),
                sex=sex,
                dob=dob,  # type: ignore[arg-type]
                ethnicity=ethnicity,
                ref_date=self.ref_date,
                difficult_commune=difficult_commune,
                grade7_authorised=self.grade7_authorised,
                exam=exam,
                political_ok=political_ok,
            )
            answer = self._memo[key] = assess(facts)
        return answer
