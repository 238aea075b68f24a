"""The JSON API as a program sees it: list shapes and filters, pagination limits, scoped reads
that are audited, versioned writes with uniform errors, and token authentication."""

from __future__ import annotations

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone

from garrison.accounts.models import ApiToken
from garrison.commands.rules import Position
from garrison.people.models import Person
from garrison.people.rules import make_citizen_id
from garrison.territory.models import Commune
from tests.factories import AssignmentFactory, CommandFactory

pytestmark = pytest.mark.django_db


def patch(client: Client, url: str, body: dict, **extra):
    return client.patch(url, data=json.dumps(body), content_type="application/json", **extra)


def post(client: Client, url: str, body: dict, **extra):
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


@pytest.fixture
def staffed_province(province, commune_a, commune_b, commune_c, command_a, command_b):
    """Province 11 with two commune commands, only commune A's with a Commander in post; a
    provincial command (not counted among commune commands) and a commune of province 12."""
    CommandFactory(level="province", commune=None, province=province, name="Bộ CHQS tỉnh")
    CommandFactory(commune=commune_c)
    commander = AssignmentFactory(
        command=command_a,
        position=Position.COMMANDER,
        person__full_name="Lò Văn Chỉ Huy",
        start_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    return commander


# --- territory -----------------------------------------------------------------------------


def test_it_lists_provinces_with_commune_and_commander_figures(
    as_user, ministry_viewer, staffed_province
):
    response = as_user(ministry_viewer).get("/api/provinces")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "capped", "items"}
    assert body["count"] == 2
    item = next(p for p in body["items"] if p["code"] == 11)
    assert item["name"] == "Điện Biên"
    assert item["communes"] == 2
    assert item["commune_commands"] == 2
    assert item["commune_commands_with_commander"] == 1


def test_it_lists_only_the_provinces_in_scope(as_user, province_staff, staffed_province):
    body = as_user(province_staff).get("/api/provinces").json()

    assert [p["code"] for p in body["items"]] == [11]


def test_it_lists_the_communes_of_one_province_page_by_page(
    as_user, ministry_viewer, commune_a, commune_b, commune_c
):
    client = as_user(ministry_viewer)

    everything = client.get("/api/communes?province=11").json()
    assert everything["count"] == 2
    assert [c["code"] for c in everything["items"]] == [3151, 3316]
    assert {c["province_code"] for c in everything["items"]} == {11}

    page = client.get("/api/communes?province=11&limit=1&offset=1").json()
    assert page["count"] == 2
    assert [c["code"] for c in page["items"]] == [3316]


@pytest.mark.parametrize("limit", [0, 501])
def test_it_refuses_a_page_size_outside_1_to_500(as_user, ministry_viewer, commune_a, limit):
    response = as_user(ministry_viewer).get(f"/api/communes?province=11&limit={limit}")

    assert response.status_code == 422
    body = response.json()
    assert "limit" in body["detail"]
    assert "limit" in body["errors"]


def test_it_lets_province_staff_change_a_commune_with_its_version(
    as_user, province_staff, commune_a
):
    version = commune_a.version
    response = patch(
        as_user(province_staff),
        "/api/communes/3316",
        {"version": version, "population": 5120, "is_border": True},
    )

    assert response.status_code == 200, response.content
    assert response.json()["population"] == 5120
    assert response.json()["version"] == version + 1
    commune_a.refresh_from_db()
    assert commune_a.population == 5120
    assert commune_a.is_border


def test_it_answers_403_when_commune_staff_change_their_own_commune(
    as_user, commune_a_staff, commune_a
):
    client = as_user(commune_a_staff)
    assert client.get("/api/communes/3316").status_code == 200

    response = patch(client, "/api/communes/3316", {"version": commune_a.version, "population": 1})

    assert response.status_code == 403
    assert Commune.objects.get(pk=commune_a.pk).population != 1


# --- commands ------------------------------------------------------------------------------


