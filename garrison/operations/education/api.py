"""The education API: the registers' routes generated from their declarations (sessions,
attendance, the cadres of the groups), the session's attendance actions (record, remove), each
calling the same service as the page, and the coverage as JSON (the page's figures)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from garrison.core.api import ERRORS_READ, ApiFieldError, FieldErrorOut
from garrison.core.api_routes import add_action_route, add_register_routes
from garrison.people.models import Person

from . import coverage, services
from .schemas import EducationAttendanceIn, EducationCoverageOut
from .views import AttendanceConfig, AudienceMemberConfig, SessionConfig

router = Router(tags=["operations"])

for _config in (SessionConfig, AttendanceConfig, AudienceMemberConfig):
    add_register_routes(router, _config)


def _persons(request: HttpRequest, body: EducationAttendanceIn) -> dict[str, Any]:
    ids = set(body.person_ids)
    rows = list(Person.objects.visible_to(request.user).filter(pk__in=ids))
    missing = sorted(ids - {p.pk for p in rows})
    if missing:
        raise ApiFieldError(
            {"person_ids": [_("No people with the ids %(ids)s in your area.") % {"ids": missing}]}
        )
    return {"persons": rows}


add_action_route(
    router,
    SessionConfig,
    "record-attendance",
    service=services.do_record_attendance,
    summary="Record people who attended a defence and security education session",
    description="Many at once; someone already recorded is left as they are. Refused (400) for "
    "a session not yet held (starting after today), for people who neither live in the "
    "session's commune nor are counted among its cadres, and when the people named would exceed "
    "the session's count.",
    target="session",
    payload=EducationAttendanceIn,
    arguments=_persons,
)
add_action_route(
    router,
    SessionConfig,
    "remove-attendance",
    service=services.do_remove_attendance,
    summary="Remove people from the attendance of a session",
    description="Those not recorded at the session are ignored.",
    target="session",
    payload=EducationAttendanceIn,
    arguments=_persons,
)


def _place(row: coverage.Row) -> dict[str, Any]:
    return {
        "id": row.pk,
        "code": row.code,
        "name": row.name,
        "groups": [
            {
                "group": g,
                "sessions": f.sessions,
                "named": f.named,
                "counted": f.counted,
                "people": f.people,
                "cadres": f.members,
                "trained": f.trained,
                "due": f.due,
            }
            for g, _label, f in row.cells
        ],
    }


@router.get(
    "/operations/education-coverage",
    response={200: EducationCoverageOut, **ERRORS_READ, 422: FieldErrorOut},
    summary="Defence and security education coverage per group",
    description="As the coverage page: `year` (default this year); a province or the Ministry "
    "may name `commune` (its code) for one commune's groups and its cadres not yet trained, the "
    "Ministry `province` (its code) for its communes. A place outside your area answers 404; "
    "a year that is not one answers 422.",
    operation_id="operations_education_coverage",
)
def education_coverage(
    request: HttpRequest,
    year: str | None = Query(None, description="a year, e.g. 2026"),
    commune: str | None = Query(None, description="a commune's code"),
    province: str | None = Query(None, description="a province's code (the Ministry)"),
):
    c = coverage.build_coverage(request)
    if c.errors:
        errors = {name: [str(m) for m in msgs] for name, msgs in c.errors.items()}
        raise ApiFieldError(
            errors, detail=" ".join(m for ms in errors.values() for m in ms), status=422
        )
    return {
        "year": c.year,
        "on": c.on.strftime("%d/%m/%Y"),
        "shows": c.shows,
        "title": c.title,
        "places": [_place(r) for r in c.rows],
        "total": _place(c.total),
        "cadres_due": [
            {
                "member_id": m.pk,
                "person_id": m.person_id,
                "name": m.person.full_name,
                "group": m.audience,
                "position": m.position,
            }
            for m in c.due
        ],
    }
