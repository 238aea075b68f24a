"""From register rows to the facts the rules engine reads, and back to an outcome.

The engine (`rules.assess_service`) is pure; this module is the one place that knows which
column holds which fact (LAW.md section 8 names). The registers, the pool builder and the bench
all go through `record_facts()` + `assess()`, so a person's page and the campaign lists can never
disagree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from garrison.people.rules import FEMALE, MALE

from . import rules
from .facts import parse_service_facts

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


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


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
) -> dict[str, Any]:
    """The LAW.md section-8 facts of one record. `row` is a ServiceRecord or any object (or
    dict) with the RECORD_FACT_FIELDS; None for a person with no record yet."""

    def get(name: str, default: Any = None) -> Any:
        if row is None:
            return default
        if isinstance(row, dict):
            return row.get(name, default)
        return getattr(row, name, default)

    facts: dict[str, Any] = {
        "sex": FACT_SEX.get(sex, sex),
        "dob": dob.isoformat(),
        "ref_date": ref_date.isoformat(),
        "registered": registered,
        "legal": {
            "prosecuted": bool(get("legal_prosecuted")),
            "serving_or_unexpunged": bool(get("legal_serving_or_unexpunged")),
            "admin_measure": bool(get("legal_admin_measure")),
            "compulsory_facility": bool(get("legal_compulsory_facility")),
            "deprived_of_right": bool(get("legal_deprived_of_right")),
        },
        "registration_exempt_condition": bool(get("registration_exempt_condition")),
        "female_qualifying_profession": bool(get("female_qualifying_profession")),
        "was_deferred_for_study": bool(get("was_deferred_for_study")),
        "cipher_worker_civilian": bool(get("cipher_worker_civilian")),
        "volunteer": bool(get("volunteer")),
        "area": {
            "difficult_commune": difficult_commune,
            "ethnic_minority_lt_10000": ethnicity in SMALL_ETHNIC_GROUPS,
            "grade7_authorised": grade7_authorised,
        },
        "family": {
            "parent_martyr": bool(get("parent_martyr")),
            "sibling_martyr_designated": bool(get("sibling_martyr_designated")),
            "parent_war_invalid_class": get("parent_war_invalid_class"),
            "parent_sick_soldier_pct": get("parent_sick_soldier_pct"),
            "parent_agent_orange_pct": get("parent_agent_orange_pct"),
            "designated_one_child": bool(get("designated_one_child")),
            "sole_labourer_confirmed": bool(get("sole_labourer_confirmed")),
            "family_disaster_confirmed": bool(get("family_disaster_confirmed")),
            "sibling_serving": (
                {"kind": get("sibling_serving_kind"), "start": _iso(get("sibling_serving_start"))}
                if get("sibling_serving_kind")
                else None
            ),
        },
    }
    grade = get("education_grade")
    if grade is not None:
        facts["education_grade"] = grade
    if get("study_level"):
        study: dict[str, Any] = {
            "level": get("study_level"),
            "mode": get("study_mode") or "regular",
            "status": get("study_status") or "studying",
            "first_course_at_level": bool(get("first_course_at_level", True)),
        }
        if get("course_end"):
            study["course_end"] = _iso(get("course_end"))
        facts["study"] = study
    for name in (
        "resettled_since",
        "posted_difficult_area_since",
        "standing_militia_since",
        "standing_militia_until",
    ):
        if get(name):
            facts[name] = _iso(get(name))
    if get("completed_service_kind"):
        facts["completed_service_basis"] = {
            "kind": get("completed_service_kind"),
            "months": get("completed_service_months") or 0,
        }
    if exam is not None:
        facts["health"] = {
            "class": exam.health_class,
            "myopia_d": float(exam.myopia_d or 0),
            "hyperopia": exam.hyperopia,
            "bmi": float(exam.bmi) if exam.bmi is not None else None,
            "drug_addicted": exam.drug_addicted,
        }
        if facts["health"]["bmi"] is None:
            del facts["health"]["bmi"]
    if political_ok is not None:
        facts["political_ok"] = political_ok
    return facts


def assess(facts: dict[str, Any]) -> rules.Outcome:
    return rules.assess_service(parse_service_facts(facts))


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
