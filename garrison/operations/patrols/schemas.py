"""Bodies of the patrol actions in the API (the registers' schemas are generated)."""

from __future__ import annotations

from ninja import Field, Schema


class RecordPatrolIn(Schema):
    findings: str = Field("", description="what the patrol found")
    follow_up: str = Field("", description="the follow-up")
    member_ids: list[int] | None = Field(
        None, description="the militia members who took part (default: those planned)"
    )
    officer_ids: list[int] | None = Field(
        None, description="the police officers who took part (default: those planned)"
    )


class CancelPatrolIn(Schema):
    reason: str = Field(..., description="why the patrol will not take place")
