"""Defence and security education policy (pure functions): the cycle, who is due, the refusals."""

from __future__ import annotations

import datetime

from garrison.operations.education import rules

D = datetime.date


def test_it_takes_five_years_ending_on_the_day_as_the_cycle():
    assert rules.cycle_start("group_4", D(2026, 6, 30)) == D(2021, 7, 1)
    assert rules.cycle_start("group_1", D(2028, 2, 29)) == D(2023, 3, 1)


def test_it_counts_a_cadre_due_only_while_in_the_group_and_untrained():
    on = D(2026, 6, 30)
    assert rules.is_due("group_4", on, since=D(2025, 7, 1), until=None, attended=[])
    assert not rules.is_due(
        "group_4", on, since=D(2025, 7, 1), until=None, attended=[D(2026, 5, 12)]
    )
    # trained before the cycle: due again
    assert rules.is_due("group_4", on, since=D(2019, 1, 1), until=None, attended=[D(2021, 6, 30)])
    # left the group, or not yet in it: not due
    assert not rules.is_due("group_4", on, since=D(2020, 1, 1), until=D(2026, 1, 1), attended=[])
    assert not rules.is_due("group_4", on, since=D(2026, 7, 1), until=None, attended=[])
    # a session after the day does not count yet
    assert rules.is_due("group_4", on, since=D(2025, 1, 1), until=None, attended=[D(2026, 7, 1)])


def test_it_refuses_what_cannot_be():
    assert rules.ends_before_starts(D(2026, 5, 14), D(2026, 5, 12))
    assert not rules.ends_before_starts(D(2026, 5, 12), D(2026, 5, 12))
    assert rules.not_yet_held(D(2026, 7, 1), D(2026, 6, 30))
    assert not rules.not_yet_held(D(2026, 6, 30), D(2026, 6, 30))
    assert rules.count_below_named(2, 3)
    assert not rules.count_below_named(None, 3) and not rules.count_below_named(3, 3)
    assert rules.may_attend(lives_in_commune=False, cadre_of_commune=True)
    assert not rules.may_attend(lives_in_commune=False, cadre_of_commune=False)


def test_it_counts_the_people_attending_a_session():
    assert rules.people_attending(1200, 3) == 1200
    assert rules.people_attending(None, 3) == 3
    assert rules.share(1, 3) == 33.3 and rules.share(0, 0) is None
