"""Patrol pages and API: the progress of patrols against an event's target per commune and week
(figures, highlighting, links, query count), the list's filters, the actions, the patrol log as
PDF, the coordination plan's signed document, and who sees and changes what. Fixed dates."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.operations.models import CoordinationPlan, Patrol
from tests.clock import move_clock
from tests.factories import (
    CommuneFactory,
    EventTargetFactory,
    MilitiaMemberFactory,
    PatrolFactory,
    PoliceOfficerFactory,
    ReadinessEventFactory,
)

#: the Monday after the Tết event (2 to 22 February 2026: three whole weeks)
TODAY = datetime.date(2026, 2, 23)
T = datetime.time


@pytest.fixture
def today(monkeypatch):
    return move_clock(monkeypatch, TODAY)


@pytest.fixture
def tet(province, commune_a, commune_b):
    event = ReadinessEventFactory(
        province=province,
        status="declared",
        starts_on=datetime.date(2026, 2, 2),
        ends_on=datetime.date(2026, 2, 22),
        patrols_per_week=2,
    )
    for commune in (commune_a, commune_b):
        EventTargetFactory(event=event, commune=commune, patrols_per_week=2)
    return event


def done(commune, event, *days, status="done"):
    for day in days:
        PatrolFactory(commune=commune, event=event, day=day, status=status)


def feb(day: int) -> datetime.date:
    return datetime.date(2026, 2, day)


@pytest.fixture
def patrols(tet, commune_a, commune_b):
    """Commune A: 2, 2, 3 patrols done in the three weeks; commune B: 2, 1, 2 (below target in
    the second week). Planned and cancelled patrols, and another event's, do not count."""
    done(commune_a, tet, feb(3), feb(6), feb(10), feb(14), feb(16), feb(18), feb(21))
    done(commune_b, tet, feb(2), feb(8), feb(11), feb(17), feb(22))
    done(commune_b, tet, feb(12), status="cancelled")
    done(commune_b, tet, feb(13), status="planned")
    done(commune_b, None, feb(13))
    return tet


def cells(html: str, code: int) -> list[str]:
    row = re.search(rf'<tr[^>]*data-commune="{code}".*?</tr>', html, re.S).group(0)
    return re.findall(r'data-figure="([^"]+)"', row)


