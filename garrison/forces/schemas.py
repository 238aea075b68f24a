"""API schemas of the forces registers: militia units and members, reservists, reserve units,
technical means, training plans and sessions, the overview."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema

from garrison.core.api import BodySchema, JsonDecimal, omittable

from . import rules

# --- militia -------------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    commune_code: int = Field(..., alias="commune.code")
    parent_id: int | None
    name: str
    force: str
    kind: str
    level: str
    village: str
    agency: str
    establishment_leaders: int
    establishment_deputies: int
    establishment_political: int
    establishment_members: int
    establishment_total: int
    strength: int = Field(..., description="members whose term is open")
    is_active: bool
    version: int


class UnitIn(BodySchema):
    commune_code: int
    name: str
    kind: str = Field(..., description="DQTV 6: local, mobile, standing, maritime, …")
    level: str = Field(..., description="team, crew, squad, platoon, company, battalion")
    force: str = "militia"
    parent_id: int | None = None
    village: str = ""
    agency: str = ""
    established_on: datetime.date | None = None
    decision_number: str = ""
    establishment_leaders: int = 1
    establishment_deputies: int = 0
    establishment_political: int = 0
    establishment_members: int = 0
    is_active: bool = True


class UnitPatch(BodySchema):
    """Send only what changes; `null` empties a field that may be empty (the parent unit, the
    village, the agency, the decision number)."""

    version: int
    name: str = omittable()
    kind: str = omittable()
    level: str = omittable()
    parent_id: int | None = None
    village: str | None = None
    agency: str | None = None
    decision_number: str | None = None
    establishment_leaders: int = omittable()
    establishment_deputies: int = omittable()
    establishment_political: int = omittable()
    establishment_members: int = omittable()
    is_active: bool = omittable()


class MemberOut(Schema):
    id: int
    citizen_id: str = Field(..., alias="person.citizen_id")
    full_name: str = Field(..., alias="person.full_name")
    date_of_birth: datetime.date = Field(..., alias="person.date_of_birth")
    commune_code: int = Field(..., alias="commune.code")
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    role: str
    kind: str
    started_on: datetime.date
    term_years: int
    extension_years: int
    term_end: datetime.date
    status: str
    volunteer: bool
    ended_on: datetime.date | None
    end_reason: str
    version: int


class PlacementOut(Schema):
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    role: str
    started_on: datetime.date
    ended_on: datetime.date | None
    note: str


class TrainingOut(Schema):
    year: int
    required: int = Field(..., description="days DQTV 28.1 requires this year")
    attended: Decimal
    held: Decimal = Field(..., description="days of the plan held since the term began")
    behind: bool
    complete: bool


class MemberDetailOut(MemberOut):
    placements: list[PlacementOut]
    training: TrainingOut | None

    @staticmethod
    def resolve_placements(member: Any) -> list[Any]:
        return list(member.assignments.select_related("unit"))

    @staticmethod
    def resolve_training(member: Any) -> dict[str, Any] | None:
        if not member.is_open:
            return None
        today = timezone.localdate()
        row = type(member).objects.filter(pk=member.pk).with_training(today.year, today).first()
        if row is None:
            return None
        return {
            "year": today.year,
            "required": row.required,
            "attended": row.attended,
            "held": row.held,
            "behind": row.behind,
            "complete": row.complete,
        }


class MemberIn(BodySchema):
    citizen_id: str = Field(..., description="a resident of the unit's commune")
    unit_id: int
    started_on: datetime.date
    role: str = "member"
    volunteer: bool = False
    decision_number: str = ""
    circumstances: list[str] = Field(
        default_factory=list,
        description="codes of DQTV 11 circumstances: pregnant, unfit, spouse_army, "
        "spouse_police, spouse_difficult_area, poor_household_sole_labourer, "
        "supports_dependants, family_disaster, invalid_61_80, studying, abroad, "
        "martyr_family, invalid_81, heroic_mother_carer, carer_81, cipher_worker",
    )
    youngest_child_dob: datetime.date | None = None
    raising_child_alone: bool = False
    reviewed: bool = Field(
        False, description="a person reviewed a case the law leaves open (manual_review)"
    )
    notes: str = ""


class MoveIn(BodySchema):
    unit_id: int
    role: str = "member"
    on: datetime.date | None = None
    note: str = ""


class ExtendIn(BodySchema):
    years: int = Field(..., ge=1, le=10)
    decision_number: str = ""
    on: datetime.date | None = None
    reviewed: bool = Field(
        False, description="a person reviewed a case the law leaves open (manual_review)"
    )


class EndIn(BodySchema):
    on: datetime.date | None = None
    reason: str = Field("", description="empty when the term is completed; else a DQTV 12/13 code")


# --- reserve -------------------------------------------------------------------------------------


class ReserveUnitOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    code: str
    name: str
    role: str
    parent_unit: str
    establishment: int
    means_establishment: int


class ReservistOut(Schema):
    id: int
    citizen_id: str = Field(..., alias="person.citizen_id")
    full_name: str = Field(..., alias="person.full_name")
    date_of_birth: datetime.date = Field(..., alias="person.date_of_birth")
    commune_code: int = Field(..., alias="commune.code")
    category: str
    rank: str
    specialty_code: str
    specialty: str
    reserve_class: str
    active_service_months: int | None
    health_class: int | None
    registered_on: datetime.date
    checked_on: datetime.date | None
    reserve_unit_id: int | None
    assigned_on: datetime.date | None
    status: str
    version: int


class ReservistDetailOut(ReservistOut):
    answer: dict[str, Any] = Field(..., description="the reserve engine's answer today")

    @staticmethod
    def resolve_answer(reservist: Any) -> dict[str, Any]:
        from .services import assess_reservist

        return assess_reservist(reservist).as_dict()


class ReservistIn(BodySchema):
    citizen_id: str
    category: str = "nco_soldier"
    rank: str = "none"
    specialty_code: str = ""
    specialty: str = ""
    reserve_class: str = "hang_2"
    active_service_months: int = 0
    health_class: int | None = None
    registered_on: datetime.date
    checked_on: datetime.date | None = None
    notes: str = ""


class CheckIn(BodySchema):
    on: datetime.date | None = None
    health_class: int | None = Field(None, ge=1, le=6)


class AssignIn(BodySchema):
    reserve_unit_id: int | None = Field(..., description="null takes the reservist off a unit")
    on: datetime.date | None = None


class MeansOut(Schema):
    id: int
    commune_code: int = Field(..., alias="commune.code")
    kind: str
    model_name: str
    registration_number: str
    owner_name: str
    owner_is_organisation: bool
    specifications: str
    year_made: int | None
    registered_on: datetime.date
    checked_on: datetime.date | None
    reserve_unit_id: int | None
    status: str
    version: int


class MeansIn(BodySchema):
    commune_code: int
    kind: str = Field(
        ...,
        description="road_vehicle, inland_vessel, sea_vessel, construction, "
        "cargo_handling, communications, medical or other",
    )
    model_name: str = Field(..., description="make and model, e.g. Hyundai HD700")
    status: str = Field("registered", description="registered (a new means is on the register)")
    registration_number: str
    owner_name: str
    owner_is_organisation: bool = False
    owner_citizen_id: str = ""
    specifications: str = ""
    year_made: int | None = None
    registered_on: datetime.date
    reserve_unit_id: int | None = None


class MeansCheckIn(BodySchema):
    on: datetime.date | None = None
    reserve_unit_id: int | None = None
    assign: bool = Field(False, description="set the reserve unit to reserve_unit_id")


# --- training ------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    commune_code: int = Field(..., alias="commune.code")
    year: int
    kind: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    location: str
    first_year_days: int
    later_year_days: int
    version: int

    @staticmethod
    def resolve_first_year_days(plan: Any) -> int:
        return rules.training_days(plan.kind, 1)

    @staticmethod
    def resolve_later_year_days(plan: Any) -> int:
        return rules.training_days(plan.kind, 2)


class PlanMemberOut(Schema):
    member_id: int = Field(..., alias="pk")
    full_name: str = Field(..., alias="person.full_name")
    unit_name: str = Field(..., alias="unit.name")
    required: int
    attended: Decimal
    behind: bool
    complete: bool


class PlanDetailOut(PlanOut):
    members: list[PlanMemberOut]

    @staticmethod
    def resolve_members(plan: Any, context: Any) -> list[Any]:
        from .models import MilitiaMember

        return list(
            MilitiaMember.objects.visible_to(context["request"].user)
            .open()
            .filter(commune_id=plan.commune_id, unit__kind=plan.kind)
            .with_training(plan.year, timezone.localdate())
            .select_related("person", "unit")
            .order_by("unit__name", "person__name_sort_key")
        )


class PlanIn(BodySchema):
    commune_code: int
    year: int
    kind: str
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    location: str = ""
    notes: str = ""


class SessionOut(Schema):
    id: int
    plan_id: int
    commune_code: int = Field(..., alias="commune.code")
    held_on: datetime.date
    days: Decimal
    content: str
    location: str
    present: int
    version: int


class SessionIn(BodySchema):
    plan_id: int
    held_on: datetime.date
    days: JsonDecimal = Field(..., gt=0, le=31)
    content: str
    location: str = ""


class AbsenceIn(BodySchema):
    member_id: int
    reason: Literal["sick", "working_away", "excused", "unexcused"]
    note: str = Field("", max_length=200)


class AttendanceIn(BodySchema):
    member_ids: list[int] = Field(..., description="everyone present (replaces the list)")
    absences: list[AbsenceIn] = Field(
        default_factory=list,
        description="who was expected but absent, and why (replaces the list)",
    )


# --- overview ------------------------------------------------------------------------------------


class RollupRowOut(Schema):
    key: int | None
    name: str
    population: int | None
    target_percent: Decimal | None
    establishment: int
    strength: int
    gap: int
    completing: int
    to_recruit: int
    trainees: int
    trained: int
    behind: int
    reservists: int
    assigned: int
    checked: int
    class_1: int
    means: int
    means_assigned: int


class OverviewOut(Schema):
    year: int
    grouping: str = Field(..., description="unit (a commune), commune (a province), province")
    rows: list[RollupRowOut]
    total: RollupRowOut
