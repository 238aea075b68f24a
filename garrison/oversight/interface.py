"""What other apps may ask of oversight (the documented interface of the app)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CommuneAssessment:
    """A commune's results-based assessment for a year, as a cadre's evaluation shows it."""

    year: int
    score: Decimal
    rank: int
    communes: int
    approved: bool
    url: str


def commune_assessment(commune_id: int, year: int) -> CommuneAssessment | None:
    """The commune's assessment of `year` (the whole-year run, approved or not), or None."""
    from .assessment.services import commune_assessment as found

    return found(commune_id, year)
