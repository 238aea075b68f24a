"""Reporting periods (pure): keys, first and last days, due dates, and who is expected."""

from __future__ import annotations

import datetime

import pytest

from garrison.reporting.returns import periods, rules

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "day", "key", "start", "end"),
    [
        ("month", D(2026, 2, 14), "2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        ("month", D(2028, 2, 29), "2028-02", D(2028, 2, 1), D(2028, 2, 29)),
        ("quarter", D(2026, 11, 24), "2026-Q4", D(2026, 10, 1), D(2026, 12, 31)),
        ("half_year", D(2026, 6, 30), "2026-H1", D(2026, 1, 1), D(2026, 6, 30)),
        ("year", D(2026, 7, 1), "2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("week", D(2026, 1, 1), "2026-W01", D(2025, 12, 29), D(2026, 1, 4)),
    ],
)
def test_each_period_type_has_its_key_and_days(kind, day, key, start, end):
    period = periods.period_containing(kind, day)
    assert (period.key, period.start, period.end) == (key, start, end)
    assert periods.parse_key(kind, key) == period


@pytest.mark.parametrize(
    ("kind", "key"),
    [("month", "2026-13"), ("quarter", "2026-Q5"), ("month", "tháng 10"), ("week", "2026-W54")],
)
def test_a_key_that_names_no_period_is_refused(kind, key):
    with pytest.raises(ValueError):
        periods.parse_key(kind, key)


def test_an_event_form_has_one_period_and_the_due_date_follows_its_end():
    event = (D(2026, 1, 10), D(2026, 1, 25))
    period = periods.period_containing("event", D(2026, 3, 1), event)
    assert (period.start, period.end, period.key) == (*event, "event")
    assert period.due_on(3) == D(2026, 1, 28)


def test_periods_between_covers_a_year_of_months():
    months = periods.periods_between("month", D(2026, 1, 1), D(2026, 12, 31))
    assert [p.key for p in months][:2] == ["2026-01", "2026-02"] and len(months) == 12


def test_a_command_is_expected_only_from_the_period_it_existed_in():
    october = periods.period_containing("month", D(2026, 10, 1))
    assert periods.is_expected(D(2026, 10, 31), october)
    assert not periods.is_expected(D(2026, 11, 1), october)
    assert periods.is_expected(None, october)


def test_values_are_parsed_by_their_field_type():
    number = {"key": "n", "label": "N", "kind": "number", "required": True, "min_value": 0}
    assert rules.parse_value(number, "1 200") == 1200
    assert rules.parse_value(number, "1.200") == 1200  # a count: the dot groups thousands
    decimal = {**number, "whole": False}
    assert rules.parse_value(decimal, "2,5") == 2.5
    assert rules.parse_value(decimal, "2.5") == 2.5
    for bad, code in (("abc", "number"), ("2,5", "number"), ("-1", "min"), ("", "required")):
        with pytest.raises(rules.ValueProblem) as problem:
            rules.parse_value(number, bad)
        assert problem.value.code == code
    date = {"key": "d", "label": "D", "kind": "date"}
    assert rules.parse_value(date, "24/11/2026") == "2026-11-24"
    choice = {"key": "c", "label": "C", "kind": "choice", "choices": ["có", "không"]}
    with pytest.raises(rules.ValueProblem):
        rules.parse_value(choice, "có thể")


def test_rules_judge_only_numbers_that_are_there():
    rule = {"left": "trained", "op": "<=", "right_field": "strength", "severity": "block"}
    assert rules.broken_rules({"trained": 5, "strength": 3}, [rule])[0].blocking
    assert rules.broken_rules({"trained": 3, "strength": 3}, [rule]) == []
    assert rules.broken_rules({"trained": None, "strength": 3}, [rule]) == []


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Tháng 11/2026", "2026-11"),
        ("tháng 3/2026", "2026-03"),
        ("11/2026", "2026-11"),
        ("2026-11", "2026-11"),
        ("Quý 4/2026", "2026-Q4"),
        ("q4 2026", "2026-Q4"),
        ("2026-q4", "2026-Q4"),
        ("Năm 2026", "2026"),
        ("2026", "2026"),
        ("event", "event"),
        ("", ""),
    ],
)
def test_a_period_typed_as_it_is_shown_finds_its_key(typed, key):
    # issue 16, section 4: the returns list's period filter takes "Tháng 11/2026", not only
    # the internal key "2026-11"
    assert periods.key_from_text(typed) == key
