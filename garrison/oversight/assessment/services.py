"""Every change to an assessment: setting a year's criteria, computing a run, approving it.
(The assessment work of issue 19 fills these in; their signatures are fixed here.)"""

from __future__ import annotations

import datetime
from typing import Any

from .models import AssessmentRun


def do_compute_run(
    *, actor: Any, province: Any, year: int, period: str, as_of: datetime.date
) -> AssessmentRun:
    """Create (or re-compute, while a draft) the province's run for the period: every commune's
    figures, score and rank from the registers as they stood on `as_of`."""
    raise NotImplementedError


def do_approve_run(*, actor: Any, run: AssessmentRun) -> AssessmentRun:
    """Approve a draft run: it is frozen from then on."""
    raise NotImplementedError


def commune_assessment(commune_id: int, year: int) -> Any:
    """(see oversight.interface.commune_assessment)"""
    return None
