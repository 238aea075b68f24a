"""The readiness figures (operations.indicators) on the small world of tests/factories/ops_dash,
on fixed days: current events, plans per state, patrols against target, open incidents by
severity, today's duty."""

import datetime

import pytest
from django.utils import timezone

from garrison.core.indicators import get_indicator
from garrison.operations import indicators as ind
from garrison.operations.models import EventTarget, Incident
from tests.clock import move_clock
from tests.factories.ops_dash import HOUR, TODAY, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch, province, other_province, commune_a, commune_b, commune_c):
    move_clock(monkeypatch, TODAY)
    return build_world(timezone.now(), province, other_province, commune_a, commune_b, commune_c)


def test_current_events_cover_the_day_or_start_within_a_week(
    world, province_staff, commune_b_staff, ministry_viewer
):
    assert list(ind.current_events(province_staff, TODAY)) == [world.tet, world.election]
    # B is not reached by the Ministry's election
    assert list(ind.current_events(commune_b_staff, TODAY)) == [world.tet]
    assert set(ind.current_events(ministry_viewer, TODAY)) == {world.tet, world.election}
    # a week before the election starts it is current; eight days before, not yet
    assert world.election in ind.current_events(ministry_viewer, datetime.date(2026, 2, 9))
    assert world.election not in ind.current_events(ministry_viewer, datetime.date(2026, 2, 8))
    # after Tết ends it is not current any more
    assert world.tet not in ind.current_events(ministry_viewer, datetime.date(2026, 2, 23))


def test_plans_per_state_for_a_province_and_late_on_the_day(world, province_staff):
    counts = ind.plans_for(province_staff, [world.tet], TODAY, ind.BY_PROVINCE)
    tet = counts[(world.tet.pk, world.province.pk)]
    assert (tet.reached, tet.none, tet.draft, tet.submitted, tet.returned, tet.approved) == (
        5, 1, 1, 1, 1, 1,
    )  # fmt: skip
    assert tet.late == 3  # B returned, E none, F draft
    assert tet.ready == 1 and tet.ready_percent == 20.0
    # on the due day nothing is late yet
    on_due = ind.plans_for(province_staff, [world.tet], datetime.date(2026, 2, 5), ind.BY_PROVINCE)
    assert on_due[(world.tet.pk, world.province.pk)].late == 0


def test_plans_per_commune_and_per_province_for_the_nation(world, ministry_viewer):
    events = [world.tet, world.election]
    by_commune = ind.plans_for(ministry_viewer, events, TODAY, ind.BY_COMMUNE)
    assert by_commune[(world.tet.pk, world.communes["E"].pk)].none == 1
    assert by_commune[(world.tet.pk, world.communes["E"].pk)].late == 1
    assert by_commune[(world.election.pk, world.communes["C"].pk)].draft == 1
    assert by_commune[(world.election.pk, world.communes["C"].pk)].late == 0  # due 20/02
    by_province = ind.plans_for(ministry_viewer, events, TODAY, ind.BY_PROVINCE)
    assert by_province[(world.election.pk, world.province.pk)].reached == 1  # A
    assert by_province[(world.election.pk, world.province.pk)].none == 1
    assert by_province[(world.election.pk, world.other_province.pk)].reached == 1  # C


def test_a_commune_counts_only_its_own_plans(world, commune_b_staff):
    counts = ind.plans_for(commune_b_staff, [world.tet, world.election], TODAY, ind.BY_COMMUNE)
    assert set(counts) == {(world.tet.pk, world.communes["B"].pk)}
    assert counts[(world.tet.pk, world.communes["B"].pk)].returned == 1


def test_event_weeks_start_on_monday_and_stop_at_the_day():
    class Event:
        starts_on = datetime.date(2026, 2, 4)  # a Wednesday
        ends_on = datetime.date(2026, 2, 22)

    assert ind.event_weeks(Event, datetime.date(2026, 2, 3)) == []
    assert ind.event_weeks(Event, datetime.date(2026, 2, 4)) == [datetime.date(2026, 2, 2)]
    assert ind.event_weeks(Event, datetime.date(2026, 3, 30)) == [
        datetime.date(2026, 2, 2),
        datetime.date(2026, 2, 9),
        datetime.date(2026, 2, 16),
    ]


