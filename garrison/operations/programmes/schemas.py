"""API schemas of mass-mobilisation programmes, the help they gave and their totals."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from garrison.core.api import BodySchema

from .models import PARTNER_FIELDS


class ProgrammeOut(Schema):
    id: int
    province_code: int
    commune_code: int | None = Field(
        None, description="empty for a programme of the whole province"
    )
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    partners: list[str] = Field(
        ...,
        description="the mass organisations it is run with: "
        + ", ".join(PARTNER_FIELDS)
        + " (each also a `with_<code>` boolean)",
    )
    with_fatherland_front: bool
    with_womens_union: bool
    with_youth_union: bool
    with_veterans_association: bool
    with_farmers_union: bool
    budget_vnd: int | None
    description: str
    version: int

    @staticmethod
    def resolve_province_code(obj) -> int:
        return obj.province.code

    @staticmethod
    def resolve_commune_code(obj) -> int | None:
        return obj.commune.code if obj.commune_id else None

    @staticmethod
    def resolve_partners(obj) -> list[str]:
        return [code for code, name in PARTNER_FIELDS.items() if getattr(obj, name)]


class AidOut(Schema):
    id: int
    programme_id: int
    commune_code: int = Field(..., alias="commune.code")
    person_id: int
    person_name: str = Field(..., alias="person.full_name")
    kind: str = Field(..., description="gift, money, work_days, house_built or house_repaired")
    quantity: int
    value_vnd: int
    given_on: datetime.date
    note: str
    helped_twice: bool = Field(
        False, description="the person was helped more than once under the same programme"
    )
    version: int

    @staticmethod
    def resolve_helped_twice(obj) -> bool:
        return bool(getattr(obj, "helped_twice", False))


class EarlierHelpOut(Schema):
    id: int
    kind: str
    quantity: int
    value_vnd: int
    given_on: datetime.date
    commune_code: int = Field(..., alias="commune.code")


class AidGivenOut(Schema):
    aid: AidOut
    flags: list[EarlierHelpOut] = Field(
        ...,
        description="the earlier help to the same person under the same programme (the help "
        "was recorded; check it is not entered twice)",
    )


class GiveAidIn(BodySchema):
    person_id: int | None = Field(None, description="the person helped (for a family, its head)")
    citizen_id: str | None = Field(None, description="or the person's citizen ID")
    kind: str = Field(..., description="gift, money, work_days, house_built or house_repaired")
    quantity: int = Field(1, description="gifts, work days or houses; 1 for money")
    value_vnd: int | str = Field(
        ...,
        description='whole VND: a number, or text written either way ("1.200.000" or '
        '"1,200,000"); "0,5" is refused',
    )
    given_on: datetime.date = Field(..., description="within the programme's period")
    note: str = ""


class KindTotalOut(Schema):
    kind: str
    quantity: int
    value_vnd: int


class TotalsRowOut(Schema):
    code: int = Field(..., description="the commune's or province's code")
    name: str
    people: int = Field(..., description="distinct persons helped")
    rows: int = Field(..., description="help given (records)")
    value_vnd: int
    flagged: int = Field(
        ..., description="help given to persons helped more than once in the same programme"
    )
    by_kind: list[KindTotalOut]


class TotalsOut(Schema):
    by: str = Field(..., description="commune or province")
    rows: list[TotalsRowOut]
    total: TotalsRowOut
