"""API schemas of reviews: the row, its detail with the figures it quotes and the lessons it drew,
and the body of "quote figures from the registers"."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from garrison.core.api import BodySchema


class ReviewOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    kind: str = Field(..., description="interim or overall")
    title: str
    subject: str = Field(..., description="period, programme or event: what is reviewed")
    programme_id: int | None = Field(..., description="for a programme review")
    event_id: int | None = Field(..., description="for the review of a readiness event")
    period_start: datetime.date
    period_end: datetime.date
    held_on: datetime.date = Field(..., description="the review date: the figures are as of it")
    version: int


class ReviewFigureOut(Schema):
    indicator: str = Field(..., description="the indicator's code in the registry")
    label: str = Field(..., description="as it was quoted, in Vietnamese")
    value: Decimal = Field(
        ..., description="the sum over the province's communes (a rate: their mean)"
    )
    unit: str
    as_of: datetime.date


class ReviewLessonOut(Schema):
    id: int
    kind: str = Field(..., description="lesson or model")
    title: str
    topic: str


class ReviewDetailOut(ReviewOut):
    scope_text: str
    conclusions: str
    figures: list[ReviewFigureOut]
    lessons: list[ReviewLessonOut]

    @staticmethod
    def resolve_figures(obj: Any) -> list[Any]:
        return list(obj.figures.order_by("indicator"))

    @staticmethod
    def resolve_lessons(obj: Any) -> list[Any]:
        return list(obj.lessons.order_by("-recorded_on", "-pk"))


class QuoteFiguresIn(BodySchema):
    codes: list[str] = Field(
        default_factory=list,
        description="codes of the indicator registry, e.g. militia.strength, service.registered",
    )
    every: bool = Field(False, description="true: quote every figure of the registry")


__all__ = ["QuoteFiguresIn", "ReviewDetailOut", "ReviewFigureOut", "ReviewOut"]
