"""Defence and security education coverage: per group for a commune (sessions, people, cadres
trained within the cycle) on crafted data, the cadres not yet trained, the province's and the
Ministry's roll-ups with their drill-down, the workbook, the indicators equal to the rows, the
home items. Today is 30/06/2026."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.core.indicators import get_indicator
from garrison.operations.education import indicators as ind
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import CommuneFactory, EducationSessionFactory

from .education_world import TODAY, education_world

pytestmark = pytest.mark.django_db
URL = "/operations/education/coverage/"


@pytest.fixture
def w(monkeypatch, commune_a, commune_b):
    move_clock(monkeypatch, TODAY)
    return education_world(commune_a, commune_b)


def test_it_counts_each_group_of_the_commune(w, commune_a, commune_a_staff):
    figures = ind.education_rollup(commune_a_staff, 2026, TODAY, ind.BY_COMMUNE)[commune_a.pk]
    g4, g3 = figures["group_4"], figures["group_3"]
    # the planned session of September and the 2020 one are not held in 2026 by today
    assert (g4.sessions, g4.named, g4.people) == (1, 1, 1)
    # Dũng left the group; Bình's training is older than the cycle; Chi attended group 3 only
    assert (g4.members, g4.trained, g4.due) == (3, 1, 2)
    assert (g3.sessions, g3.members, g3.trained) == (1, 1, 1)  # Em, trained in 2025
    assert (figures["population"].sessions, figures["population"].people) == (1, 1200)
    assert figures["population"].members is None
    assert (figures["students"].named, figures["students"].people) == (2, 2)


def test_it_lists_the_cadres_not_yet_trained_with_links(w, commune_a_staff):
    response = client_for(commune_a_staff).get(URL, {"year": 2026})
    assert response.status_code == 200
    due = [m.person.full_name for m in response.context["c"].due]
    assert due == ["Lò Văn Bình", "Lò Thị Chi"]
    html = response.content.decode()
    assert f"/people/{w['binh'].pk}/" in html and "Lò Văn An" not in html.split("coverage-due")[1]


def test_it_stands_a_past_year_on_its_last_day(w, commune_a, commune_a_staff):
    figures = ind.education_rollup(commune_a_staff, 2025, ind.year_end(2025, TODAY), "commune")
    g3 = figures[commune_a.pk]["group_3"]
    assert (g3.sessions, g3.named) == (1, 1)
    # on 31/12/2025 An, Bình and Chi were in group 4 and none trained in the cycle
    assert (figures[commune_a.pk]["group_4"].members, figures[commune_a.pk]["group_4"].trained) == (
        4,
        0,
    )


def test_the_province_sees_each_commune_and_drills_down(
    w, commune_a, commune_b, commune_c, province_staff
):
    EducationSessionFactory(commune=commune_c, audience="group_4")  # another province
    client = client_for(province_staff)
    response = client.get(URL, {"year": "2026"})
    c = response.context["c"]
    assert c.shows == "communes"
    rows = {r.name: r for r in c.rows}
    assert set(rows) == {commune_a.name, commune_b.name}
    assert rows[commune_b.name].groups["group_4"].trained == 1
    assert c.total.groups["group_4"].members == 4 and c.total.groups["group_4"].trained == 2
    assert f"commune={commune_a.code}" in rows[commune_a.name].url
    down = client.get(rows[commune_a.name].url)
    assert [m.person.full_name for m in down.context["c"].due] == ["Lò Văn Bình", "Lò Thị Chi"]
    assert client.get(URL, {"commune": commune_c.code}).status_code == 404


def test_the_ministry_sees_each_province_then_its_communes(w, province, commune_a, ministry_viewer):
    client = client_for(ministry_viewer)
    c = client.get(URL).context["c"]
    assert c.shows == "provinces" and [r.pk for r in c.rows] == [province.pk]
    assert c.rows[0].groups["group_4"].due == 2
    communes = client.get(c.rows[0].url).context["c"]
    assert communes.shows == "communes" and len(communes.rows) == 2


def test_the_rollup_is_two_queries_whatever_the_communes(w, province, province_staff):
    for n in range(5):
        EducationSessionFactory(commune=CommuneFactory(province=province, code=9000 + n))
    with CaptureQueriesContext(connection) as queries:
        ind.education_rollup(province_staff, 2026, TODAY, ind.BY_COMMUNE)
    assert len(queries) == 2


def test_it_exports_the_coverage_as_a_workbook(w, province_staff, commune_a_staff):
    response = client_for(province_staff).get("/operations/education/coverage.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] == "Total" and len(rows) == 4
    mine = client_for(commune_a_staff).get("/operations/education/coverage.xlsx")
    cells = [
        r
        for r in openpyxl.load_workbook(io.BytesIO(mine.content)).active.iter_rows(values_only=True)
    ]
    assert "Lò Văn Bình" in {r[1] for r in cells if r}


def test_the_indicators_equal_the_rows(w, commune_a, commune_b):
    ids = [commune_a.pk, commune_b.pk]
    assert get_indicator("operations.education_sessions").values(ids, TODAY) == {
        commune_a.pk: 4,  # group 4, group 3, population, students held in 2026 by 30/06
        commune_b.pk: 1,
    }
    assert get_indicator("operations.education_cadres_due").values(ids, TODAY) == {
        commune_a.pk: 2,
        commune_b.pk: 0,
    }
    share = get_indicator("operations.education_coverage_group_4").values(ids, TODAY)
    assert share == {commune_a.pk: 33.3, commune_b.pk: 100.0}
    assert (
        get_indicator("operations.education_coverage_group_3").value(commune_a.pk, TODAY) == 100.0
    )


def test_the_home_pages_show_the_cadres_due(w, commune_a_staff, province_staff):
    home = client_for(commune_a_staff).get("/").content.decode()
    assert "2 cadres are due for defence and security education" in home
    assert "due=true" in home
    province = client_for(province_staff).get("/").content.decode()
    assert "3 of 5 cadres of the four groups trained within the cycle (2 due)" in province


def test_the_coverage_api_answers_the_page_figures(w, commune_a_staff, ministry_viewer):
    answer = client_for(commune_a_staff).get("/api/operations/education-coverage?year=2026")
    assert answer.status_code == 200
    body = answer.json()
    group_4 = next(g for g in body["total"]["groups"] if g["group"] == "group_4")
    assert (group_4["cadres"], group_4["trained"], group_4["due"]) == (3, 1, 2)
    assert [c["name"] for c in body["cadres_due"]] == ["Lò Văn Bình", "Lò Thị Chi"]
    bad = client_for(ministry_viewer).get("/api/operations/education-coverage?year=0")
    assert bad.status_code == 422
    far = client_for(commune_a_staff).get("/api/operations/education-coverage?province=9999")
    assert far.status_code == 200 and far.json()["shows"] == "groups"
