"""The facts the military-service engine reads (LAW.md §8) and the answer it gives (§10).

The facts are pydantic dataclasses (core.assess.FACTS_CONFIG: strict, unknown names refused):
services build them from the registers, the API and the command parse JSON into them
(`core.assess.parse_facts`). `PersonFacts` holds the §8 facts every engine reads (sex, dob,
ref_date) and `LawFacts` every other §8 name: §8's names are the contract of all three engines
(§10), so each engine's facts extend `LawFacts` (this module's `ServiceFacts`, forces'
`MilitiaFacts` and `ReserveFacts`) and an engine ignores the facts its answer does not need.
Absent facts mean "no such fact": even `sex` and `dob` may be absent; an engine whose answer needs
them answers `manual_review` naming them.
"""

from __future__ import annotations

from dataclasses import dataclass as stdlib_dataclass
from dataclasses import field
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field
from pydantic.dataclasses import dataclass

from garrison.core.assess import FACTS_CONFIG, IsoDate, reject_bool
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
Percent = Annotated[int, Field(ge=0, le=100)]
MilitiaKind = Literal[
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
]
ReserveClass = Literal["hang_1", "hang_2"]
ServiceKind = Literal["army", "police"]


class ServiceOutcome(StrEnum):
    """The military-service engine's outcomes (LAW.md §10); the JSON carries their values."""

    NOT_YET = "not_yet"
    MUST_REGISTER = "must_register"
    NO_DUTY = "no_duty"
    NOT_ALLOWED = "not_allowed"
    EXEMPT_REGISTRATION = "exempt_registration"
    UNDER_AGE = "under_age"
    ELIGIBLE = "eligible"
    ELIGIBLE_CONDITIONAL = "eligible_conditional"
    ELIGIBLE_IF_VOLUNTEER = "eligible_if_volunteer"
    DEFERRED = "deferred"
    EXEMPT = "exempt"
    NOT_MEETING_STANDARD = "not_meeting_standard"
    NOT_CALLED_FEMALE = "not_called_female"
    OVER_AGE = "over_age"
    COMPLETED = "completed"
    MANUAL_REVIEW = "manual_review"


PROVINCE_CHAIRMAN = "Chủ tịch UBND tỉnh"
PROVINCE_COMMANDER = "Chỉ huy trưởng Bộ CHQS tỉnh"
COMMUNE_CHAIRMAN = "Chủ tịch UBND xã"


# --- facts (LAW.md §8) ---------------------------------------------------------------------------


@dataclass(frozen=True, config=FACTS_CONFIG)
class Legal:
    """[REG-NOTALLOWED] NVQS 13.1."""

    prosecuted: bool = False
    serving_or_unexpunged: bool = False
    admin_measure: bool = False
    compulsory_facility: bool = False
    deprived_of_right: bool = False


@dataclass(frozen=True, config=FACTS_CONFIG)
class Study:
    """The current or last course (decision 6: absent mode/status/first course = ordinary)."""

    level: StudyLevel
    mode: StudyMode = "regular"
    status: StudyStatus = "studying"
    course_end: IsoDate | None = None
    first_course_at_level: bool = True


@dataclass(frozen=True, config=FACTS_CONFIG)
class Health:
    """The health-examination council's result [STD-HEALTH]; JSON name of `class_` is "class"."""

    class_: int | None = Field(default=None, alias="class", ge=1, le=6)
    myopia_d: float | None = None
    hyperopia: bool = False
    bmi: float | None = Field(default=None, ge=0)
    drug_addicted: bool = False


@dataclass(frozen=True, config=FACTS_CONFIG)
class SiblingServing:
    """A brother or sister serving now (NVQS 41.1.d)."""

    kind: SiblingKind
    start: IsoDate | None = None


@dataclass(frozen=True, config=FACTS_CONFIG)
class Family:
    """Family facts of NVQS 41.1.b–d and 41.2.a–c."""

    parent_martyr: bool = False
    sibling_martyr_designated: bool = False
    parent_war_invalid_class: Annotated[Literal[1, 2], BeforeValidator(reject_bool)] | None = None
    parent_sick_soldier_pct: Percent | None = None
    parent_agent_orange_pct: Percent | None = None
    designated_one_child: bool = False
    sole_labourer_confirmed: bool = False
    family_disaster_confirmed: bool = False
    sibling_serving: SiblingServing | None = None


