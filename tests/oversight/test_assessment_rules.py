"""The arithmetic of the assessment (garrison/oversight/assessment/rules.py, pure): a measure's
value, what does not apply, attainment capped at the target, points, the score of a commune,
competition ranks with ties listed by name the Vietnamese way, and the day a period is read on."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from garrison.oversight.assessment import rules

D = Decimal


def crit(measure: str = "m", target: str = "90", weight: int = 10) -> rules.Criterion:
    return rules.Criterion(measure, D(target), weight)


def test_it_takes_a_rate_as_a_percentage_rounded_half_up():
    assert rules.figure_value(D(2), D(3), True) == D("66.67")
    assert rules.figure_value(D(1), D(8), True) == D("12.50")
    assert rules.figure_value(D(1), D(200), True) == D("0.50")
    assert rules.figure_value(D(1), D(400), True) == D("0.25")
    assert rules.figure_value(D(1), D(800), True) == D("0.13")  # 0.125 rounds up


def test_it_takes_a_count_as_it_is():
    figure = rules.figure(crit(target="1"), 1, None, is_rate=False)
    assert (figure.value, figure.denominator, figure.points) == (D("1.00"), None, D("10.00"))


def test_a_rate_with_a_zero_denominator_does_not_apply():
    figure = rules.figure(crit(), 0, 0, is_rate=True)
    assert not figure.applies
    assert figure.value is None and figure.points is None


def test_attainment_is_capped_at_the_target():
    assert rules.attainment(D(45), D(90)) == D("0.5")
    assert rules.attainment(D(99), D(90)) == 1
    assert rules.attainment(D(0), D(90)) == 0
    assert rules.points(10, D(45), D(90)) == D("5.00")
    assert rules.points(10, D(100), D(90)) == D("10.00")
    assert rules.points(3, D("33.33"), D(90)) == D("1.11")


def test_the_score_counts_only_the_weights_of_the_measures_that_apply():
    figures = [
        rules.figure(crit("a", "100", 30), 50, 100, True),  # 50% of 100: 15 points of 30
        rules.figure(crit("b", "80", 20), 8, 10, True),  # 80% reaches 80: 20 of 20
        rules.figure(crit("c", "90", 50), 0, 0, True),  # does not apply: 50 not counted
    ]
    assert rules.score(figures) == (D("70.00"), 50)


def test_the_score_is_between_0_and_100():
    full = [rules.figure(crit(weight=w), 10, 10, True) for w in (1, 7, 100)]
    empty = [rules.figure(crit(weight=w), 0, 10, True) for w in (1, 7, 100)]
    assert rules.score(full) == (D("100.00"), 108)
    assert rules.score(empty) == (D("0.00"), 108)


def test_a_commune_to_which_nothing_applies_scores_0_with_no_weight():
    assert rules.score([rules.figure(crit(), 0, 0, True)]) == (D("0.00"), 0)
    assert rules.score([]) == (D("0.00"), 0)


def test_the_score_rounds_half_up():
    # 100 × 1 / 8 = 12.5 points of 8 → 12.50; 100 × 1/3 → 33.33; 2/3 → 66.67
    third = [rules.figure(crit("a", "100", 1), 100, 100, True)]
    third += [rules.figure(crit("b", "100", 2), 0, 1, True)]
    assert rules.score(third)[0] == D("33.33")
    two_thirds = [rules.figure(crit("a", "100", 2), 1, 1, True)]
    two_thirds += [rules.figure(crit("b", "100", 1), 0, 1, True)]
    assert rules.score(two_thirds)[0] == D("66.67")


def test_ties_share_a_rank_and_list_by_name_the_vietnamese_way():
    rows = [
        (1, "Xã Ẳng Nưa", D("80")),
        (2, "Xã An Bình", D("80")),
        (3, "Xã Đông", D("95")),
        (4, "Xã Bình", D("70")),
        (5, "Xã Ăn Cơm", D("80")),
    ]
    assert rules.ranking(rows) == [(3, 1), (2, 2), (5, 2), (1, 2), (4, 5)]


def test_a_ranking_of_equal_scores_is_all_first():
    rows = [(n, f"Xã {n}", D(0)) for n in range(3)]
    assert [rank for _key, rank in rules.ranking(rows)] == [1, 1, 1]


@pytest.mark.parametrize(
    ("period", "today", "expected"),
    [
        ("year", datetime.date(2027, 1, 20), datetime.date(2026, 12, 31)),
        ("year", datetime.date(2026, 9, 9), datetime.date(2026, 9, 9)),
        ("h1", datetime.date(2026, 9, 9), datetime.date(2026, 6, 30)),
        ("h1", datetime.date(2026, 3, 9), datetime.date(2026, 3, 9)),
        ("h2", datetime.date(2027, 1, 20), datetime.date(2026, 12, 31)),
    ],
)
def test_a_period_is_read_on_its_last_day_or_today(period, today, expected):
    assert rules.period_as_of(2026, period, today) == expected


def test_a_period_that_has_not_begun_has_no_day():
    with pytest.raises(ValueError):
        rules.period_as_of(2026, "h2", datetime.date(2026, 6, 1))
    assert rules.as_of_problem(2026, "year", datetime.date(2026, 8, 1), datetime.date(2026, 7, 1))
    assert rules.as_of_problem(2026, "h1", datetime.date(2026, 7, 1), datetime.date(2026, 9, 1))
    assert not rules.as_of_problem(
        2026, "h1", datetime.date(2026, 6, 30), datetime.date(2026, 9, 1)
    )


def test_the_spread_of_a_province():
    assert rules.spread([D("50"), D("70"), D("61")]) == (D("60.33"), D("50"), D("70"))
    assert rules.spread([]) == (None, None, None)
