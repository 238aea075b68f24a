"""Bad input is never a server error (issue 15, finding 10): over every list page and every API
list, the numbers a filter or a page takes are bounded, a NUL in the search is harmless, an id
of twenty digits is a 404 or a 422, and a multipart body without its boundary is a 400."""

from __future__ import annotations

import json

import pytest
from django_filters import NumberFilter

from garrison.api import api
from garrison.core.api_routes import GENERATED, api_path
from garrison.core.registry import all_configs
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HUGE = 99999999999999999999  # twenty digits: more than any database integer holds


def number_filters(config):
    if config.filterset_class is None:
        return []
    return [
        name
        for name, flt in config.filterset_class.base_filters.items()
        if isinstance(flt, NumberFilter)
    ]


def list_operations():
    for path, methods in api.get_openapi_schema()["paths"].items():
        if "{" not in path and "get" in methods and not path.endswith("/export"):
            yield path.removeprefix("/api")


def test_it_refuses_an_offset_beyond_any_table_on_every_api_list(province_staff):
    client = client_for(province_staff)
    checked = 0
    for path in list_operations():
        response = client.get(f"/api{path}?offset=9223372036854775808")
        assert response.status_code in (200, 422), (path, response.status_code)
        checked += 1
    assert checked > 40


@pytest.mark.parametrize("value", ["10000", "-1", "99999999999", "0"])
def test_out_of_range_numbers_in_filters_are_refused_never_a_server_error(province_staff, value):
    client = client_for(province_staff)
    checked = 0
    for config in all_configs():
        for name in number_filters(config):
            page = client.get(f"{config.url('list')}?{name}={value}")
            assert page.status_code == 200, (config.url("list"), name, value)
            key = f"{config.namespace}.{config.name}"
            if key in GENERATED:
                answer = client.get(f"/api{api_path(config)}?{name}={value}")
                assert answer.status_code in (200, 422), (api_path(config), name, value)
            checked += 1
    assert checked >= 8  # years, birth years, term ends, ids …


def test_a_nul_in_the_search_is_harmless_on_every_list(province_staff):
    client = client_for(province_staff)
    for config in all_configs():
        if config.search_fields:
            assert client.get(f"{config.url('list')}?q=%00").status_code == 200, config.name
            key = f"{config.namespace}.{config.name}"
            if key in GENERATED:
                answer = client.get(f"/api{api_path(config)}?q=a%00b")
                assert answer.status_code == 200, api_path(config)


def test_an_id_of_twenty_digits_is_absent_not_a_server_error(province_staff):
    client = client_for(province_staff)
    assert client.get(f"/api/people/{HUGE}").status_code == 404
    assert client.get(f"/api/forces/units/{HUGE}").status_code == 404


def test_a_list_of_ids_out_of_range_answers_422(commune_a_staff, commune_a):
    from tests.factories import MilitiaUnitFactory, TrainingPlanFactory, TrainingSessionFactory

    unit = MilitiaUnitFactory(commune=commune_a)
    plan = TrainingPlanFactory(commune=commune_a, kind=unit.kind)
    session = TrainingSessionFactory(plan=plan)
    response = client_for(commune_a_staff).put(
        f"/api/forces/sessions/{session.pk}/attendance",
        json.dumps({"member_ids": [HUGE]}),
        content_type="application/json",
    )
    assert response.status_code in (400, 422), response.content
    assert "errors" in response.json()


def test_a_multipart_body_without_its_boundary_answers_400(commune_a_staff):
    response = client_for(commune_a_staff).generic(
        "POST",
        "/api/reporting/receipts/1/complete-with-files",
        b"--x\r\nContent-Disposition: form-data; name=account\r\n\r\nok\r\n--x--\r\n",
        content_type="multipart/form-data",
    )
    assert response.status_code in (400, 404, 422)


def test_a_date_before_the_birth_in_an_action_is_a_clear_refusal(commune_a_staff, commune_a):
    """`…/extend` and `…/assign` with a day before the citizen was born: 400 naming the
    problem, not a server error (the engines refuse such facts)."""
    from tests.factories import MilitiaMemberFactory, ReservistFactory

    member = MilitiaMemberFactory(unit__commune=commune_a)
    reservist = ReservistFactory(commune=commune_a)
    client = client_for(commune_a_staff)
    extended = client.post(
        f"/api/forces/members/{member.pk}/extend",
        json.dumps({"years": 1, "on": "1900-01-01"}),
        content_type="application/json",
    )
    assigned = client.post(
        f"/api/forces/reservists/{reservist.pk}/assign",
        json.dumps({"reserve_unit_id": None, "on": "1900-01-01"}),
        content_type="application/json",
    )
    for response in (extended, assigned):
        assert response.status_code in (400, 422), response.content
        assert response.json()["detail"]


