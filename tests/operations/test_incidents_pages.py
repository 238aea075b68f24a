"""Incident pages and API as their users meet them: GPS typed the Vietnamese way, the province's
list with the overdue reports in red, the flagged mobilisation on the page, the closed incident
with its lessons and nothing left to change, reports marked read when the province opens them,
the API's actions, the PDF and the Excel export. Fixed times (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from garrison.operations.incidents import services
from garrison.operations.models import Incident, SituationReport
from tests.conftest import client_for
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    ReservistFactory,
    TechnicalMeansFactory,
)
from tests.factories.ops_incidents import at, stop_clock

pytestmark = pytest.mark.django_db


def _open(actor, commune, title="Sạt lở đất bản Huổi Một", when=None, severity="severe"):
    return services.do_open_incident(
        actor=actor,
        incident=Incident(
            commune=commune,
            kind="landslide",
            title=title,
            occurred_at=when or at(20, 5, 30),
            severity=severity,
        ),
    )


def _form(**fields):
    data = {
        "commune": "",
        "kind": "landslide",
        "title": "Sạt lở taluy đường vào bản",
        "occurred_at": "20/07/2026 05:30",
        "severity": "severe",
        "village": "Bản Huổi Một",
    }
    data.update(fields)
    return data


def test_gps_typed_with_a_decimal_comma_is_read_right(monkeypatch, commune_a_staff, commune_a):
    stop_clock(monkeypatch, at(20, 8))
    client = client_for(commune_a_staff, "vi")
    response = client.post(
        reverse("operations:incident_add"),
        _form(commune=commune_a.pk, latitude="21,38612", longitude="103,01724"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert (incident.latitude, incident.longitude) == (Decimal("21.38612"), Decimal("103.01724"))
    assert incident.next_report_due_at == at(20, 11, 30)
    assert incident.updates.count() == 1


def test_a_lone_latitude_is_refused_on_the_page(monkeypatch, commune_a_staff, commune_a):
    stop_clock(monkeypatch, at(20, 8))
    client = client_for(commune_a_staff)
    response = client.post(
        reverse("operations:incident_add"), _form(commune=commune_a.pk, latitude="21,38612")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["longitude"] == [
        "Give both GPS coordinates (latitude and longitude), or neither."
    ]
    assert not Incident.objects.exists()


def test_the_province_sees_the_overdue_reports_in_red(
    monkeypatch, commune_a_staff, commune_b_staff, province_staff, commune_a, commune_b
):
    stop_clock(monkeypatch, at(20, 6))
    late = _open(commune_a_staff, commune_a, title="Lũ quét Na Son")
    on_time = _open(commune_b_staff, commune_b, title="Cháy rừng Mường Thanh", severity="minor")
    stop_clock(monkeypatch, at(20, 12))  # late was due at 11:30; on_time is due tomorrow
    client = client_for(province_staff)
    page = client.get(reverse("operations:incident_list")).content.decode()
    assert page.count('data-testid="overdue"') == 1
    assert "no report yet" in page
    overdue = client.get(reverse("operations:incident_list"), {"overdue": "true"})
    assert [r.pk for r in overdue.context["page"].object_list] == [late.pk]
    assert on_time.title not in overdue.content.decode()
    api = client.get("/api/operations/incidents", {"overdue": "true"}).json()
    assert [i["id"] for i in api["items"]] == [late.pk]
    detail = client.get(reverse("operations:incident_detail", args=[late.pk])).content.decode()
    assert 'data-testid="incident-overdue"' in detail
    # the province reads but does not act
    assert 'data-testid="action-report"' not in detail
    assert client.get(reverse("operations:incident_add")).status_code in (403, 404)


def test_the_list_takes_the_same_queries_for_more_rows(
    monkeypatch, commune_a_staff, province_staff, commune_a, django_assert_max_num_queries
):
    stop_clock(monkeypatch, at(20, 6))
    _open(commune_a_staff, commune_a, title="1")
    client = client_for(province_staff)
    client.get(reverse("operations:incident_list"))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("operations:incident_list"))
    for n in range(5):
        _open(commune_a_staff, commune_a, title=f"more {n}")
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("operations:incident_list"))


def test_the_incident_page_marks_a_line_mobilised_elsewhere(
    monkeypatch, commune_a_staff, commune_a
):
    stop_clock(monkeypatch, at(20, 12))
    unit = MilitiaUnitFactory(commune=commune_a)
    member = MilitiaMemberFactory(unit=unit)
    first = _open(commune_a_staff, commune_a, title="Sạt lở bản Huổi Một")
    second = _open(commune_a_staff, commune_a, title="Lũ quét suối Nậm Rốm", when=at(20, 9))
    services.do_mobilise(actor=commune_a_staff, incident=first, members=[member])
    client = client_for(commune_a_staff)
    url = reverse("operations:incident_mobilise", args=[second.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"members": [member.pk], "task": "Cứu hộ"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "already mobilised for another incident" in page
    assert 'data-testid="mobilisation-flag"' in page and "Sạt lở bản Huổi Một" in page


def test_mobilising_from_the_registers_through_the_api(monkeypatch, commune_a_staff, commune_a):
    stop_clock(monkeypatch, at(20, 12))
    client = client_for(commune_a_staff)
    body = {
        "commune_code": commune_a.code,
        "kind": "landslide",
        "title": "Sạt lở đất",
        "occurred_at": "2026-07-20T05:30:00+07:00",
        "severity": "critical",
        "latitude": 21.38612,
        "longitude": 103.01724,
    }
    created = client.post("/api/operations/incidents", json.dumps(body), "application/json")
    assert created.status_code == 201, created.content
    incident_id = created.json()["id"]
    member = MilitiaMemberFactory(unit=MilitiaUnitFactory(commune=commune_a))
    reservist = ReservistFactory(person__residence_commune=commune_a)
    truck = TechnicalMeansFactory(commune=commune_a)
    answer = client.post(
        f"/api/operations/incidents/{incident_id}/mobilise",
        json.dumps(
            {"member_ids": [member.pk], "reservist_ids": [reservist.pk], "means_ids": [truck.pk]}
        ),
        "application/json",
    )
    assert answer.status_code == 200, answer.content
    assert len(answer.json()["mobilisations"]) == 3 and answer.json()["flags"] == []
    report = client.post(
        f"/api/operations/incidents/{incident_id}/situation-report",
        json.dumps({"situation": "Đã sơ tán 5 hộ", "people_evacuated": 20}),
        "application/json",
    )
    assert report.status_code == 200 and report.json()["people_evacuated"] == 20
    future = client.post(
        f"/api/operations/incidents/{incident_id}/situation-report",
        json.dumps({"situation": "x", "sent_at": "2026-07-20T13:00:00+07:00"}),
        "application/json",
    )
    assert future.status_code == 400 and "sent_at" in future.json()["errors"]
    closed = client.post(
        f"/api/operations/incidents/{incident_id}/close",
        json.dumps({"after_action": "Đã khắc phục.", "lessons": ""}),
        "application/json",
    )
    assert closed.status_code == 400 and "lessons" in closed.json()["errors"]
    closed = client.post(
        f"/api/operations/incidents/{incident_id}/close",
        json.dumps({"after_action": "Đã khắc phục.", "lessons": "Di dời sớm."}),
        "application/json",
    )
    assert closed.status_code == 200
    assert {m["until_at"] is not None for m in closed.json()["mobilisations"]} == {True}


def test_a_closed_incident_shows_its_lessons_and_cannot_be_changed(
    monkeypatch, commune_a_staff, commune_a
):
    stop_clock(monkeypatch, at(21, 8))
    incident = _open(commune_a_staff, commune_a)
    services.do_close_incident(
        actor=commune_a_staff,
        incident=incident,
        after_action="Đã sơ tán 12 hộ, thông đường sau 20 giờ.",
        lessons="Cắm biển cảnh báo ở taluy trước mùa mưa.",
    )
    client = client_for(commune_a_staff)
    page = client.get(reverse("operations:incident_detail", args=[incident.pk])).content.decode()
    assert "Cắm biển cảnh báo ở taluy trước mùa mưa." in page
    assert 'data-testid="action-' not in page and 'data-testid="edit"' not in page
    edit = client.get(reverse("operations:incident_edit", args=[incident.pk]))
    assert edit.status_code == 302
    action = client.get(reverse("operations:incident_update", args=[incident.pk]))
    assert action.status_code == 404


def test_opening_a_report_marks_it_read_for_the_province_only(
    monkeypatch, commune_a_staff, province_staff, ministry_viewer, commune_a
):
    stop_clock(monkeypatch, at(20, 9))
    incident = _open(commune_a_staff, commune_a)
    report = services.do_send_situation_report(
        actor=commune_a_staff, incident=incident, situation="Đã sơ tán 12 hộ"
    )
    url = reverse("operations:sitrep_detail", args=[report.pk])
    for reader in (commune_a_staff, ministry_viewer):
        assert client_for(reader).get(url).status_code == 200
    assert SituationReport.objects.get().read_at is None
    stop_clock(monkeypatch, at(20, 9, 20))
    page = client_for(province_staff).get(url)
    assert SituationReport.objects.get().read_at == at(20, 9, 20)
    assert "20/07/2026 09:20" in page.content.decode()  # shown read, on the first opening
    unread = client_for(province_staff).get("/api/operations/situation-reports?unread=true")
    assert unread.json()["count"] == 0


def test_the_incident_report_prints_and_the_list_exports(
    monkeypatch, commune_a_staff, province_staff, commune_a
):
    stop_clock(monkeypatch, at(20, 9))
    incident = _open(commune_a_staff, commune_a)
    report = services.do_send_situation_report(
        actor=commune_a_staff, incident=incident, situation="Đã sơ tán 12 hộ", people_evacuated=48
    )
    client = client_for(province_staff)
    pdf = client.get(reverse("operations:incident_pdf", args=[incident.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    sitrep = client.get(reverse("operations:sitrep_pdf", args=[report.pk]))
    assert sitrep.status_code == 200 and sitrep.content.startswith(b"%PDF")
    sheet = client.get(reverse("operations:incident_export"), {"format": "csv"})
    body = b"".join(sheet.streaming_content) if sheet.streaming else sheet.content
    assert incident.title in body.decode("utf-8-sig")
