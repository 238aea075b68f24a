from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from garrison.commands.models import MilitaryCommand
from garrison.core.api import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    Pagination,
    get_editable,
    get_visible,
    save_with_form,
)

from .forms import CommuneForm
from .models import Commune, Province

router = Router(tags=["territory"])


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


class CommunePatch(Schema):
    version: int = Field(..., description="the version you read; a stale one answers 409")
    is_border: bool | None = None
    is_remote: bool | None = None
    is_island: bool | None = None
    is_key_defence: bool | None = None
    population: int | None = None
    area_km2: Decimal | None = None


@router.get(
    "/provinces",
    response={200: list[ProvinceOut], **ERRORS_LIST},
    summary="List provinces",
    description="The provinces you can see, with their commune-command staffing roll-up.",
)
@paginate(Pagination)
def list_provinces(request: HttpRequest):
    rollup = {
        row["province"]: row
        for row in MilitaryCommand.objects.visible_to(request.user).commander_rollup()
    }
    provinces = list(
        Province.objects.visible_to(request.user)
        .annotate(commune_count=Count("communes"))
        .order_by("code")
    )
    for province in provinces:
        row = rollup.get(province.pk, {})
        province.commune_commands = row.get("commands", 0)
        province.commune_commands_with_commander = row.get("with_commander", 0)
    return provinces


@router.get(
    "/communes",
    response={200: list[CommuneOut], **ERRORS_LIST},
    summary="List communes",
    description="Commune-level units you can see; `province` filters by province code.",
)
@paginate(Pagination)
def list_communes(request: HttpRequest, province: int | None = None):
    qs = Commune.objects.visible_to(request.user).select_related("province").order_by("code")
    if province is not None:
        qs = qs.filter(province__code=province)
    return qs


@router.get("/communes/{code}", response={200: CommuneOut, **ERRORS_READ}, summary="Get a commune")
def get_commune(request: HttpRequest, code: int):
    return get_visible(request, Commune.objects.select_related("province"), code=code)


@router.patch(
    "/communes/{code}",
    response={200: CommuneOut, **ERRORS_WRITE},
    summary="Change a commune's military attributes",
    description="Province staff set border/remote/island/key-defence flags, population "
    "and area. Send the `version` you read.",
)
def patch_commune(request: HttpRequest, code: int, payload: CommunePatch):
    commune = get_editable(request, Commune.objects.select_related("province"), code=code)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return save_with_form(request, CommuneForm, commune, data, version)
