"""Evacuation coverage: the population to move of a village (the larger of its declared
population and the registered residents), villages uncovered or partly covered, areas over
capacity (by how many) or of unknown capacity — on the page, in the API, in the figures of the
province and the indicators (equal to the rows they claim). Fixed dates; no clock involved."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.core.indicators import get_indicator
from garrison.operations.evacuation import rules
from garrison.operations.evacuation.indicators import evacuation_coverage
from garrison.operations.models import EvacuationAssignment
from tests.clock import move_clock
from tests.factories import (
    DefenceWorkFactory,
    EvacuationAreaFactory,
    PersonFactory,
    VillageFactory,
)

DAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    move_clock(monkeypatch, DAY)


def assign(village, area, people=None):
    return EvacuationAssignment.objects.create(
        commune=village.commune, village=village, area=area, people=people
    )


@pytest.fixture
def plan(commune_a):
    """Commune A: Bản Na (declared 100, 130 registered: 130 to move) sent whole to area 1
    (capacity 120: 10 too many); Bản Pa (declared 300) half sent to area 2 (150 of 300: partly
    covered); Bản Xa (declared 50, none registered) without area; area 3 without capacity."""
    na = VillageFactory(commune=commune_a, name="Bản Na", population=100)
    pa = VillageFactory(commune=commune_a, name="Bản Pa", population=300)
    xa = VillageFactory(commune=commune_a, name="Bản Xa", population=50)
    for _i in range(130):
        PersonFactory(residence_commune=commune_a, village=na)
    one = EvacuationAreaFactory(commune=commune_a, name="Khu 1", capacity_people=120)
    two = EvacuationAreaFactory(commune=commune_a, name="Khu 2", capacity_people=500)
    three = EvacuationAreaFactory(commune=commune_a, name="Khu 3", capacity_people=None)
    assign(na, one)
    assign(pa, two, people=150)
    assign(pa, three, people=0)
    return {"na": na, "pa": pa, "xa": xa, "one": one, "two": two, "three": three}


def test_it_moves_the_larger_of_declared_and_registered():
    assert rules.population_to_move(100, 130) == 130
    assert rules.population_to_move(300, 12) == 300
    assert rules.population_to_move(None, 7) == 7


def test_it_flags_villages_and_areas_on_the_commune_page(plan, commune_a_staff, as_user):
    client = as_user(commune_a_staff)
    response = client.get("/operations/evacuation/coverage/")
    assert response.status_code == 200
    villages = {v["name"]: v for v in response.context["villages"]}
    assert villages["Bản Na"]["to_move"] == 130
    assert villages["Bản Na"]["flag"] == rules.COVERED
    assert villages["Bản Pa"]["flag"] == rules.PARTLY_COVERED
    assert villages["Bản Xa"]["flag"] == rules.UNCOVERED
    areas = {a["name"]: a for a in response.context["areas"]}
    assert areas["Khu 1"]["assigned"] == 130
    assert areas["Khu 1"]["flag"] == rules.OVER_CAPACITY
    assert areas["Khu 1"]["excess"] == 10
    assert areas["Khu 2"]["flag"] == rules.WITHIN_CAPACITY
    assert areas["Khu 3"]["flag"] == rules.CAPACITY_UNKNOWN
    html = response.content.decode()
    assert "10 too many" in html
    assert "1 village has no evacuation area." in html


def test_it_sums_the_commune_in_one_row_for_the_province(plan, province_staff, as_user):
    client = as_user(province_staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/operations/evacuation/coverage/")
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.context["rows"]}
    row = rows[plan["na"].commune.code]
    assert row["villages"] == 3
    assert row["villages_uncovered"] == 1
    assert row["villages_partly_covered"] == 1
    assert row["people_to_move"] == 130 + 300 + 50
    assert row["areas"] == 3
    assert row["areas_over_capacity"] == 1
    assert row["capacity"] == 620
    assert len(queries) < 15
    drill = client.get(row["url"])
    assert drill.status_code == 200
    assert drill.context["level"] == "commune"


def test_it_answers_coverage_as_json(plan, commune_a_staff, as_user):
    response = as_user(commune_a_staff).get("/api/operations/evacuation-coverage")
    assert response.status_code == 200, response.content
    body = response.json()
    flags = {v["name"]: v["flag"] for v in body["villages"]}
    assert flags["Bản Xa"] == "uncovered"


def test_it_hides_another_communes_coverage(plan, commune_b_staff, as_user):
    code = plan["na"].commune.code
    client = as_user(commune_b_staff)
    assert client.get(f"/operations/evacuation/coverage/?commune={code}").status_code == 404
    assert client.get(f"/api/operations/evacuation-coverage?commune={code}").status_code == 422


def test_it_counts_in_the_indicators_the_rows_the_page_flags(plan, commune_a, commune_a_staff):
    uncovered = get_indicator("operations.villages_without_evacuation_area")
    over = get_indicator("operations.evacuation_areas_over_capacity")
    assert uncovered.value(commune_a.pk, DAY) == 1
    assert over.value(commune_a.pk, DAY) == 1
    by_commune = evacuation_coverage(commune_a_staff, "commune")[commune_a.pk]
    assert by_commune["villages_uncovered"] == 1
    assert by_commune["areas_over_capacity"] == 1


def test_it_leaves_other_works_out_of_the_areas(commune_a, commune_a_staff):
    DefenceWorkFactory(commune=commune_a, kind="combat_base", capacity_people=10)
    figures = evacuation_coverage(commune_a_staff, "commune")
    assert figures.get(commune_a.pk, {}).get("areas", 0) == 0
