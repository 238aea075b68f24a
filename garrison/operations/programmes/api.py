"""The programmes API: the registers' routes generated from their declarations (programmes, the
help given), "give aid" on a programme answering the help recorded and the earlier help to the
same person (the flags), and the totals per commune or per province, as the totals page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from garrison.core.api import (
    ERRORS_LIST,
    ERRORS_WRITE,
    ApiFieldError,
    call_service,
    get_visible,
)
from garrison.core.api_routes import add_register_routes
from garrison.core.numbers import to_decimal
from garrison.core.scoping import scope_of
from garrison.people.models import Person
from garrison.territory.models import Province

from . import indicators as ind
from . import services
from .models import AidKind, MassProgramme, ProgrammeAid
from .schemas import AidGivenOut, GiveAidIn, TotalsOut
from .views import AidConfig, ProgrammeConfig

router = Router(tags=["operations"])

for _config in (ProgrammeConfig, AidConfig):
    add_register_routes(router, _config)


def _person(request: HttpRequest, body: GiveAidIn) -> Person:
    people = Person.objects.visible_to(request.user)
    if body.person_id is not None:
        person = people.filter(pk=body.person_id).first()
        key, value = "person_id", body.person_id
    elif body.citizen_id:
        person = people.filter(citizen_id=body.citizen_id).first()
        key, value = "citizen_id", body.citizen_id
    else:
        raise ApiFieldError({"person_id": [_("Name the person helped: person_id or citizen_id.")]})
    if person is None:
        raise ApiFieldError({key: [_("No person %(value)s in your area.") % {"value": value}]})
    return person


def _value(body: GiveAidIn) -> int:
    if isinstance(body.value_vnd, int):
        return body.value_vnd
    try:
        return int(to_decimal(body.value_vnd, whole=True))
    except ValidationError as exc:
        raise ApiFieldError({"value_vnd": exc.messages}) from exc


@router.post(
    "/operations/programmes/{int:programme_id}/give-aid",
    response={201: AidGivenOut, **ERRORS_WRITE},
    summary="Record help given under a programme (answers the earlier help to the same person)",
    description="A commune account, under its commune's programme or its province's, to a "
    "person living in its commune (`person_id` or `citizen_id`; for a family, its head). "
    "Help given outside the programme's period is refused (400 naming `given_on`); money has "
    "quantity 1; gifts, money and houses need a value. A person already helped under the "
    "programme is recorded, and the earlier help is listed in `flags`.",
    operation_id="operations_programme_give_aid",
)
def give_aid(request: HttpRequest, programme_id: int, payload: GiveAidIn):
    programme = get_visible(request, ProgrammeConfig.api_queryset(request), pk=programme_id)
    if payload.kind not in AidKind.values:
        raise ApiFieldError(
            {"kind": [_("Choose one of %(kinds)s.") % {"kinds": ", ".join(AidKind.values)}]}
        )
    person = _person(request, payload)
    result = call_service(
        services.do_give_aid,
        actor=request.user,
        programme=programme,
        person=person,
        kind=payload.kind,
        quantity=payload.quantity,
        value_vnd=_value(payload),
        given_on=payload.given_on,
        note=payload.note,
    )
    row = get_visible(request, AidConfig.api_queryset(request), pk=result.row.pk)
    return Status(201, {"aid": row, "flags": result.flags})


@router.get(
    "/operations/programme-totals",
    response={200: TotalsOut, **ERRORS_LIST},
    summary="Mass-mobilisation totals per commune or per province",
    description="As the totals page: a province account per commune; the Ministry per province, "
    "or per commune with `province` (a province code). `programme` (an id) for one programme. "
    "People helped are distinct persons; `flagged` counts the help to persons helped more than "
    "once under the same programme. A programme or province outside your area answers 422.",
    operation_id="operations_programme_totals",
)
def totals(request: HttpRequest, programme: int | None = None, province: int | None = None):
    user = request.user
    scope = scope_of(user)
    aid = ProgrammeAid.objects.visible_to(user)
    if programme is not None:
        found = MassProgramme.objects.visible_to(user).filter(pk=programme).first()
        if found is None:
            message = _("No programme %(id)s in your area.") % {"id": programme}
            raise ApiFieldError({"programme": [message]}, detail=message, status=422)
        aid = aid.filter(programme=found)
    by = ind.PROVINCE if scope is not None and scope.is_nation else ind.COMMUNE
    if province is not None:
        place = Province.objects.visible_to(user).filter(code=province).first()
        if place is None:
            message = _("No province %(code)s in your area.") % {"code": province}
            raise ApiFieldError({"province": [message]}, detail=message, status=422)
        aid = aid.filter(province=place)
        by = ind.COMMUNE
    rows = ind.programme_totals(user, by, aid=aid)
    return {"by": by, "rows": [_row(r) for r in rows], "total": _row(ind.sum_rows(rows))}


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": row.get("code") or 0,
        "name": row.get("name") or "",
        "people": row["people"],
        "rows": row["rows"],
        "value_vnd": row["value"],
        "flagged": row["flagged"],
        "by_kind": [
            {"kind": kind, "quantity": row[f"quantity_{kind}"], "value_vnd": row[f"value_{kind}"]}
            for kind in ind.KINDS
        ],
    }
