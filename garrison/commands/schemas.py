"""API schemas of the commands registers."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from . import rules
from .models import MilitaryCommand


class HolderOut(Schema):
    person_id: int
    full_name: str
    start_date: datetime.date
    end_date: datetime.date | None
    is_concurrent: bool


class StaffingLineOut(Schema):
    position: str
    quota: int
    holders: list[HolderOut]


class CommandOut(Schema):
    id: int
    name: str
    level: str
    province_code: int = Field(..., alias="province.code")
    commune_code: int | None
    commander: str | None = Field(None, alias="commander_name")
    has_commander: bool
    quota_total: int
    filled_total: int
    vacancies: int
    fill_rate: float | None
    staffing: list[StaffingLineOut]

    @staticmethod
    def resolve_commune_code(command: MilitaryCommand) -> int | None:
        return command.commune.code if command.commune_id else None

    @staticmethod
    def resolve_fill_rate(command: MilitaryCommand) -> float | None:
        return rules.fill_rate(command.filled_total, command.quota_total)

    @staticmethod
    def resolve_staffing(command: MilitaryCommand) -> list[dict]:
        return [
            {
                "position": q.position,
                "quota": q.quota,
                "holders": [
                    {
                        "person_id": a.person_id,
                        "full_name": a.person.full_name,
                        "start_date": a.start_date,
                        "end_date": a.end_date,
                        "is_concurrent": a.is_concurrent,
                    }
                    for a in command.current_assignments
                    if a.position == q.position
                ],
            }
            for q in command.quotas.all()
        ]
