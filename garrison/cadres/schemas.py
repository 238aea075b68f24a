"""API schemas of the cadres app: profiles, screening, placement proposals (their matches and
pins, approval) and the decisions issued."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema

from garrison.commands.rules import Position
from garrison.core.api import BodySchema

from .services.placement import parts_of, reason_label, taken_by, vacancy_label

# --- profiles ------------------------------------------------------------------------------------


class ProfileOut(Schema):
    id: int
    person_id: int
    full_name: str = Field(..., alias="person.full_name")
    citizen_id: str = Field(..., alias="person.citizen_id")
    date_of_birth: datetime.date = Field(..., alias="person.date_of_birth")
    province_code: int = Field(..., alias="province.code", description="the managing province")
    commune_code: int | None = Field(
        ..., description="the commune of the post held now; null: no commune post"
    )
    status: str = Field(..., description="active, studying or left")
    service_category: str
    rank: str = Field(..., description="empty for a civil servant")
    rank_date: datetime.date | None
    political_theory: str = Field(..., description="none, elementary, intermediate, advanced")
    party_member: bool
    health_class: int | None
    local_military_years: float
    grassroots_years: float
    home_commune_code: int | None
    version: int

    @staticmethod
    def resolve_commune_code(obj) -> int | None:
        return obj.commune.code if obj.commune_id else None

    @staticmethod
    def resolve_home_commune_code(obj) -> int | None:
        return obj.home_commune.code if obj.home_commune_id else None


class PostHeldOut(Schema):
    command_id: int
    command_name: str = Field(..., alias="command.name")
    commune_code: int | None
    position: str
    start_date: datetime.date
    end_date: datetime.date | None
    is_concurrent: bool
    decision: str

    @staticmethod
    def resolve_commune_code(obj) -> int | None:
        return obj.command.commune.code if obj.command.commune_id else None


class MembershipOut(Schema):
    body: str = Field(..., description="party_executive, party_standing or peoples_council")
    commune_code: int = Field(..., alias="commune.code")
    term: str
    started_on: datetime.date
    ended_on: datetime.date | None


class CareerOut(Schema):
    title: str
    organisation: str
    command_id: int | None = Field(..., description="set for a post in Garrison's commands")
    position: str
    started_on: datetime.date
    ended_on: datetime.date | None
    decision_number: str | None

    @staticmethod
    def resolve_decision_number(obj) -> str | None:
        return obj.decision.number if obj.decision_id else None


class ProfileDetailOut(ProfileOut):
    unit_of_origin: str
    military_education: str
    party_joined_on: datetime.date | None
    ethnic_languages: str
    mass_mobilisation: bool
    mass_mobilisation_notes: str
    posts: list[PostHeldOut] = Field(..., alias="current_posts", description="held today")
    memberships: list[MembershipOut]
    career: list[CareerOut] = Field(..., description="every post held, latest first")


# --- screening -----------------------------------------------------------------------------------


class ScreeningIn(BodySchema):
    profile_id: int | None = Field(None, description="the cadre (or give `citizen_id`)")
    citizen_id: str | None = Field(None, description="the cadre's citizen ID (CCCD)")
    command_id: int | None = Field(None, description="a commune command (or give `commune_code`)")
    commune_code: int | None = Field(None, description="the commune whose command it is")
    position: Position = Field(..., description="the post (not political_commissar)")
    on: datetime.date | None = Field(None, description="the day of the screening; default today")
    home_rule: bool = Field(
        True, description="apply the rule that no one serves in their home commune"
    )


class ReasonOut(Schema):
    code: str = Field(
        ...,
        description="age, category, rank, political_theory, party, health, local_experience, "
        "grassroots, home_commune or no_standard",
    )
    message: str
    standard: str = Field(..., description="the standard not met (empty for a rule)")


class PartOut(Schema):
    label: str
    points: int


class ScreeningOut(Schema):
    profile_id: int
    full_name: str
    command_id: int
    command_name: str
    position: str
    on: datetime.date
    passed: bool
    reasons: list[ReasonOut] = Field(..., description="every criterion not met")
    standards_applied: list[str] = Field(..., description="the standards screened against")
    points: int = Field(..., description="the priority points the match would be worth")
    parts: list[PartOut] = Field(..., description="what the points are made of")


# --- placement proposals -------------------------------------------------------------------------


class RunSummaryOut(Schema):
    posts: int = Field(..., description="open posts in the proposal")
    strategic_posts: int = Field(
        ..., description="of them in border, remote, island or key communes"
    )
    candidates: int
    eligible_pairs: int = Field(..., description="candidate-post pairs that pass screening")
    filled: int
    strategic_filled: int
    points: int = Field(..., description="priority points of the matches")
    greedy_filled: int = Field(..., description="posts a greedy pick would fill (baseline)")
    greedy_strategic_filled: int
    greedy_points: int
    solve_ms: float


class RunOut(Schema):
    id: int
    province_code: int = Field(..., alias="province.code")
    title: str
    effective_on: datetime.date
    horizon: datetime.date = Field(..., description="posts falling vacant by this day count")
    positions: list[str]
    home_commune_rule: bool
    status: str = Field(..., description="draft, approved or discarded")
    created_at: datetime.datetime
    solved_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    summary: RunSummaryOut | None = Field(..., description="figures of the last solve")
    version: int

    @staticmethod
    def resolve_summary(obj) -> dict | None:
        return obj.summary or None


class VacancyOut(Schema):
    on: datetime.date | None = Field(..., description="null: vacant now")
    why: str = Field(..., description="vacant, age, term or rotation")
    label: str


class ReasonCountOut(Schema):
    code: str
    label: str
    count: int = Field(..., description="candidates failing on it")


class TakenOut(Schema):
    name: str
    post: str = Field(..., description="the post the candidate takes instead")


class ExplanationOut(Schema):
    kind: str = Field(
        ...,
        description="match (the parts of the points), none_eligible (nobody passes screening: "
        "the reasons, most common first) or taken (those eligible take other posts)",
    )
    parts: list[PartOut] = []
    reasons: list[ReasonCountOut] = []
    count: int | None = Field(None, description="taken: how many candidates were eligible")
    others: list[TakenOut] = []


def _explanation(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        return {"kind": ""}
    kind = data.get("kind", "")
    if kind == "match":
        return {"kind": kind, "parts": [{"label": a, "points": b} for a, b in parts_of(data)]}
    if kind == "none_eligible":
        return {
            "kind": kind,
            "reasons": [
                {"code": code, "label": reason_label(code), "count": n}
                for code, n in data["reasons"]
            ],
        }
    if kind == "taken":
        return {
            "kind": kind,
            "count": data.get("count"),
            "others": [{"name": name, "post": post} for name, post in taken_by(data)],
        }
    return {"kind": kind}


class MatchOut(Schema):
    command_id: int
    command_name: str = Field(..., alias="command.name")
    commune_code: int | None
    position: str
    strategic: bool
    pinned: bool
    points: int
    eligible_count: int
    profile_id: int | None = Field(..., description="null: the post stays empty")
    full_name: str | None
    vacancy: list[VacancyOut] = Field(..., description="why the post is in the proposal")
    explanation: ExplanationOut

    @staticmethod
    def resolve_commune_code(obj) -> int | None:
        return obj.command.commune.code if obj.command.commune_id else None

    @staticmethod
    def resolve_full_name(obj) -> str | None:
        return obj.profile.person.full_name if obj.profile_id else None

    @staticmethod
    def resolve_vacancy(obj) -> list[dict]:
        return [
            {"on": day, "why": why, "label": vacancy_label(why)} for day, why in obj.vacancy or []
        ]

    @staticmethod
    def resolve_explanation(obj) -> dict:
        return _explanation(obj.explanation)


class PinOut(Schema):
    id: int
    kind: str = Field(..., description="pin or forbid")
    command_id: int
    command_name: str = Field(..., alias="command.name")
    position: str
    profile_id: int
    full_name: str = Field(..., alias="profile.person.full_name")


class RunDetailOut(RunOut):
    pins: list[PinOut]
    matches: list[MatchOut] = Field(..., description="one per open post, strategic first")


class RunIn(BodySchema):
    title: str
    effective_on: datetime.date
    horizon: datetime.date = Field(..., description="include posts falling vacant by this day")
    positions: list[Position] | None = Field(
        None, description="the posts to fill; default commander and deputy_commander"
    )
    home_commune_rule: bool = Field(True, description="no one serves in their home commune")
    province_code: int | None = Field(
        None, description="the province (Ministry users only; province staff: their own)"
    )


class PinIn(BodySchema):
    kind: Literal["pin", "forbid"] = Field(
        ..., description="pin: must take the post; forbid: must not"
    )
    command_id: int
    position: Position
    profile_id: int


class ApproveIn(BodySchema):
    first_number: int = Field(..., ge=1, description="the number of the first decision")
    symbol: str = Field(..., description='e.g. QĐ-BCH: decisions are numbered "101/QĐ-BCH", …')
    signed_on: datetime.date
    signer_name: str
    signer_title: str


# --- decisions -----------------------------------------------------------------------------------


class DecisionOut(Schema):
    id: int
    number: str
    kind: str = Field(..., description="appointment, transfer or promotion")
    status: str = Field(..., description="in_force or revoked")
    profile_id: int
    full_name: str = Field(..., alias="profile.person.full_name")
    command_id: int | None
    command_name: str | None
    commune_code: int | None
    position: str
    new_rank: str
    signed_on: datetime.date
    effective_on: datetime.date
    placement_run_id: int | None
    version: int

    @staticmethod
    def resolve_command_name(obj) -> str | None:
        return obj.command.name if obj.command_id else None

    @staticmethod
    def resolve_commune_code(obj) -> int | None:
        return obj.commune.code if obj.commune_id else None
