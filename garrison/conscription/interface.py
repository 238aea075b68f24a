"""What other apps may use of conscription besides its models, querysets and indicators (the
import-linter contract in pyproject.toml allows this module and those only).

The militia and reserve engines (`forces`) apply the same Law on Military Service (NVQS) as
conscription, so they read its numbers and its health facts from here:

- `CALL_UP_END`, `CALL_UP_END_EXTENDED`: the call-up age ends (to the end of 25, or 27 after a
  study deferral; NVQS 30), which also bound a reservist's call-up.
- `NVQS_AGE_END`: the end of the military-service age (to the end of 45 / 40; NVQS 25), which
  is also the reserve age limit.
- `Health`: the health-examination council's result [STD-HEALTH] in a person's facts.
- `PersonFacts`, `LawFacts`, `Percent`: the LAW.md §8 facts every engine reads (sex, dob,
  ref_date) and every other §8 name, which the militia and reserve facts extend (§8's names are
  the contract of all three engines), and the percentage type they share; `Family`, the §8
  family facts the militia family extends; `MilitiaKind`, `MilitiaRecord`, `ActiveService`,
  `ReserveClass`, `ServiceKind`: the §8 "forces" facts.
"""

from __future__ import annotations

from .law_dates import CALL_UP_END, CALL_UP_END_EXTENDED, NVQS_AGE_END
from .law_facts import (
    ActiveService,
    Family,
    Health,
    LawFacts,
    MilitiaKind,
    MilitiaRecord,
    Percent,
    PersonFacts,
    ReserveClass,
    ServiceKind,
)

__all__ = [
    "CALL_UP_END",
    "CALL_UP_END_EXTENDED",
    "NVQS_AGE_END",
    "ActiveService",
    "Family",
    "Health",
    "LawFacts",
    "MilitiaKind",
    "MilitiaRecord",
    "Percent",
    "PersonFacts",
    "ReserveClass",
    "ServiceKind",
]
