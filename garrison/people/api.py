from __future__ import annotations

import datetime

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from garrison.core import audit
from garrison.core.api import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    ApiFieldError,
    Pagination,
    get_editable,
    get_visible,
    save_with_form,
)
from garrison.territory.models import Commune

from .forms import PersonForm
from .models import EducationLevel, Person, Sex

router = Router(tags=["people"])


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
    address: str
    phone: str
    version: int


class PersonIn(Schema):
    citizen_id: str = Field(..., description="12 digits, consistent with sex and date of birth")
    full_name: str
    date_of_birth: datetime.date
    sex: Sex
    ethnicity: str = "Kinh"
    religion: str = ""
    education_level: EducationLevel | None = None
    place_of_origin: str = ""
    residence_commune_code: int
    address: str = ""
    phone: str = ""


class PersonPatch(Schema):
    version: int = Field(..., description="the version you read; a stale one answers 409")
    citizen_id: str | None = None
    full_name: str | None = None
    date_of_birth: datetime.date | None = None
    sex: Sex | None = None
    ethnicity: str | None = None
    religion: str | None = None
    education_level: EducationLevel | None = None
    place_of_origin: str | None = None
    residence_commune_code: int | None = None
    address: str | None = None
    phone: str | None = None


def _people(request: HttpRequest):
    return Person.objects.visible_to(request.user).select_related("residence_commune", "province")


def _form_data(request: HttpRequest, data: dict) -> dict:
    """Commune codes → the form's commune choice (only communes the user can see)."""
    if "residence_commune_code" in data:
        code = data.pop("residence_commune_code")
        commune = Commune.objects.visible_to(request.user).filter(code=code).first()
        if commune is None:
            raise ApiFieldError(
                {"residence_commune_code": [f"No commune with code {code} in your area."]}
            )
        data["residence_commune"] = commune.pk
    return data


@router.get(
    "/people",
    response={200: list[PersonOut], **ERRORS_LIST},
    summary="List people",
    description="People you can see, sorted the Vietnamese way (given name first). "
    "`commune` filters by residence commune code; `q` matches the start of "
    "a citizen ID or part of the name.",
)
@paginate(Pagination)
def list_people(request: HttpRequest, commune: int | None = None, q: str | None = None):
    qs = _people(request).order_by("name_sort_key", "pk")
    if commune is not None:
        qs = qs.filter(residence_commune__code=commune)
    if q:
        qs = qs.filter(Q(citizen_id__startswith=q) | Q(full_name__icontains=q))
    return qs


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **ERRORS_READ},
    summary="Get a person",
    description="The read is written to the audit log.",
)
def get_person(request: HttpRequest, person_id: int):
    person = get_visible(request, _people(request), pk=person_id)
    audit.log_read(actor=request.user, instance=person, request=request)
    return person


@router.post("/people", response={201: PersonOut, **ERRORS_WRITE}, summary="Register a person")
def create_person(request: HttpRequest, payload: PersonIn):
    data = _form_data(request, payload.dict())
    person = save_with_form(request, PersonForm, Person(), data)
    return 201, person


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **ERRORS_WRITE},
    summary="Change a person",
    description="Send only the fields to change and the `version` you read; a stale "
    "version answers 409 and changes nothing.",
)
def patch_person(request: HttpRequest, person_id: int, payload: PersonPatch):
    person = get_editable(request, _people(request), pk=person_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return save_with_form(request, PersonForm, person, _form_data(request, data), version)
