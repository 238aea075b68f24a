"""API schemas of the duty rosters: shifts with their bookings, the bodies of booking, taking
off and planning, and the roster of a range."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from garrison.core.api import BodySchema

ShiftName = Literal["day", "night"]
RoleName = Literal["duty_officer", "militia_standby"]


class BookingOut(Schema):
    id: int
    role: str
    person_id: int
    full_name: str = Field(..., alias="person.full_name")
    member_id: int | None
    staff_post_id: int | None


class ShiftOut(Schema):
    id: int
    commune_code: int = Field(..., alias="commune.code")
    event_id: int | None
    day: datetime.date
    shift: str
    note: str
    booked: int = Field(0, description="how many people are booked on the shift")
    version: int

    @staticmethod
    def resolve_booked(shift: Any) -> int:
        booked = getattr(shift, "booked", None)
        return booked if booked is not None else shift.assignments.count()


class ShiftDetailOut(ShiftOut):
    bookings: list[BookingOut]

    @staticmethod
    def resolve_bookings(shift: Any) -> list[Any]:
        from .querysets import shift_bookings

        return list(shift_bookings(shift))


class ShiftIn(BodySchema):
    commune_code: int
    day: datetime.date
    shift: ShiftName
    event_id: int | None = None
    note: str = Field("", max_length=200)


class BookIn(BodySchema):
    role: RoleName
    member_id: int | None = Field(None, description="the militia term (role militia_standby)")
    staff_post_id: int | None = Field(
        None, description="the post of the commune's command held (role duty_officer)"
    )


class UnbookIn(BodySchema):
    booking_id: int = Field(..., description="the booking (an id of the shift's `bookings`)")


class RosterPlanIn(BodySchema):
    commune_code: int
    first_day: datetime.date | None = Field(None, description="default: the event's first day")
    last_day: datetime.date | None = Field(None, description="default: the event's last day")
    shifts: list[ShiftName] = Field(default_factory=lambda: ["day", "night"])
    event_id: int | None = None


class RosterPlanOut(Schema):
    created: int
    shift_ids: list[int]


class RosterFlagOut(Schema):
    code: str
    message: str


class OnDutyOut(Schema):
    day: datetime.date
    shift: str
    role: str
    person_id: int
    full_name: str


class RosterCellOut(Schema):
    shift: str
    shift_id: int | None
    strength: int
    bookings: list[BookingOut]
    flags: list[RosterFlagOut]


class RosterDayOut(Schema):
    day: datetime.date
    shifts: list[RosterCellOut]
    flags: list[RosterFlagOut]


class RosterOut(Schema):
    commune_code: int
    commune_name: str
    event_id: int | None
    first_day: datetime.date
    last_day: datetime.date
    on_duty_now: list[OnDutyOut]
    days: list[RosterDayOut]
    flags: list[RosterFlagOut]
