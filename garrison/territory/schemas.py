"""API schemas of the territory registers: provinces and communes."""

from __future__ import annotations

from decimal import Decimal

from ninja import Field, Schema

from garrison.core.api import BodySchema, JsonDecimal, omittable


class ProvinceOut(Schema):
    code: int
    name: str
    division_type: str
    communes: int = Field(..., alias="commune_count")
    commune_commands: int
    commune_commands_with_commander: int


class CommuneOut(Schema):
    id: int
    code: int
    name: str
    division_type: str
    province_code: int = Field(..., alias="province.code")
    is_border: bool
    is_remote: bool
    is_island: bool
    is_key_defence: bool
    population: int | None
    area_km2: Decimal | None
    version: int


class CommunePatch(BodySchema):
    version: int = Field(..., description="the version you read; a stale one answers 409")
    is_border: bool = omittable()
    is_remote: bool = omittable()
    is_island: bool = omittable()
    is_key_defence: bool = omittable()
    population: int | None = None
    area_km2: JsonDecimal | None = None
