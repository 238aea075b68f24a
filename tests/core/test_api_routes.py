"""The API a register gets from its declaration (core.api_routes): one FilterSet with the page,
refused values answer 422, writes through the page's form with the version read, deletes
where the pages delete, exports of the list's rows, and every register covered."""

from __future__ import annotations

import csv
import io
import json

import pytest
from auditlog.models import LogEntry

from garrison.api import api
from garrison.core.api_routes import GENERATED, api_path
from garrison.core.registry import all_configs
from garrison.forces.models import MilitiaUnit
from tests.conftest import client_for
from tests.factories import MilitiaMemberFactory, MilitiaUnitFactory

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, body: dict | None = None):
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def unit_a(commune_a):
    return MilitiaUnitFactory(commune=commune_a, name="Tổ dân quân tại chỗ bản Na", kind="local")


@pytest.fixture
def unit_b(commune_b):
    return MilitiaUnitFactory(commune=commune_b, name="Tổ dân quân tại chỗ Mường", kind="local")


def test_it_gives_every_registered_register_its_routes():
    registered = {f"{c.namespace}.{c.name}" for c in all_configs()}
    assert registered <= set(GENERATED), sorted(registered - set(GENERATED))
    paths = api.get_openapi_schema()["paths"]
    for key, config in GENERATED.items():
        assert f"/api{api_path(config)}" in paths, key


def test_it_filters_the_list_with_the_pages_filterset(province_staff, unit_a, unit_b):
    body = client_for(province_staff).get(f"/api/forces/units?commune={unit_a.commune.code}")

    assert body.status_code == 200
    assert [u["id"] for u in body.json()["items"]] == [unit_a.pk]


def test_it_refuses_an_unknown_filter_value_naming_the_filter(province_staff, unit_a):
    response = client_for(province_staff).get("/api/forces/units?kind=submarine")

    assert response.status_code == 422
    assert "kind" in response.json()["errors"]
    assert "kind" in response.json()["detail"]


def test_it_refuses_a_commune_outside_the_scope_like_an_unknown_one(
    commune_a_staff, unit_a, unit_b
):
    client = client_for(commune_a_staff)
    outside = client.get(f"/api/forces/units?commune={unit_b.commune.code}")
    unknown = client.get("/api/forces/units?commune=999999")

    assert outside.status_code == unknown.status_code == 422
    assert outside.json()["errors"].keys() == unknown.json()["errors"].keys() == {"commune"}
    assert unit_b.name not in outside.content.decode()


