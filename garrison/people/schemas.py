"""API schemas of the Person register."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from garrison.core.api import BodySchema, omittable

from .models import EducationLevel, Sex


class PersonOut(Schema):
    id: int
    citizen_id: str
    full_name: str
    date_of_birth: datetime.date
    sex: Sex
    ethnicity: str
    religion: str
    education_level: str
    place_of_origin: str
    residence_commune_code: int = Field(..., alias="residence_commune.code")
    province_code: int = Field(..., alias="province.code")
    village_id: int | None = Field(None, description="a village of the residence commune")
    address: str
    phone: str
    version: int


class PersonIn(BodySchema):
    citizen_id: str = Field(..., description="12 digits, consistent with sex and date of birth")
    full_name: str
    date_of_birth: datetime.date
    sex: Sex
    ethnicity: str = Field(..., description='one of the 54 ethnic groups, e.g. "Thái"')
    religion: str = ""
    education_level: EducationLevel | None = None
    place_of_origin: str = ""
    residence_commune_code: int
    village_id: int | None = Field(None, description="a village of the residence commune")
    address: str = ""
    phone: str = ""


class PersonPatch(BodySchema):
    """Send only what changes; `null` empties a field that may be empty."""

    version: int = Field(..., description="the version you read; a stale one answers 409")
    citizen_id: str = omittable()
    full_name: str = omittable()
    date_of_birth: datetime.date = omittable()
    sex: Sex = omittable()
    ethnicity: str = omittable()
    religion: str | None = None
    education_level: EducationLevel | None = None
    place_of_origin: str | None = None
    residence_commune_code: int = omittable()
    village_id: int | None = None
    address: str | None = None
    phone: str | None = None
