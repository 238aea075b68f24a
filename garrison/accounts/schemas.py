"""API schemas of the user accounts (never the password or its hash)."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    province_code: int | None = Field(None, description="the province of the scope")
    commune_code: int | None = Field(None, description="the commune of the scope")
    phone: str
    is_active: bool
    last_login: datetime.datetime | None
    version: int

    @staticmethod
    def resolve_province_code(user) -> int | None:
        return user.province.code if user.province_id else None

    @staticmethod
    def resolve_commune_code(user) -> int | None:
        return user.commune.code if user.commune_id else None