def test_the_progress_page_counts_patrols_done_per_commune_and_week_against_target(
    today, patrols, commune_a, commune_b, province_staff, as_user
):
    client = as_user(province_staff)
    response = client.get("/operations/patrols/progress/", {"event": patrols.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert cells(html, commune_a.code) == ["2/2", "2/2", "3/2"]
    assert cells(html, commune_b.code) == ["2/2", "1/2", "2/2"]
    total = re.search(r'data-testid="progress-total".*?</tr>', html, re.S).group(0)
    assert re.findall(r'data-figure="([^"]+)"', total) == ["4/4", "3/4", "5/4"]
    row_b = re.search(rf'<tr[^>]*data-commune="{commune_b.code}"', html).group(0)
    row_a = re.search(rf'<tr[^>]*data-commune="{commune_a.code}"', html).group(0)
    assert "table-warning" in row_b and "table-warning" not in row_a
    assert "1 commune is below target." in html
    # the figure links to the patrols it counts
    link = (
        f"/operations/patrols/?event={patrols.pk}&amp;status=done&amp;commune={commune_b.code}"
        "&amp;day_from=2026-02-09&amp;day_until=2026-02-15"
    )
    assert link in html
    listed = client.get(link.replace("&amp;", "&"))
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 1


def test_a_commune_sees_only_its_own_line(
    today, patrols, commune_a, commune_b, as_user, commune_a_staff
):
    html = (
        as_user(commune_a_staff)
        .get("/operations/patrols/progress/", {"event": patrols.pk})
        .content.decode()
    )
    assert cells(html, commune_a.code) == ["2/2", "2/2", "3/2"]
    assert f'data-commune="{commune_b.code}"' not in html


def test_the_progress_page_query_count_does_not_grow_with_communes(
    today, patrols, province, province_staff, as_user
):
    client = as_user(province_staff)
    url = f"/operations/patrols/progress/?event={patrols.pk}"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(3):
        commune = CommuneFactory(province=province)
        EventTargetFactory(event=patrols, commune=commune)
        done(commune, patrols, feb(4), feb(11))
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.content.decode().count("data-commune=") == 5
    assert len(after) == len(before)


def test_an_event_outside_the_scope_answers_404(today, other_province, commune_a_staff, as_user):
    event = ReadinessEventFactory(province=other_province, status="declared")
    response = as_user(commune_a_staff).get("/operations/patrols/progress/", {"event": event.pk})
    assert response.status_code == 404


def test_the_patrol_list_filters_joint_patrols_and_days(
    today, tet, commune_a, commune_a_staff, as_user
):
    joint = PatrolFactory(commune=commune_a, event=tet, day=feb(10))
    joint.officers.add(PoliceOfficerFactory(police_unit__commune=commune_a))
    PatrolFactory(commune=commune_a, day=feb(12))
    client = as_user(commune_a_staff)

    def count(**params):
        response = client.get("/operations/patrols/", params)
        assert response.status_code == 200
        return response.context["page"].paginator.count

    assert count() == 2
    assert count(joint="true") == 1
    assert count(joint="false") == 1
    assert count(event=tet.pk) == 1
    assert count(day_from="11/02/2026") == 1
    assert count(day_until="2026-02-10", commune=commune_a.code) == 1
    assert client.get("/operations/patrols/", {"joint": "maybe"}).status_code in (200, 422)
    api = client.get("/api/operations/patrols", {"joint": "true"}).json()
    assert [row["id"] for row in api["items"]] == [joint.pk]


def test_the_pages_add_a_joint_patrol_and_record_it(today, commune_a, commune_a_staff, as_user):
    member = MilitiaMemberFactory(unit__commune=commune_a)
    officer = PoliceOfficerFactory(police_unit__commune=commune_a)
    client = as_user(commune_a_staff)
    assert client.get("/operations/patrols/add/").status_code == 200
    response = client.post(
        "/operations/patrols/add/",
        {
            "commune": commune_a.pk,
            "day": "20/02/2026",
            "starts_at": "22:00",
            "ends_at": "02:00",
            "villages": "Bản Na Son, Bản Huổi Lóng",
            "members": [member.pk],
            "officers": [officer.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    patrol = Patrol.objects.get()
    assert patrol.is_joint and patrol.status == "planned"
    detail = client.get(f"/operations/patrols/{patrol.pk}/").content.decode()
    assert member.person.full_name in detail and officer.full_name in detail
    response = client.post(
        f"/operations/patrols/{patrol.pk}/record/",
        {"findings": "Bình thường", "members": [member.pk], "officers": [officer.pk]},
    )
    assert response.status_code == 302
    patrol.refresh_from_db()
    assert patrol.status == "done"


def test_the_api_plans_records_and_cancels(today, commune_a, commune_a_staff, as_user):
    member = MilitiaMemberFactory(unit__commune=commune_a)
    officer_b = PoliceOfficerFactory(
        police_unit__commune=CommuneFactory(province=commune_a.province)
    )
    client = as_user(commune_a_staff)
    body = {
        "commune_code": commune_a.code,
        "day": "2026-02-25",
        "starts_at": "19:00",
        "ends_at": "22:00",
        "villages": "Bản Na Son",
        "member_ids": [member.pk],
    }
    response = client.post("/api/operations/patrols", json.dumps(body), "application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(
        f"/api/operations/patrols/{pk}/record", json.dumps({"findings": "x"}), "application/json"
    )
    assert response.status_code == 400
    assert "not yet held" in response.content.decode()
    response = client.post(
        f"/api/operations/patrols/{pk}/record",
        json.dumps({"officer_ids": [officer_b.pk]}),
        "application/json",
    )
    assert response.status_code == 400  # an officer the commune cannot see
    response = client.post(
        f"/api/operations/patrols/{pk}/cancel", json.dumps({"reason": "Mưa"}), "application/json"
    )
    assert response.status_code == 200
    assert Patrol.objects.get(pk=pk).status == "cancelled"


def test_the_province_reads_patrols_but_adds_none(
    today, tet, commune_a, province_staff, ministry_viewer, as_user
):
    patrol = PatrolFactory(commune=commune_a, event=tet, day=feb(10), status="planned")
    for user in (province_staff, ministry_viewer):
        client = as_user(user)
        assert client.get(f"/operations/patrols/{patrol.pk}/").status_code == 200
        assert client.get("/operations/patrols/add/").status_code == 404
        assert client.get(f"/operations/patrols/{patrol.pk}/cancel/").status_code == 404
        response = client.post(
            f"/api/operations/patrols/{patrol.pk}/cancel",
            json.dumps({"reason": "x"}),
            "application/json",
        )
        assert response.status_code in (403, 404)


def test_the_patrol_log_is_a_pdf_of_the_communes_patrols(
    today, tet, commune_a, commune_b, commune_a_staff, as_user
):
    PatrolFactory(commune=commune_a, event=tet, day=feb(10))
    client = as_user(commune_a_staff)
    response = client.get(
        "/operations/patrols/log.pdf",
        {"commune": commune_a.code, "day_from": "01/02/2026", "day_until": "22/02/2026"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get("/operations/patrols/log.pdf", {"commune": commune_b.code}).status_code == 404


def test_a_coordination_plan_keeps_its_signed_document(
    today, commune_a, commune_a_staff, commune_b_staff, as_user
):
    client = as_user(commune_a_staff)
    fields = {"commune": commune_a.pk, "title": "Kế hoạch phối hợp 2026", "signed_on": "05/01/2026"}
    fake = SimpleUploadedFile("ke-hoach.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post("/operations/coordination-plans/add/", {**fields, "document": fake})
    assert response.status_code == 400
    assert "is not what its name says" in response.content.decode()
    signed = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = client.post("/operations/coordination-plans/add/", {**fields, "document": signed})
    assert response.status_code == 302
    plan = CoordinationPlan.objects.get()
    download = client.get(f"/operations/coordination-plans/{plan.pk}/document/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    other = as_user(commune_b_staff).get(f"/operations/coordination-plans/{plan.pk}/document/")
    assert other.status_code == 404


def test_the_export_holds_the_filtered_patrols_with_their_people(
    today, tet, commune_a, commune_a_staff, as_user
):
    joint = PatrolFactory(commune=commune_a, event=tet, day=feb(10), villages="Bản Huổi Lóng")
    joint.officers.add(PoliceOfficerFactory(police_unit__commune=commune_a))
    joint.members.add(MilitiaMemberFactory(unit__commune=commune_a))
    PatrolFactory(commune=commune_a, day=feb(12), villages="Bản Co Muông")
    response = as_user(commune_a_staff).get(
        "/api/operations/patrols/export", {"format": "csv", "joint": "true"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2
    assert "Bản Huổi Lóng" in lines[1] and "19:00–22:00" in lines[1]
    assert lines[1].rstrip().endswith("1,1")
