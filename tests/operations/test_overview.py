"""The readiness overview (operations.overview): the province's table per commune, the
Ministry's per province, every figure linked to the list behind it, the query count constant
in the communes, the Excel workbook and the Decree 30/2020 PDF."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from garrison.operations import overview
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import (
    CommuneFactory,
    EventTargetFactory,
    IncidentFactory,
    PatrolFactory,
    ReadinessPlanFactory,
)
from tests.factories.ops_dash import TODAY, build_world

pytestmark = pytest.mark.django_db
URL = "/operations/overview/"


@pytest.fixture
def world(monkeypatch, province, other_province, commune_a, commune_b, commune_c):
    move_clock(monkeypatch, TODAY)
    return build_world(timezone.now(), province, other_province, commune_a, commune_b, commune_c)


def _rows(html: str) -> dict[str, list[str]]:
    table = html[html.index('data-testid="overview-table"') :]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = [
            re.sub(r"<[^>]+>|\s+", " ", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if cells:
            rows[cells[0]] = cells[1:]
    return rows


def test_the_province_sees_each_commune_the_event_reaches(world, province_staff):
    html = client_for(province_staff).get(URL).content.decode()
    rows = _rows(html)
    assert set(rows) == {"Xã Na Son", "Phường Mường Thanh", "Xã D", "Xã E", "Xã F", "Province"}
    # reached, none, draft, submitted, returned, approved, late, weeks met, done/due, open,
    # minor, moderate, severe, critical, overdue
    assert rows["Xã Na Son"][:7] == ["1", "0", "0", "0", "0", "1", "0"]
    assert rows["Xã Na Son"][7].startswith("2 / 3")
    assert rows["Xã Na Son"][8:] == ["5 / 6", "1", "0", "0", "1", "0", "1"]
    assert rows["Xã E"][:7] == ["1", "1", "0", "0", "0", "0", "1"]
    assert rows["Province"][:7] == ["5", "1", "1", "1", "1", "1", "3"]
    assert rows["Province"][8] == "8 / 30"
    assert "Xã Khác" not in html


def test_the_ministry_sees_each_province_and_opens_its_view(world, ministry_viewer):
    client = client_for(ministry_viewer)
    html = client.get(f"{URL}?event={world.election.pk}").content.decode()
    rows = _rows(html)
    assert set(rows) == {"Điện Biên", "Lai Châu", "Nation"}
    assert rows["Lai Châu"][:7] == ["1", "0", "1", "0", "0", "0", "0"]
    assert f'href="/territory/provinces/{world.other_province.pk}/dashboard/"' in html


def test_a_commune_has_no_overview_and_nobody_sees_an_event_outside_their_scope(
    world, commune_a_staff, province_staff, other_province
):
    assert client_for(commune_a_staff).get(URL).status_code == 404
    from tests.factories import ReadinessEventFactory

    elsewhere = ReadinessEventFactory(province=other_province, status="declared")
    assert client_for(province_staff).get(f"{URL}?event={elsewhere.pk}").status_code == 404


def test_the_figures_link_to_the_lists_with_their_filters(world, province_staff, monkeypatch):
    made = []

    def link(name, *args, **params):
        made.append((name, params))
        return f"/{name}/"

    monkeypatch.setattr(overview, "link", link)
    client_for(province_staff).get(URL)
    a, tet = world.communes["A"].code, world.tet.pk  # the lists take the commune's code
    assert ("operations:target_list", {"event": tet, "commune": a, "plan": "late"}) in made
    assert ("operations:plan_list", {"event": tet, "commune": a, "status": "returned"}) in made
    assert (
        "operations:patrol_list",
        {
            "event": tet,
            "commune": a,
            "status": "done",
            "day_from": "2026-02-02",
            "day_until": "2026-02-18",
        },
    ) in made
    assert (
        "operations:incident_list",
        {"status": "open", "severity": "severe", "commune": a},
    ) in made
    assert ("operations:incident_list", {"status": "open", "commune": a, "overdue": "true"}) in made
    assert ("operations:patrol_progress", {"event": tet}) in made


def _more_communes(world, n: int, province=None) -> None:
    """n more communes reached by Tết (a Ministry event for another province's), each with a
    plan, a patrol and an incident."""

    event = world.tet
    if province is None:
        province = world.province
    else:
        event = world.election
    for _i in range(n):
        commune = CommuneFactory(province=province)
        EventTargetFactory(event=event, commune=commune)
        ReadinessPlanFactory(event=event, commune=commune, status="submitted")
        PatrolFactory(commune=commune, event=event, day=TODAY)
        IncidentFactory(commune=commune, occurred_at=world.now, severity="minor")


@pytest.mark.parametrize("level", ["province", "nation"])
def test_the_query_count_does_not_grow_with_the_communes(
    world, province_staff, ministry_viewer, django_assert_max_num_queries, level
):
    from tests.factories import ProvinceFactory

    user = province_staff if level == "province" else ministry_viewer
    url = URL if level == "province" else f"{URL}?event={world.election.pk}"
    client = client_for(user)
    client.get(url)  # the session and the caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    if level == "province":
        _more_communes(world, 8)
    else:
        for code in (40, 41, 42):
            _more_communes(world, 3, province=ProvinceFactory(code=code))
    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert len(_rows(html)) == (6 + 8 if level == "province" else 3 + 3)


def test_the_excel_export_holds_the_table(world, province_staff):
    import openpyxl

    response = client_for(province_staff).get(f"/operations/overview.xlsx?event={world.tet.pk}")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("commune", "communes reached", "no plan")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Xã E"][1:8] == (1, 1, 0, 0, 0, 0, 1)
    assert by_name["Province"][1] == 5 and by_name["Province"][11:13] == (8, 30)


def test_the_pdf_report(world, ministry_viewer, province_staff):
    response = client_for(province_staff).get(f"/operations/overview.pdf?event={world.tet.pk}")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    response = client_for(ministry_viewer).get("/operations/overview.pdf")
    assert response.content.startswith(b"%PDF")


def test_the_menu_offers_the_overview_to_provinces_and_the_ministry(
    world, province_staff, commune_a_staff
):
    assert 'href="/operations/overview/"' in client_for(province_staff).get("/").content.decode()
    html = client_for(commune_a_staff).get("/forces/").content.decode()
    assert 'href="/operations/overview/"' not in html


def test_the_overview_and_the_home_sections_read_in_vietnamese(
    world, province_staff, ministry_viewer, commune_b_staff
):
    html = client_for(province_staff, "vi").get(URL).content.decode()
    assert "Tổng quan sẵn sàng chiến đấu" in html and "Chỉ tiêu: 2 lượt tuần tra mỗi tuần." in html
    html = client_for(province_staff, "vi").get("/").content.decode()
    assert "Đợt hiện hành" in html and "báo cáo gần nhất lâu nhất cách đây 5 giờ" in html
    html = client_for(ministry_viewer, "vi").get("/").content.decode()
    assert "Tình hình sẵn sàng chiến đấu của các tỉnh" in html
    html = client_for(commune_b_staff, "vi").get("/").content.decode()
    assert "Sửa và nộp lại kế hoạch sẵn sàng chiến đấu cho Tết Bính Ngọ (bị trả lại)" in html
    assert "Chưa phân công ai trực ca hiện tại." in html
