"""The facts the militia and reserve engines read (LAW.md §8 "forces" fields) and the answer
they give (§10). Absent JSON fields take these defaults: "no such fact".

Like the military-service facts, these are strict pydantic dataclasses extending `LawFacts`
(every §8 fact: §8's names are the contract of all three engines, §10); services build them, the
API and the command parse JSON into them (`forces.facts`). The §8 "forces" facts
(`MilitiaRecord`, `ActiveService`, …) come from conscription's interface and are re-exported."""

from __future__ import annotations

from dataclasses import dataclass as stdlib_dataclass
from dataclasses import field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field
from pydantic.dataclasses import dataclass

from garrison.conscription.interface import (  # noqa: F401  (re-exported)
    ActiveService,
    Family,
    LawFacts,
    MilitiaKind,
    MilitiaRecord,
    Percent,
    ReserveClass,
    ServiceKind,
)
from garrison.core.assess import FACTS_CONFIG

SpouseServing = Literal["army", "police", "difficult_area"]
ReserveCategory = Literal["officer", "professional_soldier", "nco_soldier"]
DefenceWorker = Literal["converted", "other"]

COMMUNE_CHAIRMAN = "Chủ tịch UBND xã"
REGIONAL_COMMANDER = "Chỉ huy trưởng Ban CHPTKV"


class MilitiaOutcome(StrEnum):
    """The militia engine's outcomes (LAW.md §10); the JSON carries their values."""

    ALLOWED_OBLIGATION = "allowed_obligation"
    ALLOWED_VOLUNTARY = "allowed_voluntary"
    REFUSED_AGE = "refused_age"
    DEFERRED = "deferred"
    EXEMPT = "exempt"
    EXTENSION_ALLOWED = "extension_allowed"
    EXTENSION_REFUSED = "extension_refused"
    MANUAL_REVIEW = "manual_review"


class ReserveOutcome(StrEnum):
    """The reserve engine's outcomes (LAW.md §10); the JSON carries their values."""

    IN_RESERVE = "in_reserve"
    OUT_OF_RESERVE_AGE = "out_of_reserve_age"
    MANUAL_REVIEW = "manual_review"


def forces_outcome(value: str) -> MilitiaOutcome | ReserveOutcome:
    """The militia or reserve outcome named `value` (manual_review is the militia member)."""
    if value in MilitiaOutcome._value2member_map_:
        return MilitiaOutcome(value)
    return ReserveOutcome(value)


@dataclass(frozen=True, config=FACTS_CONFIG)
class MilitiaFamily(Family):
    """The §8 family facts, and the militia engine's own names for the family facts of DQTV
    11.1.e, 11.1.g, 11.2.a, 11.2.b and 11.2.d that §8 does not name (a spouse, a heroic mother,
    dependants). §8's `parent_martyr`, `parent_war_invalid_class`, `parent_sick_soldier_pct` and
    `parent_agent_orange_pct` are read too (`forces.rules` decision 8)."""

    poor_household_sole_labourer: bool = False
    supports_dependants: bool = False
    spouse_or_parent_martyr: bool = False
    spouse_or_parent_invalid_pct: Percent | None = None
    cares_for_heroic_mother: bool = False
    cares_for_81pct_person: bool = False


@dataclass(frozen=True, config=FACTS_CONFIG)
class MilitiaFacts(LawFacts):
    """One citizen and one militia term (DQTV 8, 10, 11, 28): the §8 facts (`kind` defaults to
    local militia) and the militia engine's own facts that §8 does not name. `studying` is the
    engine's older name for a current course; §8's `study` is read too."""

    kind: MilitiaKind = "local"
    family: MilitiaFamily = field(default_factory=MilitiaFamily)
    self_defence: bool = False
    pregnant: bool = False
    raising_child_alone: bool = False
    spouse_serving: SpouseServing | None = None
    studying: bool = False
    working_abroad: bool = False


@dataclass(frozen=True, config=FACTS_CONFIG)
class ReserveFacts(LawFacts):
    """One reservist (NVQS 24–26, LLDBĐV 17.2): the §8 facts and the reserve engine's own."""

    category: ReserveCategory = "nco_soldier"
    combat_discharge: bool = False
    second_class_training_months: int = Field(default=0, ge=0)
    commune_police_months: int = Field(default=0, ge=0)
    defence_worker: DefenceWorker | None = None


# --- the answer (LAW.md §10) ---------------------------------------------------------------------


@stdlib_dataclass(frozen=True)
class ForcesOutcome:
    """An answer of the militia or reserve engine: the outcome (a MilitiaOutcome or a
    ReserveOutcome; a string given becomes one), its citations, what the law computes (term,
    training days, class, group, which units), and other applicable results."""

    outcome: MilitiaOutcome | ReserveOutcome
    grounds: tuple[str, ...]
    letter: str | None = None
    until: date | None = None
    term_years: int | None = None
    term_end: date | None = None
    training_days: tuple[tuple[int, int], ...] = ()
    reserve_class: str | None = None
    group: str | None = None
    combat_unit_allowed: bool | None = None
    support_unit_allowed: bool | None = None
    decided_by: str | None = None
    notes: str | None = None
    also: tuple[tuple[MilitiaOutcome | ReserveOutcome, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", forces_outcome(self.outcome))
        also = tuple((forces_outcome(o), g) for o, g in self.also)
        object.__setattr__(self, "also", also)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of LAW.md §10: ISO dates, None fields and empty collections omitted."""
        data: dict[str, Any] = {"outcome": str(self.outcome), "grounds": list(self.grounds)}
        optional = {
            "letter": self.letter,
            "until": self.until.isoformat() if self.until else None,
            "term_years": self.term_years,
            "term_end": self.term_end.isoformat() if self.term_end else None,
            "training_days": (
                {f"{year:04d}": days for year, days in self.training_days}
                if self.training_days
                else None
            ),
            "reserve_class": self.reserve_class,
            "group": self.group,
            "combat_unit_allowed": self.combat_unit_allowed,
            "support_unit_allowed": self.support_unit_allowed,
            "decided_by": self.decided_by,
            "notes": self.notes,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        if self.also:
            data["also"] = [{"outcome": str(o), "grounds": list(g)} for o, g in self.also]
        return data
