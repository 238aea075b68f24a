"""Booking and planning duty: the refusals name who and when; the roster flags empty and
under-strength shifts and days without a shift; who is on duty now."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from garrison.operations.models import DutyAssignment, DutyShift
from garrison.operations.rosters import services
from garrison.operations.rosters.querysets import on_duty_now
from tests.clock import move_clock
from tests.factories import DutyShiftFactory
from tests.factories.ops_rosters import DAY, roster_world

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    move_clock(monkeypatch, DAY)
    with translation.override("en"):
        yield


@pytest.fixture
def world(commune_a, command_a):
    return roster_world(commune_a, command_a)


def night(commune, day=DAY, **kwargs):
    return DutyShiftFactory(commune=commune, day=day, shift="night", **kwargs)


def book(actor, shift, member=None, post=None):
    role = "duty_officer" if post is not None else "militia_standby"
    return services.do_book_duty(
        actor=actor, shift=shift, role=role, member=member, staff_post=post
    )


def test_it_books_a_duty_officer_and_militia_on_standby(world, commune_a, commune_a_staff):
    shift = night(commune_a)
    officer = book(commune_a_staff, shift, post=world["commander"])
    standby = book(commune_a_staff, shift, member=world["an"])
    assert officer.person.full_name == "Cà Văn Chỉ" and officer.staff_post == world["commander"]
    assert standby.member == world["an"] and standby.province_id == commune_a.province_id
    assert shift.assignments.count() == 2


def test_booking_a_person_twice_in_a_shift_is_refused_naming_who_and_when(
    world, commune_a, commune_a_staff
):
    shift = night(commune_a)
    book(commune_a_staff, shift, member=world["an"])
    with pytest.raises(ValidationError) as refused:
        book(commune_a_staff, shift, member=world["an"])
    assert "Lò Văn An is already on duty on 16/02/2026, night shift" in str(refused.value)
    assert shift.assignments.count() == 1


def test_the_same_person_may_stand_the_day_and_the_night_shift(world, commune_a, commune_a_staff):
    day_shift = DutyShiftFactory(commune=commune_a, day=DAY, shift="day")
    next_morning = DutyShiftFactory(commune=commune_a, day=DAY + datetime.timedelta(days=1))
    book(commune_a_staff, day_shift, member=world["an"])
    book(commune_a_staff, night(commune_a), member=world["an"])
    book(commune_a_staff, next_morning, member=world["an"])
    assert DutyAssignment.objects.filter(member=world["an"]).count() == 3


def test_a_member_whose_term_has_ended_is_refused_naming_the_end(world, commune_a, commune_a_staff):
    with pytest.raises(ValidationError) as refused:
        book(commune_a_staff, night(commune_a), member=world["ended"])
    message = refused.value.message_dict["member"][0]
    assert "Lường Văn Hết's militia term ended on 31/01/2026" in message
    assert "16/02/2026" in message


def test_a_term_past_its_end_is_refused_even_if_still_marked_serving(
    world, commune_a, commune_a_staff
):
    member = world["binh"]
    member.term_end = datetime.date(2026, 2, 1)
    member.save(update_fields=["term_end"])
    with pytest.raises(ValidationError, match="term ended on 01/02/2026"):
        book(commune_a_staff, night(commune_a), member=member)


def test_a_post_left_before_the_day_is_refused(world, commune_a, commune_a_staff):
    with pytest.raises(ValidationError) as refused:
        book(commune_a_staff, night(commune_a), post=world["former"])
    message = refused.value.message_dict["staff_post"][0]
    assert "Tòng Văn Cũ left the post of Deputy Commander on 10/02/2026" in message


def test_a_member_of_another_commune_is_refused(world, commune_b, commune_b_staff):
    with pytest.raises(ValidationError, match="another commune"):
        book(commune_b_staff, night(commune_b), member=world["an"])


def test_another_communes_shift_cannot_be_booked(world, commune_b, commune_a_staff):
    with pytest.raises(PermissionDenied):
        book(commune_a_staff, night(commune_b), member=world["an"])


def test_the_ministry_reads_but_does_not_book(world, commune_a, ministry_viewer):
    with pytest.raises(PermissionDenied):
        book(ministry_viewer, night(commune_a), member=world["an"])


def test_unbook_takes_the_person_off(world, commune_a, commune_a_staff):
    shift = night(commune_a)
    booking = book(commune_a_staff, shift, member=world["an"])
    services.do_unbook_duty(actor=commune_a_staff, shift=shift, booking=booking)
    assert not shift.assignments.exists()


def test_plan_creates_the_missing_shifts_of_the_events_period_at_once(
    world, commune_a, province_staff
):
    night(commune_a, day=datetime.date(2026, 2, 12))  # already planned: kept
    made = services.do_plan_roster(actor=province_staff, commune=commune_a, event=world["event"])
    shifts = DutyShift.objects.filter(commune=commune_a)
    assert len(made) == 13 * 2 - 1 and shifts.count() == 26
    assert all(s.event_id == world["event"].pk for s in made)
    again = services.do_plan_roster(
        actor=province_staff, commune=commune_a, event=world["event"], shifts=["night"]
    )
    assert again == []


def test_plan_refuses_a_commune_outside_the_area(commune_b, commune_a_staff):
    with pytest.raises(PermissionDenied):
        services.do_plan_roster(
            actor=commune_a_staff, commune=commune_b, first_day=DAY, last_day=DAY
        )


def test_roster_flags_empty_under_strength_shifts_and_days_without_shifts(
    world, commune_a, commune_a_staff, django_assert_max_num_queries
):
    event = world["event"]  # duty strength 3
    day_shift = DutyShiftFactory(commune=commune_a, day=DAY, shift="day", event=event)
    night(commune_a, event=event)
    for member in (world["an"], world["binh"]):
        book(commune_a_staff, day_shift, member=member)
    with django_assert_max_num_queries(4):
        roster = services.build_roster(
            commune_a_staff, commune_a, DAY, DAY + datetime.timedelta(days=1), event
        )
    messages = [flag.message for flag in roster.flags]
    assert messages == [
        "16/02/2026, day shift: 2 on duty, the event asks for 3.",
        "Nobody is on duty on 16/02/2026, night shift.",
        "No shift is planned on 17/02/2026.",
    ]


def test_roster_queries_do_not_grow_with_days(
    world, commune_a, commune_a_staff, django_assert_max_num_queries
):
    services.do_plan_roster(actor=commune_a_staff, commune=commune_a, event=world["event"])
    for shift in DutyShift.objects.filter(commune=commune_a):
        book(commune_a_staff, shift, member=world["an"])
    with django_assert_max_num_queries(4):
        roster = services.build_roster(
            commune_a_staff, commune_a, datetime.date(2026, 2, 1), datetime.date(2026, 3, 31)
        )
        names = {b.person.full_name for cell in roster.cells for b in cell.bookings}
    assert names == {"Lò Văn An"}


@pytest.mark.parametrize(
    ("hour", "minute", "day_offset", "shift"),
    [(6, 59, -1, "night"), (7, 0, 0, "day"), (19, 0, 0, "night"), (2, 0, -1, "night")],
)
def test_on_duty_now_is_the_shift_covering_the_local_time(
    world, commune_a, commune_a_staff, hour, minute, day_offset, shift
):
    people = {}
    for offset in (-1, 0):
        for name in ("day", "night"):
            row = DutyShiftFactory(
                commune=commune_a, day=DAY + datetime.timedelta(days=offset), shift=name
            )
            people[(offset, name)] = book(commune_a_staff, row, member=world["an"]).pk
    now = datetime.datetime.combine(DAY, datetime.time(hour, minute), tzinfo=HCM)
    on_duty = on_duty_now(commune_a_staff, now)
    assert list(on_duty.values_list("pk", flat=True)) == [people[(day_offset, shift)]]
    scoped = DutyAssignment.objects.filter(commune=commune_a)
    assert on_duty_now(scoped, now).count() == 1


def test_on_duty_now_shows_nothing_of_another_commune(world, commune_a, commune_b_staff):
    row = DutyShiftFactory(commune=commune_a, day=DAY, shift="day")
    DutyAssignment.objects.create(
        shift=row, commune=commune_a, role="militia_standby", person=world["an"].person
    )
    now = datetime.datetime.combine(DAY, datetime.time(9, 0), tzinfo=HCM)
    assert not on_duty_now(commune_b_staff, now).exists()


def test_plan_refuses_an_event_that_does_not_concern_the_commune(world, commune_b, province_staff):
    with pytest.raises(ValidationError) as refused:
        services.do_plan_roster(actor=province_staff, commune=commune_b, event=world["event"])
    assert "does not concern Phường Mường Thanh" in refused.value.message_dict["event"][0]
