"""The roster pages: a shift's page and its actions, the roster grid with who is on duty now and
the flags, its PDF and workbook, planning a range, and the scoping of all of them."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from garrison.operations.models import DutyAssignment, DutyShift
from garrison.operations.rosters import services
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import DutyShiftFactory
from tests.factories.ops_rosters import DAY, roster_world

pytestmark = pytest.mark.django_db
ROSTER = reverse("operations:roster")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    move_clock(monkeypatch, DAY)


@pytest.fixture
def world(commune_a, command_a, commune_a_staff):
    world = roster_world(commune_a, command_a)
    event = world["event"]
    day_shift = DutyShiftFactory(commune=commune_a, day=DAY, shift="day", event=event)
    night = DutyShiftFactory(commune=commune_a, day=DAY, shift="night", event=event)
    services.do_book_duty(
        actor=commune_a_staff, shift=day_shift, role="duty_officer", staff_post=world["commander"]
    )
    services.do_book_duty(
        actor=commune_a_staff, shift=day_shift, role="militia_standby", member=world["an"]
    )
    return {**world, "day_shift": day_shift, "night": night}


def test_the_roster_shows_names_roles_and_flags(world, commune_a_staff):
    client = client_for(commune_a_staff)
    response = client.get(ROSTER, {"from": "16/02/2026", "until": "17/02/2026"})
    assert response.status_code == 200
    page = response.content.decode()
    grid = page[page.index('data-testid="roster-grid"') :]
    assert "Cà Văn Chỉ" in grid and "Lò Văn An" in grid and "command duty officer" in grid
    assert "16/02/2026, day shift: 2 on duty, the event asks for 3." in page
    assert "Nobody is on duty on 16/02/2026, night shift." in page
    assert "No shift is planned on 17/02/2026." in page


def test_the_roster_of_an_event_covers_its_period(world, commune_a_staff):
    response = client_for(commune_a_staff).get(ROSTER, {"event": world["event"].pk})
    roster = response.context["roster"]
    assert (roster.first, roster.last) == (datetime.date(2026, 2, 10), datetime.date(2026, 2, 22))


def test_on_duty_now_is_at_the_top(world, commune_a_staff, monkeypatch):
    from django.utils import timezone

    from garrison.operations.rosters import pages

    moment = datetime.datetime(2026, 2, 16, 9, 0, tzinfo=timezone.get_default_timezone())
    monkeypatch.setattr(pages.timezone, "now", lambda: moment)
    page = client_for(commune_a_staff).get(ROSTER).content.decode()
    top = page[page.index('data-testid="on-duty-now"') : page.index('data-testid="roster-grid"')]
    assert "Cà Văn Chỉ" in top and "Lò Văn An" in top and "16/02/2026, day shift" in top


def test_a_range_longer_than_a_quarter_is_refused_with_a_message(world, commune_a_staff):
    response = client_for(commune_a_staff).get(
        ROSTER, {"from": "2026-01-01", "until": "2026-06-30"}
    )
    assert response.status_code == 400
    assert "at most 92 days" in response.content.decode()
    assert response.context["roster"] is None


def test_commune_a_cannot_read_commune_bs_roster(world, commune_b, commune_a_staff):
    shift_b = DutyShiftFactory(commune=commune_b, day=DAY, shift="night")
    DutyAssignment.objects.create(
        shift=shift_b,
        commune=commune_b,
        role="militia_standby",
        person=world["binh"].person,  # a name only B's roster shows
    )
    DutyAssignment.objects.filter(shift__commune=world["day_shift"].commune).delete()
    client = client_for(commune_a_staff)
    query = {"commune": commune_b.code, "from": "2026-02-16", "until": "2026-02-16"}
    page = client.get(ROSTER, query)
    assert page.status_code == 400 and page.context["roster"] is None
    assert "Quàng Văn Bình" not in page.content.decode()
    for name in ("operations:roster_pdf", "operations:roster_xlsx"):
        response = client.get(reverse(name), query)
        assert response.status_code == 302 and response["Location"].startswith(ROSTER)
    api = client.get("/api/operations/duty-roster", query)
    assert api.status_code == 422 and "Quàng Văn Bình" not in api.content.decode()
    assert "commune" in api.json()["errors"]


def test_the_province_chooses_a_commune(world, commune_a, commune_b, province_staff):
    client = client_for(province_staff)
    first = client.get(ROSTER)
    assert first.status_code == 200 and first.context["roster"] is None
    assert "Choose the commune" in first.content.decode()
    chosen = client.get(ROSTER, {"commune": commune_a.code})
    assert "Lò Văn An" in chosen.content.decode()


def test_the_roster_prints_as_pdf(world, commune_a, commune_a_staff):
    query = {"commune": commune_a.code, "from": "2026-02-16", "until": "2026-02-17"}
    response = client_for(commune_a_staff).get(reverse("operations:roster_pdf"), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_context_follows_the_decree_30_layout(world, commune_a, commune_a_staff):
    from garrison.operations.rosters.pages import pdf_context

    roster = services.build_roster(commune_a_staff, commune_a, DAY, DAY)
    context = pdf_context(roster)
    assert context["issuer"] == "Ban Chỉ huy Quân sự xã Na Son"
    assert context["signer_name"] == "Cà Văn Chỉ"
    assert context["rows"][0]["officers"] == ["Cà Văn Chỉ"]
    assert context["rows"][0]["standby"] == ["Lò Văn An"]


def test_the_roster_opens_in_excel_with_the_names(world, commune_a, commune_a_staff):
    query = {"commune": commune_a.code, "from": "2026-02-16", "until": "2026-02-17"}
    response = client_for(commune_a_staff).get(reverse("operations:roster_xlsx"), query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Cà Văn Chỉ" in cells and "Lò Văn An" in cells
    assert "No shift is planned on 17/02/2026." in cells


def test_the_roster_page_queries_do_not_grow_with_days(
    world, commune_a, commune_a_staff, django_assert_max_num_queries
):
    client = client_for(commune_a_staff)
    client.get(ROSTER)  # the session warmed up
    services.do_plan_roster(actor=commune_a_staff, commune=commune_a, event=world["event"])
    with django_assert_max_num_queries(14) as short:
        client.get(ROSTER, {"from": "2026-02-16", "until": "2026-02-16"})
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(ROSTER, {"from": "2026-01-01", "until": "2026-03-31"})
    assert response.status_code == 200


def test_a_shift_page_books_and_takes_off(world, commune_a_staff):
    client = client_for(commune_a_staff)
    night = world["night"]
    page = client.get(reverse("operations:shift_detail", args=[night.pk]))
    assert "Nobody is on duty on 16/02/2026, night shift." in page.content.decode()
    book_url = reverse("operations:shift_book", args=[night.pk])
    form = client.get(book_url).content.decode()
    assert "Lò Văn An" in form and "Lường Văn Hết" not in form  # only members serving that day
    assert "Tòng Văn Cũ" not in form  # a post left before the day
    response = client.post(
        book_url, {"role": "militia_standby", "members": [world["an"].pk, world["binh"].pk]}
    )
    assert response.status_code == 302
    assert set(night.assignments.values_list("person__full_name", flat=True)) == {
        "Lò Văn An",
        "Quàng Văn Bình",
    }
    again = client.post(book_url, {"role": "militia_standby", "members": [world["an"].pk]})
    assert again.status_code == 400
    assert "Lò Văn An is already on duty on 16/02/2026, night shift" in again.content.decode()
    booking = night.assignments.get(person=world["an"].person)
    gone = client.post(reverse("operations:shift_unbook", args=[night.pk]), {"booking": booking.pk})
    assert gone.status_code == 302 and night.assignments.count() == 1


def test_planning_a_range_from_the_page(world, commune_a, commune_a_staff):
    client = client_for(commune_a_staff)
    response = client.post(
        reverse("operations:roster_plan"),
        {
            "commune": commune_a.pk,
            "first_day": "20/02/2026",
            "last_day": "22/02/2026",
            "shifts": ["day", "night"],
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(ROSTER)
    assert DutyShift.objects.filter(commune=commune_a, day__gte=DAY.replace(day=20)).count() == 6


def test_the_ministry_reads_the_roster_but_cannot_plan(world, commune_a, ministry_viewer):
    client = client_for(ministry_viewer)
    page = client.get(ROSTER, {"commune": commune_a.code, "from": "2026-02-16"})
    assert "Lò Văn An" in page.content.decode() and not page.context["can_plan"]
    assert client.get(reverse("operations:roster_plan")).status_code == 404