def test_it_exports_the_rows_of_the_list_and_audits_it(province_staff, unit_a, unit_b):
    response = client_for(province_staff).get(
        f"/api/forces/units/export?format=csv&commune={unit_a.commune.code}"
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    cells = " ".join(" ".join(row) for row in rows[1:])
    assert len(rows) == 2 and unit_a.name in cells and unit_b.name not in cells
    entry = LogEntry.objects.filter(actor=province_staff).latest("pk")
    assert entry.additional_data["kind"] == "export" and entry.additional_data["rows"] == 1


def test_it_refuses_an_unknown_export_format(province_staff, unit_a):
    response = client_for(province_staff).get("/api/forces/units/export?format=pdf")

    assert response.status_code == 422
    assert "format" in response.json()["errors"]


def test_it_changes_a_row_with_the_version_read_and_refuses_a_stale_one(commune_a_staff, unit_a):
    client = client_for(commune_a_staff)
    url = f"/api/forces/units/{unit_a.pk}"
    version = client.get(url).json()["version"]

    changed = send(client, "PATCH", url, {"version": version, "village": "Bản Na Son"})
    stale = send(client, "PATCH", url, {"version": version, "village": "Bản Khác"})

    assert changed.status_code == 200 and changed.json()["village"] == "Bản Na Son"
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1
    unit_a.refresh_from_db()
    assert unit_a.village == "Bản Na Son"


def test_it_names_the_field_a_body_may_not_set(commune_a_staff, unit_a):
    response = send(
        client_for(commune_a_staff),
        "PATCH",
        f"/api/forces/units/{unit_a.pk}",
        {"version": unit_a.version, "name": ""},
    )

    assert response.status_code == 400
    assert "name" in response.json()["errors"]
    assert "name" in response.json()["detail"]


def test_it_deletes_where_the_pages_delete_and_refuses_while_rows_refer(commune_a_staff, unit_a):
    client = client_for(commune_a_staff)
    MilitiaMemberFactory(unit=unit_a)

    refused = send(client, "DELETE", f"/api/forces/units/{unit_a.pk}")
    assert refused.status_code == 400
    assert MilitiaUnit.objects.filter(pk=unit_a.pk).exists()

    empty = MilitiaUnitFactory(commune=unit_a.commune, name="Tổ trống")
    deleted = send(client, "DELETE", f"/api/forces/units/{empty.pk}")
    assert deleted.status_code == 204
    assert not MilitiaUnit.objects.filter(pk=empty.pk).exists()


def test_it_answers_404_for_another_communes_row_on_every_verb(commune_a_staff, unit_b):
    client = client_for(commune_a_staff)
    url = f"/api/forces/units/{unit_b.pk}"

    assert client.get(url).status_code == 404
    assert send(client, "PATCH", url, {"version": 1, "village": "x"}).status_code == 404
    assert send(client, "DELETE", url).status_code == 404
    assert MilitiaUnit.objects.filter(pk=unit_b.pk, village="").exists()


def test_a_read_only_role_may_not_add(ministry_viewer, commune_a):
    response = send(
        client_for(ministry_viewer),
        "POST",
        "/api/forces/units",
        {"commune_code": commune_a.code, "name": "Tổ mới", "kind": "local", "level": "team"},
    )

    assert response.status_code == 403
    assert not MilitiaUnit.objects.filter(name="Tổ mới").exists()


def test_a_register_without_a_declared_api_gets_one_from_its_model(province_staff, province):
    from garrison.forces.models import ForceTarget

    target = ForceTarget.objects.create(province=province, militia_percent="1.20")
    client = client_for(province_staff)

    listed = client.get("/api/forces/targets")
    assert listed.status_code == 200, listed.content
    listed = listed.json()
    one = client.get(f"/api/forces/targets/{target.pk}").json()

    assert [row["id"] for row in listed["items"]] == [target.pk]
    assert one["province_id"] == province.pk and one["militia_percent"] == "1.20"


def test_a_plain_register_declares_its_fields_and_gets_a_scoped_form(
    province_staff, commune_a, commune_b, commune_c
):
    """`form_fields` instead of a form class: core builds the form (related rows limited to
    the user's scope, dates typed dd/mm/yyyy) and the page and the API use it."""
    from garrison.commands.models import PredecessorUnit
    from garrison.commands.views import PredecessorUnitConfig

    form = PredecessorUnitConfig.form_class(user=province_staff)
    assert set(form.fields["commune"].queryset) == {commune_a, commune_b}  # not Lai Châu's
    assert form.fields["merged_on"].widget.attrs["placeholder"]

    client = client_for(province_staff)
    body = {"commune_code": commune_a.code, "name": "Xã Na Son cũ", "merged_on": "2025-07-01"}
    created = send(client, "POST", "/api/commands/predecessors", body)
    elsewhere = {**body, "commune_code": commune_c.code}
    refused = send(client, "POST", "/api/commands/predecessors", elsewhere)

    assert created.status_code == 201, created.content
    assert refused.status_code == 400 and "commune_code" in refused.json()["errors"]
    assert PredecessorUnit.objects.filter(name="Xã Na Son cũ").get().commune == commune_a


def test_every_body_field_documented_as_nullable_can_be_emptied():
    """issue 15, finding 11: a PATCH field documented as nullable was refused (`null` became
    an empty value, which the form refused). A body field the schema says may be null is one
    the register's form takes empty; the others may be left out, never sent as null."""
    from types import SimpleNamespace

    from garrison.core.api_routes import _resolve, operations
    from garrison.core.api_schemas import in_schema, may_be_emptied

    dishonest = []
    checked = 0
    for key, config in GENERATED.items():
        for adding in (True, False):
            if ("create" if adding else "patch") not in operations(config):
                continue
            form_class = (config.add_form_class if adding else None) or config.form_class
            form = SimpleNamespace(fields=dict(form_class.base_fields))
            body = in_schema(config, adding=adding).model_json_schema()["properties"]
            for name, prop in body.items():
                if name == "version":
                    continue
                target = name if name in form.fields else _resolve(form, name)[0]
                assert target is not None, f"{key}: {name} maps onto no field of the form"
                checked += 1
                nullable = {"type": "null"} in prop.get("anyOf", [])
                if nullable and not may_be_emptied(form.fields[target]):
                    dishonest.append(f"{key} {'create' if adding else 'patch'}: {name}")
    assert checked > 200
    assert not dishonest, "\n".join(dishonest)
