"""The duty rosters' API: shifts (generated routes and their filters), booking and taking off,
planning a range, and the roster of a range as JSON."""

from __future__ import annotations

import json

import pytest

from garrison.operations.models import DutyShift
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import DutyShiftFactory
from tests.factories.ops_rosters import DAY, roster_world

pytestmark = pytest.mark.django_db
SHIFTS = "/api/operations/duty-shifts"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    move_clock(monkeypatch, DAY)


@pytest.fixture
def world(commune_a, command_a):
    world = roster_world(commune_a, command_a)
    world["night"] = DutyShiftFactory(
        commune=commune_a, day=DAY, shift="night", event=world["event"]
    )
    return world


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_it_books_through_the_api_and_refuses_naming_who_and_when(world, commune_a_staff):
    client = client_for(commune_a_staff)
    url = f"{SHIFTS}/{world['night'].pk}/book"
    first = post(client, url, {"role": "militia_standby", "member_id": world["an"].pk})
    assert first.status_code == 200
    assert [b["full_name"] for b in first.json()["bookings"]] == ["Lò Văn An"]
    again = post(client, url, {"role": "militia_standby", "member_id": world["an"].pk})
    assert again.status_code == 400
    assert "Lò Văn An is already on duty on 16/02/2026, night shift" in again.json()["detail"]
    ended = post(client, url, {"role": "militia_standby", "member_id": world["ended"].pk})
    assert ended.status_code == 400 and "member" in ended.json()["errors"]
    officer = post(client, url, {"role": "duty_officer", "staff_post_id": world["former"].pk})
    assert officer.status_code == 400
    assert "left the post of Deputy Commander on 10/02/2026" in officer.json()["detail"]


def test_it_takes_off_through_the_api(world, commune_a_staff):
    client = client_for(commune_a_staff)
    shift = world["night"]
    booked = post(
        client,
        f"{SHIFTS}/{shift.pk}/book",
        {"role": "duty_officer", "staff_post_id": world["commander"].pk},
    ).json()
    booking_id = booked["bookings"][0]["id"]
    response = post(client, f"{SHIFTS}/{shift.pk}/unbook", {"booking_id": booking_id})
    assert response.status_code == 200 and response.json()["bookings"] == []


def test_the_list_filters_by_event_commune_days_and_shift(world, commune_a, commune_a_staff):
    DutyShiftFactory(commune=commune_a, day=DAY.replace(day=20), shift="day")
    client = client_for(commune_a_staff)
    got = client.get(
        SHIFTS,
        {
            "commune": commune_a.code,
            "event": world["event"].pk,
            "day_from": "2026-02-16",
            "day_until": "2026-02-16",
            "shift": "night",
        },
    ).json()
    assert [s["id"] for s in got["items"]] == [world["night"].pk]
    assert client.get(SHIFTS, {"day_from": "2026-02-17"}).json()["count"] == 1
    assert client.get(SHIFTS, {"shift": "noon"}).status_code == 422


def test_it_adds_a_shift_and_plans_a_range(world, commune_a, commune_a_staff):
    client = client_for(commune_a_staff)
    added = post(
        client, SHIFTS, {"commune_code": commune_a.code, "day": "2026-02-17", "shift": "day"}
    )
    assert added.status_code == 201 and added.json()["booked"] == 0
    twice = post(
        client, SHIFTS, {"commune_code": commune_a.code, "day": "2026-02-17", "shift": "day"}
    )
    assert twice.status_code == 400
    planned = post(
        client,
        f"{SHIFTS}/plan",
        {"commune_code": commune_a.code, "first_day": "2026-02-16", "last_day": "2026-02-18"},
    )
    assert planned.status_code == 201 and planned.json()["created"] == 4
    assert DutyShift.objects.filter(commune=commune_a).count() == 6
    too_long = post(
        client,
        f"{SHIFTS}/plan",
        {"commune_code": commune_a.code, "first_day": "2026-01-01", "last_day": "2027-06-30"},
    )
    assert too_long.status_code == 400 and "first_day" in too_long.json()["errors"]


def test_the_roster_reads_as_json(world, commune_a, commune_a_staff):
    client = client_for(commune_a_staff)
    post(
        client,
        f"{SHIFTS}/{world['night'].pk}/book",
        {"role": "militia_standby", "member_id": world["an"].pk},
    )
    body = client.get(
        "/api/operations/duty-roster", {"from": "2026-02-16", "until": "2026-02-17"}
    ).json()
    assert body["commune_code"] == commune_a.code
    night = body["days"][0]["shifts"][1]
    assert night["shift"] == "night" and night["bookings"][0]["full_name"] == "Lò Văn An"
    assert [f["code"] for f in body["flags"]] == ["under_strength", "no_shift"]
    refused = client.get(
        "/api/operations/duty-roster", {"from": "2026-01-01", "until": "2026-12-31"}
    )
    assert refused.status_code == 422 and "at most 92 days" in refused.json()["detail"]


def test_commune_b_cannot_book_on_commune_as_shift(world, commune_b_staff):
    client = client_for(commune_b_staff)
    response = post(
        client,
        f"{SHIFTS}/{world['night'].pk}/book",
        {"role": "militia_standby", "member_id": world["an"].pk},
    )
    assert response.status_code == 404


def test_a_shift_of_an_event_that_does_not_concern_the_commune_is_refused(
    world, commune_b, province_staff
):
    body = {
        "commune_code": commune_b.code,
        "day": "2026-02-16",
        "shift": "day",
        "event_id": world["event"].pk,
    }
    response = post(client_for(province_staff), SHIFTS, body)
    assert response.status_code == 400 and "does not concern" in response.json()["detail"]
