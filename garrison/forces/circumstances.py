"""What a commune knows about a citizen → the militia engine's facts (LAW.md §8, DQTV 8, 11).

The member form offers the circumstances of DQTV 11 as ticks; each maps to the fact names of
`forces.rules.MilitiaFacts`. Sex and birth come from the person, reserve assignment (DQTV
11.2.c) from the reserve register, kind and commander role from the unit and the post.
`militia_facts` builds the typed facts the engine reads (no JSON in between)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from garrison.conscription.interface import Health
from garrison.people.rules import MALE

from .law_facts import MilitiaFacts, MilitiaFamily

#: code → (label with its ground, facts it sets: top-level names, "family.x" nested)
CIRCUMSTANCES: dict[str, tuple[Any, dict[str, Any]]] = {
    "pregnant": (_("pregnant (DQTV 11.1.a)"), {"pregnant": True}),
    "unfit": (_("not fit for militia duties (DQTV 11.1.b)"), {"health": Health(class_=4)}),
    "spouse_army": (
        _("spouse serves in the Army (DQTV 11.1.c)"),
        {"spouse_serving": "army"},
    ),
    "spouse_police": (
        _("spouse serves in the police (DQTV 11.1.d)"),
        {"spouse_serving": "police"},
    ),
    "spouse_difficult_area": (
        _("spouse posted to an extremely difficult area (DQTV 11.1.đ)"),
        {"spouse_serving": "difficult_area"},
    ),
    "poor_household_sole_labourer": (
        _("sole labourer of a poor or near-poor household (DQTV 11.1.e)"),
        {"family.poor_household_sole_labourer": True},
    ),
    "supports_dependants": (
        _("directly supports relatives unable to work (DQTV 11.1.e)"),
        {"family.supports_dependants": True},
    ),
    "family_disaster": (
        _("household seriously harmed by accident, disaster or epidemic (DQTV 11.1.e)"),
        {"family.family_disaster_confirmed": True},
    ),
    "invalid_61_80": (
        _(
            "spouse or the one child of a war invalid, sick soldier or Agent Orange victim "
            "with 61 to 80 per cent loss (DQTV 11.1.g)"
        ),
        {"family.spouse_or_parent_invalid_pct": 70, "family.designated_one_child": True},
    ),
    "studying": (_("studying at a school (DQTV 11.1.h)"), {"studying": True}),
    "abroad": (_("working or studying abroad (DQTV 11.1.h)"), {"working_abroad": True}),
    "martyr_family": (
        _("spouse or child of a martyr (DQTV 11.2.a)"),
        {"family.spouse_or_parent_martyr": True},
    ),
    "invalid_81": (
        _(
            "spouse or child of a war invalid, sick soldier or Agent Orange victim with 81 per "
            "cent loss or more (DQTV 11.2.b)"
        ),
        {"family.spouse_or_parent_invalid_pct": 85},
    ),
    "heroic_mother_carer": (
        _("directly cares for a Vietnamese Heroic Mother (DQTV 11.2.d)"),
        {"family.cares_for_heroic_mother": True},
    ),
    "carer_81": (
        _(
            "directly cares for a person with 81 per cent or more loss of working capacity "
            "(DQTV 11.2.d)"
        ),
        {"family.cares_for_81pct_person": True},
    ),
    "cipher_worker": (_("civilian cipher worker (DQTV 11.2.đ)"), {"cipher_worker_civilian": True}),
}


def circumstance_choices() -> list[tuple[str, Any]]:
    return [(code, label) for code, (label, _facts) in CIRCUMSTANCES.items()]


def militia_facts(
    person: Any,
    *,
    ref_date: datetime.date,
    kind: str,
    self_defence: bool = False,
    start: datetime.date | None = None,
    extension_years: int = 0,
    is_unit_commander: bool = False,
    volunteer: bool = False,
    circumstances: list[str] | tuple[str, ...] = (),
    youngest_child_dob: datetime.date | None = None,
    raising_child_alone: bool = False,
) -> MilitiaFacts:
    """The militia engine's facts of one person (the `garrison assess militia` object)."""
    facts: dict[str, Any] = {}
    family: dict[str, Any] = {}
    # the reverse one-to-one raises an AttributeError subclass when there is none
    reservist = getattr(person, "reservist", None)
    if reservist is not None and reservist.status == "registered":
        facts["is_reservist"] = True
        facts["reservist_assigned_to_unit"] = reservist.reserve_unit_id is not None
    for code in circumstances:
        for name, value in CIRCUMSTANCES[code][1].items():
            if name.startswith("family."):
                family[name.removeprefix("family.")] = value
            else:
                facts[name] = value
    return MilitiaFacts(
        sex="M" if person.sex == MALE else "F",
        dob=person.date_of_birth,
        ref_date=ref_date,
        kind=kind,
        self_defence=self_defence,
        start=start,
        extension_years=extension_years,
        is_unit_commander=is_unit_commander,
        volunteer=volunteer,
        youngest_child_dob=youngest_child_dob,
        raising_child_alone=raising_child_alone,
        family=MilitiaFamily(**family),
        **facts,
    )
