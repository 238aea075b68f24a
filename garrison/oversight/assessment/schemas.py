"""API bodies of the assessment's actions (the registers' schemas are generated)."""

from __future__ import annotations

import datetime

from ninja import Field

from garrison.core.api import BodySchema


class ComputeRunIn(BodySchema):
    year: int = Field(..., ge=2020, le=2100, description="the year assessed (2020–2100)")
    period: str = Field("year", description="year, h1 (first half-year) or h2 (second)")
    as_of: datetime.date | None = Field(
        None,
        description="the day the registers are read on: by default the period's last day, or "
        "today while the period runs; never later than today",
    )
    province_code: int | None = Field(
        None, description="the province (the nation's staff only; a province computes its own)"
    )
