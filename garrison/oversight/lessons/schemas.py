"""API schemas of lessons learned and effective models, their replications, and the body of
"record a replication"."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from garrison.core.api import BodySchema

from . import rules


class LessonOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    origin_commune_code: int | None = Field(
        None, description="the commune it came from; empty for the whole province"
    )
    kind: str = Field(..., description="lesson (lesson learned) or model (effective model)")
    title: str
    topic: str
    tags: list[str]
    suits: list[str] = Field(
        ..., description="the kinds of commune it suits: border, mountain, island, urban"
    )
    review_id: int | None
    inspection_id: int | None
    incident_id: int | None
    recorded_on: datetime.date
    version: int

    @staticmethod
    def resolve_origin_commune_code(obj: Any) -> int | None:
        return obj.origin_commune.code if obj.origin_commune_id else None

    @staticmethod
    def resolve_tags(obj: Any) -> list[str]:
        return rules.split_tags(obj.tags)

    @staticmethod
    def resolve_suits(obj: Any) -> list[str]:
        return [kind for kind, flag in rules.SUITS.items() if getattr(obj, flag)]


class ReplicationOut(Schema):
    id: int
    lesson_id: int
    commune_code: int = Field(..., alias="commune.code")
    started_on: datetime.date
    result: str = Field(..., description="under_way, succeeded, partly or failed")
    result_note: str
    version: int


class LessonDetailOut(LessonOut):
    body: str
    replications: list[ReplicationOut] = Field(
        ..., description="where the model was taken up (a commune reads its own only)"
    )

    @staticmethod
    def resolve_replications(obj: Any) -> list[Any]:
        return list(getattr(obj, "visible_replications", []))


class RecordReplicationIn(BodySchema):
    commune_code: int = Field(..., description="a commune of the model's province")
    started_on: datetime.date = Field(..., description="when it took the model up")
    result: str = Field("under_way", description="under_way, succeeded, partly or failed")
    result_note: str = ""


__all__ = ["LessonDetailOut", "LessonOut", "RecordReplicationIn", "ReplicationOut"]
