"""Defence-work policy as pure functions: the capacity each kind needs, GPS in Viet Nam, and
when a work is due for inspection."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from garrison.operations.works import rules


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_asks_people_of_a_shelter_and_tonnes_of_a_depot():
    shelter = rules.check_capacity("shelter", None, 3, None, state="ready", kind_label="shelter")
    assert list(shelter) == ["capacity_people"]
    assert "A shelter needs its capacity (people)" in shelter["capacity_people"]
    depot = rules.check_capacity("depot", 40, None, None, state="ready", kind_label="depot")
    assert list(depot) == ["capacity_tonnes"]
    assert rules.check_capacity("depot", None, None, Decimal("0.5"), state="ready") == {}


def test_it_takes_tonnes_or_vehicles_for_a_logistics_base():
    assert rules.check_capacity("logistics_base", None, 12, None, state="ready") == {}
    assert rules.check_capacity("logistics_base", None, None, Decimal("20"), state="ready") == {}
    missing = rules.check_capacity("logistics_base", None, None, None, state="ready")
    assert "capacity (tonnes) or capacity (vehicles)" in missing["capacity_tonnes"]


def test_it_lets_a_planned_work_leave_its_capacity_empty():
    assert rules.check_capacity("combat_base", None, None, None, state="planned") == {}


def test_it_checks_gps_both_or_neither_and_inside_viet_nam():
    assert rules.gps_problems(None, None) == {}
    assert rules.gps_problems(Decimal("21.38612"), None) == {"longitude": "pair"}
    assert rules.gps_problems(Decimal("48.85"), Decimal("2.35")) == {
        "latitude": "outside",
        "longitude": "outside",
    }
    assert rules.gps_problems(Decimal("21.38612"), Decimal("103.01724")) == {}


def test_it_makes_the_next_inspection_due_a_year_later():
    assert rules.next_inspection_due(datetime.date(2026, 3, 10)) == datetime.date(2027, 3, 10)
    assert rules.next_inspection_due(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)


def test_it_dates_a_never_inspected_work_from_its_completion_or_recording():
    recorded = datetime.date(2026, 6, 1)
    assert rules.first_inspection_due(datetime.date(2025, 1, 5), recorded) == datetime.date(
        2025, 1, 5
    )
    assert rules.first_inspection_due(None, recorded) == recorded


def test_it_counts_a_work_due_on_its_day_unless_out_of_use():
    day = datetime.date(2026, 7, 1)
    assert rules.is_due(day, "ready", day)
    assert not rules.is_due(day + datetime.timedelta(days=1), "ready", day)
    assert not rules.is_due(day, "out_of_use", day)
    assert not rules.is_due(None, "ready", day)


def test_it_keeps_the_earlier_date_when_an_incident_asks_sooner():
    a, b = datetime.date(2026, 8, 1), datetime.date(2027, 3, 10)
    assert rules.sooner(b, a) == a
    assert rules.sooner(a, b) == a
    assert rules.sooner(None, b) == b
