"""Defence-work pages and API as their users meet them: capacity and GPS typed the Vietnamese
way, clear refusals (page and API), the inspection recorded from the work's page, the request
after an incident, the "due for inspection" filter and to-do item, the Excel export. The clock
is fixed on DAY."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from garrison.operations.models import DefenceWork, WorkInspection
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import DefenceWorkFactory, IncidentFactory, VillageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 7, 20)


def _form(**fields):
    data = {
        "kind": "depot",
        "name": "Kho vật chất hậu cần Na Son",
        "state": "ready",
        "built_on": "02/05/2024",
    }
    data.update(fields)
    return data


def test_it_reads_capacity_and_gps_the_vietnamese_way(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    village = VillageFactory(commune=commune_a, name="Bản Na Son")
    client = client_for(commune_a_staff, "vi")
    response = client.post(
        reverse("operations:work_add"),
        _form(
            commune=commune_a.pk,
            village=village.pk,
            capacity_tonnes="1.200,5",
            latitude="21,38612",
            longitude="103,01724",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    work = DefenceWork.objects.get()
    assert work.capacity_tonnes == Decimal("1200.5")
    assert (work.latitude, work.longitude) == (Decimal("21.38612"), Decimal("103.01724"))
    assert work.inspection_due_on == datetime.date(2024, 5, 2)


def test_it_says_which_capacity_a_depot_needs(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    client = client_for(commune_a_staff)
    response = client.post(
        reverse("operations:work_add"), _form(commune=commune_a.pk, capacity_people="40")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["capacity_tonnes"] == [
        "A depot needs its capacity (tonnes): give how many it takes, more than 0 (leave it "
        "empty only while the work is planned)."
    ]
    assert not DefenceWork.objects.exists()


def test_it_refuses_a_point_outside_viet_nam_on_the_page_and_the_api(
    monkeypatch, commune_a_staff, commune_a
):
    move_clock(monkeypatch, DAY)
    client = client_for(commune_a_staff)
    response = client.post(
        reverse("operations:work_add"),
        _form(commune=commune_a.pk, capacity_tonnes="0,5", latitude="48,85", longitude="2,35"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["latitude"] == [
        "This point lies outside Viet Nam (latitude 8 to 24, longitude 102 to 118): check the "
        "coordinates, written with a decimal comma, e.g. 21,38612 and 103,01724."
    ]
    body = {
        "commune_code": commune_a.code,
        "kind": "shelter",
        "name": "Hầm trú ẩn bản Co Muông",
        "state": "ready",
        "capacity_people": 30,
        "latitude": 21.38612,
    }
    api = client.post("/api/operations/works", json.dumps(body), "application/json")
    assert api.status_code in (400, 422), api.content
    assert "Give both GPS coordinates" in api.content.decode()
    assert not DefenceWork.objects.exists()


def test_it_records_an_inspection_from_the_works_page(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    work = DefenceWorkFactory(commune=commune_a, inspection_due_on=datetime.date(2026, 1, 1))
    client = client_for(commune_a_staff)
    page = client.get(reverse("operations:work_detail", args=[work.pk]))
    assert "Record an inspection" in page.content.decode()
    response = client.post(
        reverse("operations:work_inspect", args=[work.pk]),
        {
            "inspected_on": "18/07/2026",
            "inspectors": "Ban CHQS xã Na Son",
            "state_found": "degraded",
            "findings": "Hầm bị sạt lở một phần sau mưa lớn.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    work.refresh_from_db()
    assert (work.state, work.inspection_due_on) == ("degraded", datetime.date(2027, 7, 18))
    detail = client.get(reverse("operations:work_detail", args=[work.pk])).content.decode()
    assert "Hầm bị sạt lở một phần sau mưa lớn." in detail


def test_it_refuses_a_future_inspection_through_the_api(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    work = DefenceWorkFactory(commune=commune_a)
    client = client_for(commune_a_staff)
    body = {
        "inspected_on": "2026-08-01",
        "inspectors": "Ban CHQS xã",
        "state_found": "ready",
        "findings": "Bảo đảm.",
    }
    url = f"/api/operations/works/{work.pk}/inspection"
    refused = client.post(url, json.dumps(body), "application/json")
    assert refused.status_code == 400
    assert "cannot be in the future" in refused.content.decode()
    body["inspected_on"] = "2026-07-19"
    done = client.post(url, json.dumps(body), "application/json")
    assert done.status_code == 200, done.content
    answer = done.json()
    assert answer["inspection_due_on"] == "2027-07-19"
    assert [i["inspected_on"] for i in answer["inspections"]] == ["2026-07-19"]


def test_it_asks_for_an_inspection_after_an_incident_through_the_api(
    monkeypatch, commune_a_staff, commune_a, commune_b
):
    move_clock(monkeypatch, DAY)
    work = DefenceWorkFactory(commune=commune_a, inspection_due_on=datetime.date(2027, 3, 1))
    incident = IncidentFactory(commune=commune_a, title="Lũ quét bản Huổi Một")
    client = client_for(commune_a_staff)
    url = f"/api/operations/works/{work.pk}/request-inspection"
    body = {"incident_id": incident.pk, "due_on": "2026-07-27"}
    done = client.post(url, json.dumps(body), "application/json")
    assert done.status_code == 200, done.content
    assert done.json()["inspection_due_on"] == "2026-07-27"
    assert "Lũ quét bản Huổi Một" in done.json()["inspection_reason"]
    hidden = IncidentFactory(commune=commune_b)
    refused = client.post(
        url, json.dumps({"incident_id": hidden.pk, "due_on": "2026-07-22"}), "application/json"
    )
    assert refused.status_code == 400


def test_it_lists_the_works_due_and_puts_them_on_the_to_do_list(
    monkeypatch, commune_a_staff, commune_a
):
    move_clock(monkeypatch, DAY)
    due = DefenceWorkFactory(commune=commune_a, name="Đài quan sát đồi A1", inspection_due_on=DAY)
    DefenceWorkFactory(commune=commune_a, inspection_due_on=DAY + datetime.timedelta(days=1))
    DefenceWorkFactory(commune=commune_a, inspection_due_on=DAY, state="out_of_use")
    client = client_for(commune_a_staff)
    listed = client.get("/api/operations/works", {"due": "true"}).json()
    assert [w["id"] for w in listed["items"]] == [due.pk]
    page = client.get(reverse("operations:work_list"), {"due": "true"}).content.decode()
    assert "Đài quan sát đồi A1" in page
    home = client.get(reverse("core:home")).content.decode()
    assert "1 defence work is due for inspection" in home
    assert reverse("operations:work_list") + "?due=true" in home


def test_it_exports_the_works(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    DefenceWorkFactory(commune=commune_a)
    client = client_for(commune_a_staff)
    response = client.get(reverse("operations:work_export"))
    assert response.status_code in (200, 302)


def test_it_shows_inspections_read_only(monkeypatch, commune_a_staff, commune_a):
    move_clock(monkeypatch, DAY)
    work = DefenceWorkFactory(commune=commune_a)
    WorkInspection.objects.create(
        work=work,
        commune=commune_a,
        inspected_on=datetime.date(2026, 3, 10),
        inspectors="Ban CHQS xã",
        state_found="ready",
        findings="Bảo đảm.",
    )
    client = client_for(commune_a_staff)
    page = client.get(reverse("operations:workinspection_list"))
    assert page.status_code == 200
    assert "Ban CHQS xã" in page.content.decode()
    assert client.get("/operations/work-inspections/add/").status_code == 404
