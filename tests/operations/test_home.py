"""The readiness sections of the home pages (operations.home) on the small world of
tests/factories/ops_dash, on a fixed day: a commune's duty, incidents, events and to-do items; a
province's events, incidents and to-do items; the Ministry's provinces; and a commune never sees
another commune's figures."""

import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from garrison.core.home import todo_items
from garrison.core.scoping import scope_of
from garrison.operations import home
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.ops_dash import TODAY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch, province, other_province, commune_a, commune_b, commune_c):
    move_clock(monkeypatch, TODAY)
    return build_world(timezone.now(), province, other_province, commune_a, commune_b, commune_c)


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def _todos(user) -> list:
    request = RequestFactory().get("/")
    request.user = user
    return todo_items(request, scope_of(user))


def test_link_appends_the_query_and_survives_a_missing_page():
    assert home.link("operations:overview", event=3, plan="late") == (
        "/operations/overview/?event=3&plan=late"
    )
    assert home.link("operations:overview", commune=None, status="") == "/operations/overview/"
    assert home.link("operations:no_such_page", event=3) is None


def test_a_commune_sees_its_duty_incidents_and_the_state_of_its_plans(world, commune_a_staff):
    html = client_for(commune_a_staff).get("/").content.decode()
    section = _section(html, "home-operations-commune")
    assert "Lò Văn Trực" in section and "Quàng Văn Gác" in section
    assert "command duty officer" in section
    assert "Sạt lở bản Na Son" in section  # its open severe incident
    assert "Cây đổ" not in section  # closed
    assert "Tết Bính Ngọ" in section and "Bầu cử đại biểu Quốc hội" in section
    assert "approved" in section  # its plan for Tết
    assert "no plan yet" in section  # none for the election, due 20/02/2026
    assert "20/02/2026" in section


def test_a_commune_never_sees_another_communes_figures(world, commune_b_staff):
    html = client_for(commune_b_staff).get("/").content.decode()
    section = _section(html, "home-operations-commune")
    assert "Cháy rừng Mường Phăng" in section  # B's own
    for other in ("Sạt lở bản Na Son", "Lũ quét bản Khác", "Lò Văn Trực", "Bầu cử"):
        assert other not in html
    # its returned plan, with the reason
    assert "returned" in section and "Thiếu danh sách lực lượng" in section
    assert "Nobody is booked on the shift on now." in section


def test_a_communes_todos_plans_due_returned_first_and_reports(world, commune_b_staff):
    from garrison.operations.models import ReadinessPlan

    labels = [item.label for item in _todos(commune_b_staff) if "readiness plan" in item.label]
    assert labels == ["Correct and resubmit the readiness plan for Tết Bính Ngọ (returned)"]
    items = [i for i in _todos(commune_b_staff) if "situation report" in i.label]
    assert [i.label for i in items] == ["Send the situation report on Cháy rừng Mường Phăng"]
    assert items[0].due == TODAY
    # once submitted, no plan is due
    ReadinessPlan.objects.filter(commune=world.communes["B"]).update(status="submitted")
    assert not [i for i in _todos(commune_b_staff) if "readiness plan" in i.label]


def test_a_communes_todo_for_an_overdue_report_is_overdue_when_the_day_is_past(
    world, commune_a_staff
):
    items = [i for i in _todos(commune_a_staff) if "situation report" in i.label]
    assert [i.label for i in items] == ["Send the situation report on Sạt lở bản Na Son"]
    plans = [i for i in _todos(commune_a_staff) if "readiness plan" in i.label]
    assert [i.label for i in plans] == ["Submit the readiness plan for Bầu cử đại biểu Quốc hội"]


def test_a_province_sees_plans_missing_late_patrols_and_incidents(world, province_staff):
    html = client_for(province_staff).get("/").content.decode()
    section = _section(html, "home-operations-province")
    assert "Tết Bính Ngọ" in section
    tet = re.search(r"Tết Bính Ngọ.*?</tr>", section, re.S)[0]
    cells = re.findall(r'<td class="text-end[^"]*">(.*?)</td>', tet, re.S)
    figures = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
    # reached, none, late, waiting, approved, weeks met, patrols done / due
    assert figures == ["5", "1", "3", "1", "1", "3 / 15", "8 / 30"]
    incidents = _section(html, "home-operations-incidents")
    assert "Open incidents: " in re.sub(r"<[^>]+>", "", incidents)
    assert "oldest last report 5 h ago" in incidents
    assert "Lũ quét" not in html  # the other province's


def test_a_provinces_todos_waiting_plans_and_overdue_reports(world, province_staff):
    labels = [item.label for item in home._province_todos(_request(province_staff))]
    assert "1 readiness plan is waiting for approval" in labels
    assert "1 situation report is overdue" in labels


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_ministry_sees_one_row_per_province(world, ministry_viewer):
    html = client_for(ministry_viewer).get("/").content.decode()
    section = _section(html, "home-operations-nation")
    assert "Điện Biên" in section and "Lai Châu" in section
    row = re.search(rf'data-province="{world.province.pk}">(.*?)</tr>', section, re.S)[1]
    text = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    # province, events, approved / reached, late, patrol target met, 4 severities, overdue
    assert text[:4] == ["Điện Biên", "2", "1 / 6", "3"]
    assert text[5:] == ["0", "0", "1", "1", "1"]
    assert f"/territory/provinces/{world.province.pk}/dashboard/" in row


def test_the_ministry_opens_a_provinces_readiness_as_its_staff_see_it(world, ministry_viewer):
    url = f"/territory/provinces/{world.province.pk}/dashboard/"
    html = client_for(ministry_viewer).get(url).content.decode()
    section = _section(html, "home-operations-province")
    assert "Tết Bính Ngọ" in section and "Lũ quét" not in section