def test_it_lists_commands_with_staffing_and_fill_rate(as_user, ministry_viewer, staffed_province):
    response = as_user(ministry_viewer).get("/api/commands?province=11&level=commune")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_commune = {c["commune_code"]: c for c in body["items"]}
    a, b = by_commune[3316], by_commune[3151]

    assert a["has_commander"] is True
    assert a["commander"] == "Lò Văn Chỉ Huy"
    assert a["quota_total"] == 5
    assert a["filled_total"] == 1
    assert a["vacancies"] == 4
    assert a["fill_rate"] == pytest.approx(0.2)
    lines = {line["position"]: line for line in a["staffing"]}
    assert lines["commander"]["quota"] == 1
    assert [h["full_name"] for h in lines["commander"]["holders"]] == ["Lò Văn Chỉ Huy"]
    assert lines["deputy_commander"]["holders"] == []

    assert b["has_commander"] is False
    assert b["commander"] is None
    assert b["filled_total"] == 0
    assert b["fill_rate"] == 0


def test_it_filters_commands_without_a_commander(as_user, ministry_viewer, staffed_province):
    body = (
        as_user(ministry_viewer)
        .get("/api/commands?province=11&level=commune&has_commander=false")
        .json()
    )

    assert [c["commune_code"] for c in body["items"]] == [3151]


def test_it_keeps_other_provinces_commands_out_of_the_province_filter(
    as_user, ministry_viewer, staffed_province
):
    body = as_user(ministry_viewer).get("/api/commands?province=11").json()

    assert body["count"] == 3  # the provincial command and two commune commands
    assert {c["province_code"] for c in body["items"]} == {11}


# --- people: reads -------------------------------------------------------------------------


def test_it_lists_the_people_of_one_commune(as_user, province_staff, person_a, person_b):
    body = as_user(province_staff).get("/api/people?commune=3316").json()

    assert body["count"] == 1
    assert body["items"][0]["id"] == person_a.pk
    assert body["items"][0]["residence_commune_code"] == 3316


def test_it_audits_the_reading_of_a_person(as_user, province_staff, person_a):
    response = as_user(province_staff).get(f"/api/people/{person_a.pk}")

    assert response.status_code == 200
    assert response.json()["citizen_id"] == person_a.citizen_id
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(person_a.pk))
    assert entry.actor == province_staff


def test_it_answers_404_for_a_person_outside_the_users_commune(as_user, commune_a_staff, person_b):
    response = as_user(commune_a_staff).get(f"/api/people/{person_b.pk}")

    assert response.status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


# --- people: writes ------------------------------------------------------------------------


