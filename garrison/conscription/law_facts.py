"""The facts the military-service engine reads (LAW.md §8) and the answer it gives (§10)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from garrison.people.rules import SexCode as Sex

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
