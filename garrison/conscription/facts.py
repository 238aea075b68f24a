"""JSON facts → `ServiceFacts` (LAW.md §8, §10), and the "service" assess engine.

This is the edge of the engine: the API and `garrison assess service FILE.json` come through
here; services build `ServiceFacts` themselves (`screening.record_facts`). Parsing is strict
(`core.assess.parse_facts`): unknown field names (nested too: "family.foo") and malformed values
("dob: expected an ISO date YYYY-MM-DD, got "12/03/2005"") raise `FactsError` naming the field.
Absent or null fields mean "no such fact"; `ref_date` defaults to today (local date).

Importing this module registers the engine (the app's `AppConfig.ready()` imports it).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from garrison.core.assess import (
    FactsError,
    dob_after_ref_date,
    parse_facts,
    register_engine,
    with_ref_date,
)

from .rules import ServiceFacts, assess_service

__all__ = ["FactsError", "parse_service_facts", "with_ref_date"]


def parse_service_facts(data: Any) -> ServiceFacts:
    """One JSON facts object → ServiceFacts; FactsError naming the field otherwise."""
    facts = parse_facts(ServiceFacts, with_ref_date(data))
    _check_dates(facts)
    return facts


def _check_dates(facts: ServiceFacts) -> None:
    """Cross-field checks the engine relies on."""
    dob_after_ref_date(facts)
    since, until = facts.standing_militia_since, facts.standing_militia_until
    if since and until and until < since:
        raise FactsError(
            "standing_militia_until",
            gettext("%(until)s is before standing_militia_since %(since)s")
            % {"until": until.isoformat(), "since": since.isoformat()},
        )


register_engine(
    "service",
    parse=parse_service_facts,
    assess=lambda facts: assess_service(facts).as_dict(),
)