@dataclass(frozen=True, config=FACTS_CONFIG)
class CompletedServiceBasis:
    """NVQS 4.4: service that counts as active service completed."""

    kind: CompletedKind
    months: int = Field(default=0, ge=0)


@dataclass(frozen=True, config=FACTS_CONFIG)
class Area:
    """[STD-EDU] TT148 4.4 area facts."""

    difficult_commune: bool = False
    ethnic_minority_lt_10000: bool = False
    grade7_authorised: bool = False


@dataclass(frozen=True, config=FACTS_CONFIG)
class MilitiaRecord:
    """Militia service already done (§8 `militia`; NVQS 24.2.e)."""

    kind: MilitiaKind
    completed: bool = False
    concentrated_training_months: int = Field(default=0, ge=0)


@dataclass(frozen=True, config=FACTS_CONFIG)
class ActiveService:
    """Active service in the Army or the police (§8 `active_service`): a length in months, or
    its dates."""

    kind: ServiceKind
    months: int | None = Field(default=None, ge=0, le=600)
    from_: IsoDate | None = Field(default=None, alias="from")
    to: IsoDate | None = None


@dataclass(frozen=True, config=FACTS_CONFIG)
class PersonFacts:
    """The LAW.md §8 facts every engine reads: who, and on which day. `sex` and `dob` may be
    absent (§10): the engines answer `manual_review` naming them when the answer needs them."""

    sex: Sex | None = None
    dob: IsoDate | None = None
    ref_date: IsoDate = field(default_factory=date.today)


@dataclass(frozen=True, config=FACTS_CONFIG)
class LawFacts(PersonFacts):
    """Every LAW.md §8 fact, §8 field names; absent = false / None. All three engines accept
    them (§10); each reads those its answer needs."""

    registered: bool = False
    legal: Legal = field(default_factory=Legal)
    registration_exempt_condition: bool = False
    female_qualifying_profession: bool = False
    education_grade: int | None = Field(default=None, ge=0, le=12)
    study: Study | None = None
    was_deferred_for_study: bool = False
    health: Health | None = None
    political_ok: bool | None = None
    family: Family = field(default_factory=Family)
    resettled_since: IsoDate | None = None
    posted_difficult_area_since: IsoDate | None = None
    cipher_worker_civilian: bool = False
    standing_militia_since: IsoDate | None = None
    standing_militia_until: IsoDate | None = None
    completed_service_basis: CompletedServiceBasis | None = None
    volunteer: bool = False
    area: Area = field(default_factory=Area)
    # the "forces" facts of §8
    kind: MilitiaKind | None = None
    start: IsoDate | None = None
    extension_years: int = Field(default=0, ge=0, le=20)
    is_unit_commander: bool = False
    youngest_child_dob: IsoDate | None = None
    is_reservist: bool = False
    reservist_assigned_to_unit: bool = False
    militia: MilitiaRecord | None = None
    active_service: ActiveService | None = None
    reserve_class: ReserveClass | None = None


@dataclass(frozen=True, config=FACTS_CONFIG)
class ServiceFacts(LawFacts):
    """One person's facts for the military-service engine: the §8 facts, nothing more."""


# --- the answer (LAW.md §10) ---------------------------------------------------------------------


@stdlib_dataclass(frozen=True)
class Outcome:
    """An answer: the first applicable outcome, its citations, and the other applicable results.
    `outcome` is a ServiceOutcome (a string given as one becomes one; an unknown one is an error),
    and so is the first element of each `also` pair."""

    outcome: ServiceOutcome
    grounds: tuple[str, ...]
    letter: str | None = None
    until: date | None = None
    due: str | None = None
    decided_by: str | None = None
    notes: str | None = None
    reserve_class: str | None = None
    group: str | None = None
    also: tuple[tuple[ServiceOutcome, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", ServiceOutcome(self.outcome))
        also = tuple((ServiceOutcome(o), g) for o, g in self.also)
        object.__setattr__(self, "also", also)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of LAW.md §10: ISO dates, None fields and an empty `also` omitted."""
        data: dict[str, Any] = {"outcome": str(self.outcome), "grounds": list(self.grounds)}
        optional = {
            "letter": self.letter,
            "until": self.until.isoformat() if self.until else None,
            "due": self.due,
            "reserve_class": self.reserve_class,
            "group": self.group,
            "decided_by": self.decided_by,
            "notes": self.notes,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        if self.also:
            data["also"] = [{"outcome": str(o), "grounds": list(g)} for o, g in self.also]
        return data
