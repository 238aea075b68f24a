"""Mass-mobilisation rules as a user meets them: help outside the programme's period refused with
the period named, money counted once, houses valued, double help flagged (never refused)."""

from __future__ import annotations

import datetime

from garrison.operations.programmes import rules

START, END = datetime.date(2026, 1, 5), datetime.date(2026, 2, 20)


def test_it_refuses_help_outside_the_period_naming_it():
    assert rules.outside_period(START, END, datetime.date(2026, 1, 5)) is None
    assert rules.outside_period(START, END, datetime.date(2026, 2, 20)) is None
    message = rules.outside_period(START, END, datetime.date(2026, 2, 21))
    assert "21/02/2026" in message and "05/01/2026" in message and "20/02/2026" in message


def test_it_counts_money_once_and_needs_a_value_for_houses():
    assert "quantity" in rules.amount_errors("money", 2, 1_000_000)
    assert rules.amount_errors("money", 1, 1_000_000) == {}
    assert "value_vnd" in rules.amount_errors("house_repaired", 1, 0)
    assert "value_vnd" in rules.amount_errors("gift", 3, None)
    assert rules.amount_errors("work_days", 10, 0) == {}


def test_it_refuses_a_programme_that_ends_before_it_starts():
    assert "ends_on" in rules.period_errors(END, START)
    assert rules.period_errors(START, END) == {}


def test_it_finds_who_was_helped_more_than_once():
    pairs = [(1, 10), (1, 11), (1, 10), (2, 10)]
    assert rules.helped_more_than_once(pairs) == {(1, 10)}