def test_patrols_against_target_per_commune_province_and_nation(
    world, province_staff, ministry_viewer
):
    a, b = world.communes["A"].pk, world.communes["B"].pk
    per_commune = ind.patrols_for(province_staff, world.tet, TODAY, ind.BY_COMMUNE)
    assert (per_commune[a].weeks_met, per_commune[a].weeks, per_commune[a].done) == (2, 3, 5)
    assert (per_commune[b].weeks_met, per_commune[b].done, per_commune[b].due) == (1, 3, 6)
    assert per_commune[world.communes["E"].pk].weeks_met == 0
    total = ind.patrols_for(ministry_viewer, world.tet, TODAY, None)[None]
    assert (total.communes, total.weeks, total.weeks_met, total.done, total.due) == (
        5, 15, 3, 8, 30,
    )  # fmt: skip
    assert total.met_percent == 20.0
    per_province = ind.patrols_for(ministry_viewer, world.tet, TODAY, ind.BY_PROVINCE)
    assert per_province[world.province.pk].weeks_met == 3
    # on the first Friday only the first week counts: A and B both met it
    first = ind.patrols_for(province_staff, world.tet, datetime.date(2026, 2, 6), None)[None]
    assert (first.weeks, first.weeks_met, first.done, first.due) == (5, 2, 5, 10)
    # an event without weekly patrols has no figure
    assert ind.patrols_for(ministry_viewer, world.election, TODAY, None) == {}


def test_open_incidents_by_severity_with_the_last_reports_age(
    world, province_staff, ministry_viewer, commune_b_staff
):
    now = world.now
    province = ind.incidents_for(province_staff, now, None)[None]
    assert province.open == 2  # A's severe, B's critical (A's minor is closed)
    assert province.by_severity == {"minor": 0, "moderate": 0, "severe": 1, "critical": 1}
    assert province.overdue == 1  # the severe one's report was due an hour ago
    # the oldest "last report": B's critical, 2 h since it occurred (no report), A's 5 h
    assert province.report_age == 5 * HOUR
    nation = ind.incidents_for(ministry_viewer, now, ind.BY_PROVINCE)
    assert nation[world.other_province.pk].by_severity["moderate"] == 1
    assert nation[world.other_province.pk].report_age_hours == 3.0
    # B sees its own incident only
    own = ind.incidents_for(commune_b_staff, now, ind.BY_COMMUNE)
    assert set(own) == {world.communes["B"].pk}
    # the day before, the closed minor incident was open and nothing had been reported late
    earlier = ind.incidents_for(province_staff, now - 30 * HOUR, None)[None]
    assert earlier.open == 1 and earlier.by_severity["minor"] == 1


def test_the_shift_covering_a_moment():
    def at(day, hour):
        moment = datetime.datetime.combine(day, datetime.time(hour, 30))
        return timezone.make_aware(moment)

    assert ind.shift_covering(at(TODAY, 6)) == (TODAY - datetime.timedelta(days=1), "night")
    assert ind.shift_covering(at(TODAY, 7)) == (TODAY, "day")
    assert ind.shift_covering(at(TODAY, 18)) == (TODAY, "day")
    assert ind.shift_covering(at(TODAY, 19)) == (TODAY, "night")


def test_todays_duty_lists_the_bookings_of_the_shift_on_now(
    world, commune_a_staff, commune_b_staff
):
    names = [b.person.full_name for b in ind.duty_now(commune_a_staff, world.now)]
    assert sorted(names) == ["Lò Văn Trực", "Quàng Văn Gác"]
    assert list(ind.duty_now(commune_b_staff, world.now)) == []
    assert list(ind.duty_now(commune_a_staff, world.now + 12 * HOUR)) == []


def test_each_figure_is_one_query_whatever_the_communes(
    world, province_staff, django_assert_num_queries
):
    with django_assert_num_queries(1):
        ind.plans_for(province_staff, [world.tet, world.election], TODAY, ind.BY_COMMUNE)
    with django_assert_num_queries(1):
        ind.patrols_for(province_staff, world.tet, TODAY, ind.BY_COMMUNE)
    with django_assert_num_queries(1):
        ind.incidents_for(province_staff, world.now, ind.BY_COMMUNE)


def test_the_registered_indicators_per_commune(world):
    a, b, c = (world.communes[k].pk for k in "ABC")
    assert get_indicator("operations.plans_late").values([a, b, c], TODAY) == {a: 0, b: 1, c: 0}
    assert get_indicator("operations.plans_approved").value(a, TODAY) == 1
    assert get_indicator("operations.incidents_open").values([a, b, c], TODAY) == {
        a: 1, b: 1, c: 1,
    }  # fmt: skip
    assert get_indicator("operations.reports_overdue").values([a, b], TODAY) == {a: 1, b: 0}
    assert EventTarget.objects.count() == 7 and Incident.objects.count() == 4


def test_the_registered_indicators_link_to_their_lists(monkeypatch, commune_a):
    from garrison.operations import home

    monkeypatch.setattr(home, "link", lambda name, **params: (name, params))
    late = get_indicator("operations.plans_late").list_url(commune_a.pk, TODAY)
    # the lists take the commune's code, not its row id
    assert late == ("operations:target_list", {"commune": 3316, "plan": "late"})
    overdue = get_indicator("operations.reports_overdue").list_url(commune_a.pk, TODAY)
    assert overdue == (
        "operations:incident_list",
        {"commune": 3316, "status": "open", "overdue": "true"},
    )
