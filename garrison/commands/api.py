from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from garrison.core.api import ERRORS_LIST, ERRORS_READ, Pagination, get_visible

from . import rules
from .models import Assignment, MilitaryCommand, StaffingQuota
from .querysets import commander_name

router = Router(tags=["commands"])


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


def _commands(request: HttpRequest):
    return (
        MilitaryCommand.objects.visible_to(request.user)
        .with_staffing()
        .annotate(commander_name=commander_name())
        .select_related("province", "commune")
        .prefetch_related(
            Prefetch("quotas", queryset=StaffingQuota.objects.order_by("position")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.current().select_related("person"),
                to_attr="current_assignments",
            ),
        )
    )


@router.get(
    "/commands",
    response={200: list[CommandOut], **ERRORS_LIST},
    summary="List military commands",
    description="Commands you can see with their staffing table, holders in post today "
    "and fill rate. `province` filters by province code, `level` by "
    "`province`/`commune`, `has_commander=false` lists the gaps.",
)
@paginate(Pagination)
def list_commands(
    request: HttpRequest,
    province: int | None = None,
    level: str | None = None,
    has_commander: bool | None = None,
):
    qs = _commands(request).order_by("province__code", "level", "name")
    if province is not None:
        qs = qs.filter(province__code=province)
    if level:
        qs = qs.filter(level=level)
    if has_commander is not None:
        qs = qs.filter(has_commander=has_commander)
    return qs


@router.get(
    "/commands/{command_id}",
    response={200: CommandOut, **ERRORS_READ},
    summary="Get a military command",
)
def get_command(request: HttpRequest, command_id: int):
    return get_visible(request, _commands(request), pk=command_id)