def test_it_changes_a_person_with_the_current_version(as_user, commune_a_staff, person_a):
    version = person_a.version
    response = patch(
        as_user(commune_a_staff),
        f"/api/people/{person_a.pk}",
        {"version": version, "phone": "0912345678"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["version"] == version + 1
    assert response.json()["phone"] == "0912345678"
    person_a.refresh_from_db()
    assert person_a.phone == "0912345678"
    assert person_a.full_name == "Lò Văn An"  # fields not sent keep their values


def test_it_refuses_a_stale_version_with_409_and_changes_nothing(
    as_user, commune_a_staff, person_a
):
    client = as_user(commune_a_staff)
    read_version = person_a.version
    first = patch(client, f"/api/people/{person_a.pk}", {"version": read_version, "phone": "1"})
    assert first.status_code == 200

    response = patch(
        client,
        f"/api/people/{person_a.pk}",
        {"version": read_version, "phone": "2", "full_name": "Tên Khác"},
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == read_version + 1
    person_a.refresh_from_db()
    assert person_a.phone == "1"
    assert person_a.full_name == "Lò Văn An"
    assert person_a.version == read_version + 1


def test_it_requires_the_version_on_a_change(as_user, commune_a_staff, person_a):
    response = patch(as_user(commune_a_staff), f"/api/people/{person_a.pk}", {"phone": "3"})

    assert response.status_code == 422
    assert "version" in response.json()["detail"]
    assert "version" in response.json()["errors"]


def test_it_names_digit_4_of_an_inconsistent_citizen_id(as_user, commune_a_staff, person_a):
    # person_a is a man born in the 1990s: digit 4 must be 0; 1 would be a woman
    wrong = person_a.citizen_id[:3] + "1" + person_a.citizen_id[4:]
    response = patch(
        as_user(commune_a_staff),
        f"/api/people/{person_a.pk}",
        {"version": person_a.version, "citizen_id": wrong},
    )

    assert response.status_code == 400
    messages = response.json()["errors"]["citizen_id"]
    assert any("Digit 4" in m for m in messages), messages
    person_a.refresh_from_db()
    assert person_a.citizen_id != wrong


def test_it_refuses_moving_a_person_to_a_commune_outside_the_users_area(
    as_user, commune_a_staff, person_a, commune_b
):
    response = patch(
        as_user(commune_a_staff),
        f"/api/people/{person_a.pk}",
        {"version": person_a.version, "residence_commune_code": commune_b.code},
    )

    assert response.status_code == 400
    assert "residence_commune_code" in response.json()["errors"]
    assert Person.objects.get(pk=person_a.pk).residence_commune.code == 3316


def new_person_body(**extra) -> dict:
    born = datetime.date(1995, 5, 5)
    body = {
        "citizen_id": make_citizen_id(11, "male", born, 777),
        "full_name": "Mùa A Dế",
        "date_of_birth": born.isoformat(),
        "sex": "male",
        "ethnicity": "Mông",
        "residence_commune_code": 3316,
    }
    body.update(extra)
    return body


def test_it_registers_a_person(as_user, commune_a_staff, commune_a):
    response = post(as_user(commune_a_staff), "/api/people", new_person_body())

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["residence_commune_code"] == 3316
    assert body["province_code"] == 11
    person = Person.objects.get(pk=body["id"])
    assert person.full_name == "Mùa A Dế"
    assert person.ethnicity == "Mông"


def test_it_refuses_a_duplicate_citizen_id(as_user, commune_a_staff, person_a):
    body = new_person_body(
        citizen_id=person_a.citizen_id,
        date_of_birth=person_a.date_of_birth.isoformat(),
        sex=person_a.sex,
    )
    response = post(as_user(commune_a_staff), "/api/people", body)

    assert response.status_code == 400
    assert "citizen_id" in response.json()["errors"]
    assert Person.objects.filter(citizen_id=person_a.citizen_id).count() == 1


# --- token authentication ------------------------------------------------------------------


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_it_accepts_a_bearer_token_without_a_session(province_staff, person_a):
    _token, key = ApiToken.issue(province_staff, "script")

    response = Client().get("/api/people?commune=3316", **bearer(key))

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["items"]] == [person_a.pk]


def test_it_answers_401_without_credentials(db):
    assert Client().get("/api/people").status_code == 401


def test_it_refuses_a_revoked_token(province_staff):
    token, key = ApiToken.issue(province_staff, "script")
    token.revoked_at = timezone.now()
    token.save()

    assert Client().get("/api/people", **bearer(key)).status_code == 401


def test_it_refuses_the_token_of_an_inactive_user(province_staff):
    _token, key = ApiToken.issue(province_staff, "script")
    province_staff.is_active = False
    province_staff.save()

    assert Client().get("/api/people", **bearer(key)).status_code == 401


def test_it_writes_with_a_token_and_audits_the_change_under_its_user(commune_a_staff, person_a):
    _token, key = ApiToken.issue(commune_a_staff, "script")

    response = patch(
        Client(),
        f"/api/people/{person_a.pk}",
        {"version": person_a.version, "phone": "0987654321"},
        **bearer(key),
    )

    assert response.status_code == 200, response.content
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, object_pk=str(person_a.pk)
    ).latest("timestamp")
    assert entry.actor == commune_a_staff


def test_it_lets_a_token_user_see_only_their_scope(commune_a_staff, person_a, person_b):
    _token, key = ApiToken.issue(commune_a_staff, "script")
    client = Client()

    assert client.get(f"/api/people/{person_b.pk}", **bearer(key)).status_code == 404
    body = client.get("/api/people", **bearer(key)).json()
    assert [p["id"] for p in body["items"]] == [person_a.pk]


def test_it_keeps_unchanged_people_unchanged_on_a_refused_write(as_user, commune_b_staff, person_a):
    # commune B staff cannot even see person A: 404, no change
    response = patch(
        as_user(commune_b_staff),
        f"/api/people/{person_a.pk}",
        {"version": person_a.version, "phone": "000"},
    )

    assert response.status_code == 404
    assert Person.objects.get(pk=person_a.pk).phone != "000"


# --- what the schema promises (issue 15, finding 11) -------------------------------------------
def test_a_body_that_is_not_json_answers_400_naming_the_body(as_user, commune_a_staff):
    """The schema promises `{"detail", "errors"}` with every 400; a body that was not JSON
    answered `{"detail": "Cannot parse request body"}` alone."""
    response = as_user(commune_a_staff).post(
        "/api/people", data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response["content-type"].startswith("application/json")
    assert set(response.json()) == {"detail", "errors"}
    assert response.json()["errors"]["body"] == [response.json()["detail"]]


def test_an_address_the_api_does_not_have_answers_json(as_user, commune_a_staff):
    """A path parameter of the wrong type reaches no route: the answer was the site's HTML
    page; a program reading the API gets JSON."""
    client = as_user(commune_a_staff)
    for url in ("/api/people/abc", "/api/no/such/thing", "/api/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["content-type"].startswith("application/json"), url
        assert "/api/docs" in response.json()["detail"]


def test_a_method_an_address_does_not_take_answers_json_405(as_user, commune_a_staff):
    response = as_user(commune_a_staff).put(
        "/api/people", data="{}", content_type="application/json"
    )

    assert response.status_code == 405
    assert response["content-type"].startswith("application/json")
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert "PUT" in response.json()["detail"]


def test_a_patch_empties_with_null_what_the_schema_says_is_nullable(as_user, commune_a_staff):
    """A PATCH field documented as nullable takes `null` (it empties the field); one the form
    requires is documented as not nullable, and `null` is refused by the schema, naming it."""
    from garrison.api import api
    from tests.factories import MilitiaUnitFactory

    parent = MilitiaUnitFactory(commune=commune_a_staff.commune, level="platoon")
    unit = MilitiaUnitFactory(commune=commune_a_staff.commune, parent=parent, village="Bản Na")
    body = api.get_openapi_schema()["components"]["schemas"]["UnitPatch"]["properties"]
    assert {"type": "null"} in body["parent_id"]["anyOf"]
    assert "anyOf" not in body["name"] and "default" not in body["name"]
    client = as_user(commune_a_staff)

    cleared = patch(
        client,
        f"/api/forces/units/{unit.pk}",
        {"version": unit.version, "parent_id": None, "village": None},
    )
    assert cleared.status_code == 200, cleared.content
    unit.refresh_from_db()
    assert unit.parent is None and unit.village == ""

    refused = patch(client, f"/api/forces/units/{unit.pk}", {"version": unit.version, "name": None})
    assert refused.status_code == 422
    assert "name" in refused.json()["errors"]
    unit.refresh_from_db()
    assert unit.name


def test_a_patch_of_a_person_takes_null_for_the_address_not_for_the_name(
    as_user, commune_a_staff, person_a
):
    client = as_user(commune_a_staff)
    person_a.address = "Bản Na"
    person_a.save()

    cleared = patch(
        client, f"/api/people/{person_a.pk}", {"version": person_a.version, "address": None}
    )
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["address"] == ""

    refused = patch(
        client,
        f"/api/people/{person_a.pk}",
        {"version": cleared.json()["version"], "full_name": None},
    )
    assert refused.status_code == 422
    assert "full_name" in refused.json()["errors"]


@pytest.mark.django_db
def test_a_list_counts_only_so_far_past_its_page_and_says_so(
    as_user, commune_a_staff, commune_a, monkeypatch
):
    """The count stops COUNT_CAP rows past the page's end (`capped` true), so a program
    walking the pages sees more while there are more, and a page near the end counts all."""
    from tests.factories import PersonFactory

    monkeypatch.setattr("garrison.core.api.COUNT_CAP", 2)
    PersonFactory.create_batch(6, residence_commune=commune_a)
    client = as_user(commune_a_staff)
    first = client.get("/api/people?limit=1").json()
    assert (first["count"], first["capped"], len(first["items"])) == (3, True, 1)
    later = client.get("/api/people?limit=2&offset=2").json()
    assert (later["count"], later["capped"]) == (6, False)
    every = [client.get(f"/api/people?limit=1&offset={n}").json()["items"] for n in range(6)]
    assert len({items[0]["id"] for items in every}) == 6
