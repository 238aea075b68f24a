"""The facts the militia and reserve engines read (LAW.md §8 "forces" fields) and the answer
they give (§10). Absent JSON fields take these defaults: "no such fact"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from garrison.conscription.interface import Health
from garrison.people.rules import SexCode as Sex

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
SpouseServing = Literal["army", "police", "difficult_area"]
ReserveCategory = Literal["officer", "professional_soldier", "nco_soldier"]
ReserveClass = Literal["hang_1", "hang_2"]
ServiceKind = Literal["army", "police"]
DefenceWorker = Literal["converted", "other"]

COMMUNE_CHAIRMAN = "Chủ tịch UBND xã"
REGIONAL_COMMANDER = "Chỉ huy trưởng Ban CHPTKV"


@dataclass(frozen=True)
class MilitiaFamily:
    """Family facts of DQTV 11.1.e, 11.1.g, 11.2.a, 11.2.b and 11.2.d."""

    poor_household_sole_labourer: bool = False
    supports_dependants: bool = False
    family_disaster_confirmed: bool = False
    sole_labourer_confirmed: bool = False
    spouse_or_parent_martyr: bool = False
    spouse_or_parent_invalid_pct: int | None = field(default=None, metadata={"min": 0, "max": 100})
    designated_one_child: bool = False
    cares_for_heroic_mother: bool = False
    cares_for_81pct_person: bool = False


@dataclass(frozen=True)
class MilitiaFacts:
    """One citizen and one militia term (DQTV 8, 10, 11, 28)."""

    sex: Sex
    dob: date
    ref_date: date = field(default_factory=date.today)
    kind: MilitiaKind = "local"
    self_defence: bool = False
    start: date | None = None
    extension_years: int = field(default=0, metadata={"min": 0, "max": 20})
    is_unit_commander: bool = False
    volunteer: bool = False
    pregnant: bool = False
    youngest_child_dob: date | None = None
    raising_child_alone: bool = False
    health: Health | None = None
    spouse_serving: SpouseServing | None = None
    studying: bool = False
    working_abroad: bool = False
    is_reservist: bool = False
    reservist_assigned_to_unit: bool = False
    cipher_worker_civilian: bool = False
    family: MilitiaFamily = field(default_factory=MilitiaFamily)


@dataclass(frozen=True)
class MilitiaRecord:
    """Militia service already done (NVQS 24.2.e)."""

    kind: MilitiaKind
    completed: bool = False
    concentrated_training_months: int = field(default=0, metadata={"min": 0})


@dataclass(frozen=True)
class ActiveService:
    """Active service in the Army or the police: a length in months, or its dates."""

    kind: ServiceKind
    months: int | None = field(default=None, metadata={"min": 0, "max": 600})
    from_: date | None = field(default=None, metadata={"json": "from"})
    to: date | None = None


@dataclass(frozen=True)
class ReserveFacts:
    """One reservist (NVQS 24–26, LLDBĐV 17.2)."""

    sex: Sex
    dob: date
    ref_date: date = field(default_factory=date.today)
    category: ReserveCategory = "nco_soldier"
    reserve_class: ReserveClass | None = None
    active_service: ActiveService | None = None
    combat_discharge: bool = False
    militia: MilitiaRecord | None = None
    second_class_training_months: int = field(default=0, metadata={"min": 0})
    commune_police_months: int = field(default=0, metadata={"min": 0})
    defence_worker: DefenceWorker | None = None
    female_qualifying_profession: bool = False
    was_deferred_for_study: bool = False
    health: Health | None = None


# --- the answer (LAW.md §10) ---------------------------------------------------------------------


@dataclass(frozen=True)
class ForcesOutcome:
    """An answer of the militia or reserve engine: the outcome, its citations, what the law
    computes (term, training days, class, group, which units), and other applicable results."""

    outcome: str
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
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of LAW.md §10: ISO dates, None fields and empty collections omitted."""
        data: dict[str, Any] = {"outcome": self.outcome, "grounds": list(self.grounds)}
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
            data["also"] = [{"outcome": o, "grounds": list(g)} for o, g in self.also]
        return data