def test_a_citizen_id_held_elsewhere_reads_as_absent(commune_a_staff, commune_a, person_b):
    """issue 15, finding 9: `POST /api/people` with a citizen ID registered in commune B does not
    say it "already exists": one neutral message, the same for any row out of scope, and the
    way forward (ask the province to hand the record over)."""
    body = {
        "citizen_id": person_b.citizen_id,
        "full_name": "Lò Văn Thử",
        "date_of_birth": person_b.date_of_birth.isoformat(),
        "sex": person_b.sex,
        "ethnicity": "Thái",
        "residence_commune_code": commune_a.code,
    }
    response = client_for(commune_a_staff).post(
        "/api/people", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "already" not in text and "exists" not in text
    assert "hand the record over" in text or "bàn giao" in text
    assert person_b.full_name not in text and "Mường Thanh" not in text


def test_the_loser_of_a_race_on_a_unique_rule_is_told_not_a_server_error(commune_a_staff, person_a):
    """issue 15, finding 3: both requests passed the form's uniqueness check; the database's
    unique rule refuses the second save. It is a clear refusal (400 on the pages and in the API),
    and nothing is saved twice."""
    from django.core.exceptions import ValidationError

    from garrison.core.services import do_create_object
    from garrison.people.models import Person

    twin = Person(
        citizen_id=person_a.citizen_id,
        full_name="Lò Văn An",
        date_of_birth=person_a.date_of_birth,
        sex=person_a.sex,
        residence_commune=person_a.residence_commune,
    )
    with pytest.raises(ValidationError, match="at the same moment"):
        do_create_object(actor=commune_a_staff, instance=twin, clean=False)  # the form passed
    assert Person.objects.filter(citizen_id=person_a.citizen_id).count() == 1


def test_bulk_reads_of_personal_data_are_audited_one_row_per_request(
    province_staff, person_a, person_b
):
    """issue 15, finding 6: a page of people (the list page, the API list) is written to the
    audit log once per request, naming who read which records with which filters."""
    from auditlog.models import LogEntry

    client = client_for(province_staff)
    before = LogEntry.objects.count()
    assert client.get("/api/people?limit=500").status_code == 200
    assert client.get("/people/?sex=male").status_code == 200

    entries = list(LogEntry.objects.order_by("pk")[before:])
    assert [e.additional_data["kind"] for e in entries] == ["list", "list"]
    assert all(e.actor == province_staff for e in entries)
    assert set(entries[0].additional_data["ids"]) == {person_a.pk, person_b.pk}
    assert entries[1].additional_data["filters"] == {"sex": "male"}


def test_every_register_of_personal_data_audits_its_reads():
    """The detail pages the attack found unaudited now write their reads."""
    from garrison.core.registry import get_config

    for key in (
        "conscription.transfer",
        "conscription.relationship",
        "conscription.order",
        "cadres.evaluation",
        "cadres.recognition",
        "cadres.entitlement",
        "cadres.decision",
        "cadres.career",
    ):
        assert get_config(key).audit_reads, key


# --- lax types at the API edge (issue 15, finding 10) --------------------------------------------
def send(client, method: str, url: str, body) -> object:
    return client.generic(method, url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("value", [0, 20260501, True, 1.5])
def test_a_date_given_as_a_number_is_refused_naming_the_field(commune_a_staff, person_a, value):
    """`0` was read as 1 January 1970 (and 20260501 as a day in 1970): a date is text."""
    from tests.factories import TechnicalMeansFactory

    client = client_for(commune_a_staff)
    means = TechnicalMeansFactory(commune=person_a.residence_commune)
    person = send(
        client,
        "PATCH",
        f"/api/people/{person_a.pk}",
        {"version": person_a.version, "date_of_birth": value},
    )
    generated = send(
        client,
        "PATCH",
        f"/api/forces/means/{means.pk}",
        {"version": means.version, "registered_on": value},
    )
    for response, field in ((person, "date_of_birth"), (generated, "registered_on")):
        assert response.status_code == 422, response.content
        assert field in response.json()["errors"]
        assert "YYYY-MM-DD" in response.json()["errors"][field][0]
    born = person_a.date_of_birth
    person_a.refresh_from_db()
    assert person_a.date_of_birth == born


def test_a_date_as_text_is_still_taken(commune_a_staff, person_a):
    response = send(
        client_for(commune_a_staff),
        "PATCH",
        f"/api/people/{person_a.pk}",
        {"version": person_a.version, "phone": "0912345678", "address": "Bản Na"},
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("value", [0, 1, "yes", "true", None])
def test_a_yes_or_no_is_true_or_false_only(province_staff, commune_a, value):
    """`0`, `1` and "yes" were read as booleans; a flag is JSON true or false (and, being
    true or false, never null)."""
    response = send(
        client_for(province_staff),
        "PATCH",
        f"/api/communes/{commune_a.code}",
        {"version": commune_a.version, "is_border": value},
    )
    assert response.status_code == 422, response.content
    assert "is_border" in response.json()["errors"]
    flag = commune_a.is_border
    commune_a.refresh_from_db()
    assert commune_a.is_border == flag


def test_a_flag_of_true_is_taken(province_staff, commune_a):
    response = send(
        client_for(province_staff),
        "PATCH",
        f"/api/communes/{commune_a.code}",
        {"version": commune_a.version, "is_border": True},
    )
    assert response.status_code == 200, response.content
    commune_a.refresh_from_db()
    assert commune_a.is_border is True


def test_a_number_given_as_false_is_refused_in_a_list(province_staff):
    response = send(
        client_for(province_staff), "POST", "/api/reporting/submissions/approve", {"ids": [False]}
    )
    assert response.status_code == 422, response.content
    assert "ids.0" in response.json()["errors"]


@pytest.mark.parametrize("body", [[None, None], 3, "x", None, []])
def test_a_body_that_is_not_an_object_is_refused_naming_the_body(province_staff, body):
    """`[null, null]` was read as an empty body: a return sent back with no reason given, a
    commune changed with nothing at all. Now it is refused before anything is looked up."""
    client = client_for(province_staff)
    for method, url in (
        ("POST", "/api/reporting/submissions/1/return"),  # every field optional
        ("POST", "/api/people"),
    ):
        response = send(client, method, url, body)
        assert response.status_code == 422, (url, response.content)
        errors = response.json()["errors"]
        assert list(errors) == ["body"], (url, errors)
        assert "JSON object" in errors["body"][0]
