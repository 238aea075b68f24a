"""API schemas of the reporting rate."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


# --- the reporting rate ---------------------------------------------------------------------------
class RateFormOut(Schema):
    id: int
    code: str
    name: str
    period_type: str


class PeriodOut(Schema):
    key: str
    label: str
    start: datetime.date
    end: datetime.date
    due_on: datetime.date


class RateRowOut(Schema):
    code: int | None = Field(..., description="the province's or commune's code (null: total)")
    name: str
    expected: int = Field(..., description="communes whose command existed by the period's end")
    made: int = Field(..., description="returns submitted or approved")
    on_time: int
    late: int
    missing: int = Field(..., description="not made, past the due date")
    not_yet_due: int = Field(..., description="not made, the due date not yet passed")
    rate: float | None = Field(..., description="made per expected return, percent")
    on_time_rate: float | None = Field(..., description="made on time per expected, percent")
    status: str | None = Field(
        None,
        description="a commune's row: on_time, late, missing, not_yet_due or not_expected",
    )
    submission_id: int | None = Field(None, description="a commune's row: its return, if any")
    days_late: int | None = Field(None, description="a commune's row: days late or overdue")


class RatesOut(Schema):
    form: RateFormOut | None = Field(..., description="null when no form is in use in your area")
    period: PeriodOut | None
    grouping: str = Field(..., description="commune or province: what each row is")
    total: RateRowOut
    rows: list[RateRowOut]
