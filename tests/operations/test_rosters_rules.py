"""The roster's rules as pure functions: which shift covers a moment, overlaps, refusals and
flags (their messages name who and when)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from garrison.operations.rosters import rules

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date(2026, 2, 16)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HCM)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(D, 6, 59), (D - datetime.timedelta(days=1), "night")),
        (at(D, 7, 0), (D, "day")),
        (at(D, 18, 59), (D, "day")),
        (at(D, 19, 0), (D, "night")),
        (at(D, 2, 0), (D - datetime.timedelta(days=1), "night")),
        (at(D, 23, 30), (D, "night")),
    ],
)
def test_shift_at_gives_the_shift_covering_the_moment(moment, expected):
    assert rules.shift_at(moment) == expected


def test_shift_at_reads_the_local_time_of_a_utc_moment():
    # 00:30 UTC is 07:30 in Ho Chi Minh City: the day shift
    moment = datetime.datetime(2026, 2, 16, 0, 30, tzinfo=datetime.UTC)
    assert rules.shift_at(moment) == (D, "day")


def test_shift_at_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        rules.shift_at(datetime.datetime(2026, 2, 16, 8, 0))


def test_touching_shifts_do_not_overlap():
    next_day = D + datetime.timedelta(days=1)
    assert not rules.overlapping((D, "day"), (D, "night"))
    assert not rules.overlapping((D, "night"), (next_day, "day"))
    assert rules.overlapping((D, "night"), (D, "night"))


def test_a_person_already_on_the_shift_is_refused_naming_who_and_when():
    facts = rules.BookingFacts(
        name="Lò Văn An", day=D, shift="night", role="militia_standby", booked=((D, "night"),)
    )
    message = rules.booking_refusal(facts)["__all__"]
    assert "Lò Văn An is already on duty on 16/02/2026, night shift" in message


def test_back_to_back_shifts_are_allowed():
    term = rules.TermFacts(
        "serving", "serving", D.replace(year=2025), D.replace(year=2029), None, True
    )
    facts = rules.BookingFacts(
        name="Lò Văn An",
        day=D,
        shift="night",
        role="militia_standby",
        term=term,
        booked=((D, "day"), (D + datetime.timedelta(days=1), "day")),
    )
    assert rules.booking_refusal(facts) is None


def test_range_longer_than_a_quarter_is_refused():
    message = rules.range_refusal(D, D + datetime.timedelta(days=92))
    assert "93 days" in message and "at most 92 days" in message
    assert rules.range_refusal(D, D + datetime.timedelta(days=91)) is None
    assert "before the first" in rules.range_refusal(D, D - datetime.timedelta(days=1))


def test_flags_name_the_day_and_shift():
    assert rules.shift_flags(D, "night", 0, 3)[0].message == (
        "Nobody is on duty on 16/02/2026, night shift."
    )
    under = rules.shift_flags(D, "day", 1, 3)[0]
    assert under.code == rules.UNDER_STRENGTH and "1 on duty, the event asks for 3" in under.message
    assert rules.shift_flags(D, "day", 3, 3) == []
    missing = rules.day_flags([D, D + datetime.timedelta(days=1)], {D})
    assert [f.message for f in missing] == ["No shift is planned on 17/02/2026."]
