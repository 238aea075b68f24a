"""JSON facts → `MilitiaFacts` / `ReserveFacts` (LAW.md §8, §10), and the "militia" and
"reserve" assess engines.

This is the edge of the engines: the API and `garrison assess militia|reserve FILE.json` come
through here; services build the facts themselves (`forces.circumstances.militia_facts`,
`forces.services.reserve.reserve_facts`). Parsing is strict, as for the military-service engine:
unknown field names and malformed values raise `FactsError` naming the field; absent fields mean
"no such fact"; `ref_date` defaults to today. Importing this module registers the engines.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.utils.translation import gettext

from garrison.core.assess import (
    FactsError,
    dob_after_ref_date,
    parse_facts,
    register_engine,
    with_ref_date,
)

from .rules import MilitiaFacts, ReserveFacts, assess_militia, assess_reserve

__all__ = ["FactsError", "parse_militia_facts", "parse_reserve_facts"]

F = TypeVar("F", MilitiaFacts, ReserveFacts)


def _parse(cls: type[F], data: Any) -> F:
    facts = parse_facts(cls, with_ref_date(data))
    dob_after_ref_date(facts)
    return facts


def parse_militia_facts(data: Any) -> MilitiaFacts:
    facts = _parse(MilitiaFacts, data)
    if facts.start is not None and facts.dob is not None and facts.start < facts.dob:
        raise FactsError("start", gettext("the term cannot start before the date of birth"))
    return facts


def parse_reserve_facts(data: Any) -> ReserveFacts:
    facts = _parse(ReserveFacts, data)
    _check_active_service(facts)
    return facts


def _check_active_service(facts: Any) -> None:
    service = facts.active_service
    # Neither "months" nor "from" and "to": the length is absent, not malformed; the engine
    # answers manual_review naming it (LAW.md §10).
    if service is not None and service.from_ and service.to and service.to < service.from_:
        raise FactsError("active_service.to", gettext('"to" is before "from"'))


register_engine(
    "militia",
    parse=parse_militia_facts,
    assess=lambda facts: assess_militia(facts).as_dict(),
)
register_engine(
    "reserve",
    parse=parse_reserve_facts,
    assess=lambda facts: assess_reserve(facts).as_dict(),
)
