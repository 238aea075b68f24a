"""The works figures: the roll-up for the province (per commune) and the Ministry (per
province) equal the rows, one aggregate query; the degraded works with their drill-down; the
registered indicators on a crafted commune equal the rows they claim."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from garrison.core.indicators import get_indicator
from garrison.operations.works import indicators as ind
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import DefenceWorkFactory, WorkInspectionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 7, 20)


@pytest.fixture
def world(monkeypatch, commune_a, commune_b, commune_c):
    move_clock(monkeypatch, DAY)
    a = [
        DefenceWorkFactory(commune=commune_a, kind="combat_base", state="ready"),
        DefenceWorkFactory(commune=commune_a, kind="combat_base", state="ready"),
        DefenceWorkFactory(
            commune=commune_a,
            kind="shelter",
            name="Hầm trú ẩn bản Co Muông",
            state="degraded",
            inspection_due_on=DAY - datetime.timedelta(days=3),
        ),
        DefenceWorkFactory(
            commune=commune_a, kind="depot", state="out_of_use", inspection_due_on=DAY
        ),
        DefenceWorkFactory(
            commune=commune_a,
            kind="observation_post",
            state="ready",
            inspection_due_on=DAY + datetime.timedelta(days=1),
        ),
    ]
    WorkInspectionFactory(work=a[0], inspected_on=datetime.date(2026, 3, 10))
    WorkInspectionFactory(work=a[0], inspected_on=datetime.date(2026, 5, 10))
    WorkInspectionFactory(work=a[1], inspected_on=datetime.date(2025, 12, 30))
    WorkInspectionFactory(work=a[2], inspected_on=datetime.date(2026, 7, 21))  # after DAY
    b = [DefenceWorkFactory(commune=commune_b, kind="shelter", state="degraded")]
    c = [DefenceWorkFactory(commune=commune_c, kind="rear_base", state="ready")]
    return {"a": a, "b": b, "c": c}


def test_it_counts_a_communes_works_as_its_rows(world, province_staff, commune_a):
    with CaptureQueriesContext(connection) as queries:
        figures = ind.works_rollup(province_staff, DAY, ind.BY_COMMUNE)
    assert len(queries) == 1
    a = figures[commune_a.pk]
    assert a.total == 5
    assert a.by_kind_state == {
        ("combat_base", "ready"): 2,
        ("shelter", "degraded"): 1,
        ("depot", "out_of_use"): 1,
        ("observation_post", "ready"): 1,
    }
    assert a.ready_by_kind == {"combat_base": 2, "observation_post": 1}
    assert a.degraded == 1
    assert a.due == 1  # the shelter; the depot is out of use, the post due tomorrow
    assert a.inspected_this_year == 1  # twice in 2026, once in 2025, once after DAY


def test_it_counts_per_province_for_the_ministry(world, ministry_viewer, province, other_province):
    figures = ind.works_rollup(ministry_viewer, DAY, ind.BY_PROVINCE)
    assert (figures[province.pk].total, figures[other_province.pk].total) == (6, 1)
    assert figures[province.pk].degraded == 2


def test_it_gives_the_indicators_of_a_crafted_commune(world, commune_a, commune_c):
    on = DAY
    assert get_indicator("operations.works_ready").value(commune_a.pk, on) == 3
    assert get_indicator("operations.works_ready.combat_base").value(commune_a.pk, on) == 2
    assert get_indicator("operations.works_ready.rear_base").value(commune_c.pk, on) == 1
    assert get_indicator("operations.works_inspected_this_year").value(commune_a.pk, on) == 1
    assert get_indicator("operations.works_due_for_inspection").value(commune_a.pk, on) == 1
    later = datetime.date(2026, 7, 31)
    assert get_indicator("operations.works_inspected_this_year").value(commune_a.pk, later) == 2


def test_it_shows_the_province_its_communes_and_the_degraded_works(
    world, province_staff, commune_a
):
    client = client_for(province_staff)
    page = client.get(reverse("operations:works_rollup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hầm trú ẩn bản Co Muông" in html
    drill = f"{reverse('operations:work_list')}?commune={commune_a.code}&amp;state=degraded"
    assert drill in html
    listed = client.get(
        reverse("operations:work_list"), {"commune": commune_a.code, "state": "degraded"}
    )
    assert "Hầm trú ẩn bản Co Muông" in listed.content.decode()
    cell = client.get(
        reverse("operations:work_list"),
        {"commune": commune_a.code, "kind": "combat_base", "state": "ready"},
    )
    assert cell.context["page"].paginator.count == 2
    export = client.get(reverse("operations:works_rollup_export"))
    assert export.status_code == 200


def test_it_shows_the_ministry_each_province(world, ministry_viewer, province, other_province):
    client = client_for(ministry_viewer)
    html = client.get(reverse("operations:works_rollup")).content.decode()
    assert province.name in html and other_province.name in html
    assert f"?province={province.code}" in html


def test_it_shows_a_commune_its_own_works_only(world, commune_a_staff, commune_b):
    client = client_for(commune_a_staff)
    page = client.get(reverse("operations:works_rollup"))
    assert page.status_code == 200
    assert commune_b.name not in page.content.decode()
    assert "Hầm trú ẩn bản Co Muông" in page.content.decode()


def test_it_puts_degraded_works_on_the_province_home(world, province_staff):
    html = client_for(province_staff).get(reverse("core:home")).content.decode()
    assert 'data-testid="home-works"' in html
    assert "Hầm trú ẩn bản Co Muông" in html
