"""A commune commander keeps the militia, in a real browser: from the forces overview to the
unit, admits a resident to the unit (after the law refuses a 17-year-old), then records a
training session of the year's plan and who attended it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from garrison.core.dates import add_years
from garrison.forces.models import Attendance, MemberAssignment, MilitiaMember, TrainingSession
from tests.clock import move_clock
from tests.factories import (
    CommandFactory,
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    TrainingPlanFactory,
)

from .test_commune_commander import sign_in
from .test_pickers import pick

UNIT = "Tiểu đội dân quân cơ động số 1"


def field(page, label: str):
    """A form field by its label; a required field's label ends with "*" and, for screen
    readers, "(required)"."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\*\s*\(required\))?$"))


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


#: "Today" for this test: a weekday in the second half of the year
TODAY = datetime.date(2026, 10, 15)


@pytest.fixture
def militia(transactional_db, monkeypatch, commune_a, commune_a_commander):
    """Xã Na Son: a mobile squad (1 leader + 8 members) with one member serving since last
    year, a resident of militia age who is not a member, a 17-year-old resident, and this
    year's training plan for the mobile militia. The clock is moved to TODAY (the live server
    runs in this process and sees the same day)."""
    move_clock(monkeypatch, TODAY)
    year = timezone.localdate().year
    CommandFactory(commune=commune_a)
    unit = MilitiaUnitFactory(
        commune=commune_a,
        name=UNIT,
        kind="mobile",
        establishment_leaders=1,
        establishment_members=8,
    )
    serving = MilitiaMemberFactory(
        unit=unit,
        person=PersonFactory(
            residence_commune=commune_a,
            full_name="Lò Văn Bình",
            date_of_birth=datetime.date(1998, 7, 20),
        ),
        started_on=datetime.date(year - 1, 4, 1),
    )
    resident = PersonFactory(
        residence_commune=commune_a,
        full_name="Quàng Văn Chiến",
        date_of_birth=datetime.date(2001, 3, 15),
    )
    minor = PersonFactory(
        residence_commune=commune_a,
        full_name="Lò Văn Dũng",
        date_of_birth=datetime.date(year - 17, 1, 1),  # 17 all year long
    )
    plan = TrainingPlanFactory(commune=commune_a, year=year, kind="mobile")
    return {
        "unit": unit,
        "serving": serving,
        "resident": resident,
        "minor": minor,
        "plan": plan,
        "user": commune_a_commander,
    }


def test_commander_admits_a_member_and_records_a_training_session(page, militia):
    unit, plan = militia["unit"], militia["plan"]
    resident, minor = militia["resident"], militia["minor"]
    today = timezone.localdate()

    sign_in(page, militia["user"].username)
    expect(page.get_by_test_id("todo")).to_be_visible()
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The home page's forces section -> the forces overview: the commune's units, strength
    # against establishment.
    forces = page.get_by_test_id("home-forces")
    expect(forces).to_contain_text("1 / 9")
    forces.get_by_role("link", name="Forces overview").click()
    expect(page).to_have_url(re.compile(r"/forces/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Militia and reserve")
    row = page.get_by_test_id("forces-rollup").locator("tbody tr", has_text=UNIT)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("9")  # establishment
    expect(row.locator("td").nth(2)).to_have_text("1")  # strength
    expect(row.locator("td").nth(3)).to_have_text("8")  # gap

    # The unit page, with its serving member.
    row.get_by_role("link", name=UNIT).click()
    expect(page.get_by_role("heading", level=1, name=UNIT)).to_be_visible()
    expect(page.get_by_test_id("unit-members")).to_contain_text("Lò Văn Bình")

    # "Add a member": the add page knows the unit.
    page.get_by_role("link", name="Add a member").click()
    expect(page).to_have_url(re.compile(rf"/forces/members/add/\?unit={unit.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add militia member")
    expect(page.locator("select[name=unit]")).to_have_value(str(unit.pk))

    # A 17-year-old is refused, citing the age of the law; nothing is created.
    pick(page, "person", minor.full_name, minor.full_name)
    field(page, "Role").select_option("member")
    field(page, "Term began").fill(dmy(today))
    page.get_by_test_id("save").click()
    errors = page.get_by_test_id("form-errors")
    expect(errors).to_contain_text("outside the militia age")
    expect(errors).to_contain_text("DQTV 8.1")
    expect(page.locator("select[name=person]")).to_have_value(str(minor.pk))
    assert not MilitiaMember.objects.filter(person=minor).exists()
    assert MilitiaMember.objects.count() == 1

    # The resident born in 2001 is admitted: the term runs 4 years (DQTV 8.2).
    term_end = add_years(today, 4)
    pick(page, "person", resident.full_name, resident.full_name)
    expect(page.locator("select[name=unit]")).to_have_value(str(unit.pk))
    expect(field(page, "Term began")).to_have_value(dmy(today))
    page.get_by_test_id("save").click()

    expect(page.get_by_role("heading", level=1, name=resident.full_name)).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Created.")
    fields = page.locator("dl")
    expect(fields).to_contain_text(UNIT)
    expect(fields).to_contain_text(dmy(term_end))
    history = page.get_by_test_id("member-history").locator("tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text(UNIT)
    expect(history.first).to_contain_text("member")
    expect(history.first).to_contain_text(dmy(today))
    expect(page.get_by_test_id("member-training")).to_contain_text("No session attended this year.")

    # The year's training plan -> "Record a session": the add page knows the plan.
    page.goto("/forces/")
    page.get_by_role("navigation", name="Registers").get_by_role(
        "link", name="Training plans", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training plans")
    plan_link = page.locator("main table tbody tr", has_text="mobile").get_by_role("link")
    expect(plan_link).to_have_text(str(plan.year))  # a year, not a number: "2026", not "2,026"
    plan_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{plan.year} — mobile")
    expect(page.locator('dl dt:text-is("Year") + dd')).to_have_text(str(plan.year))
    expect(page.get_by_test_id("plan-members")).to_contain_text("Lò Văn Bình")
    expect(page.get_by_test_id("plan-members")).to_contain_text(resident.full_name)
    page.get_by_test_id("add-session").click()
    expect(page).to_have_url(re.compile(rf"/forces/sessions/add/\?plan={plan.pk}$"))
    expect(page.locator("select[name=plan]")).to_have_value(str(plan.pk))
    field(page, "Date").fill(dmy(today))
    field(page, "Training days").fill("2")
    field(page, "Content").fill("Điều lệnh đội ngũ, bắn súng tiểu liên AK")
    field(page, "Location").fill("Sân vận động xã")
    page.get_by_test_id("save").click()

    session_title = f"{dmy(today)} — Điều lệnh đội ngũ, bắn súng tiểu liên AK"
    expect(page.get_by_role("heading", level=1)).to_have_text(session_title)
    expect(page.get_by_test_id("session-present")).to_contain_text("No attendance recorded yet.")

    # Record attendance: both members were present.
    page.get_by_test_id("action-attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record attendance")
    page.get_by_label(f"Lò Văn Bình — {UNIT}").check()
    page.get_by_label(f"{resident.full_name} — {UNIT}").check()
    page.get_by_test_id("submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(session_title)
    expect(page.locator("#messages")).to_contain_text("Attendance recorded: 2 present.")
    present = page.get_by_test_id("session-present").locator("li")
    expect(present).to_have_count(2)
    expect(present.filter(has_text="Lò Văn Bình")).to_have_count(1)
    expect(present.filter(has_text=resident.full_name)).to_have_count(1)

    # The new member's page counts the day's training towards this year's 15 (DQTV 28.1).
    page.get_by_test_id("session-present").get_by_role("link", name=resident.full_name).click()
    expect(page.get_by_role("heading", level=1, name=resident.full_name)).to_be_visible()
    training = page.get_by_test_id("member-training")
    expect(training).to_contain_text("days required by the law (DQTV 28.1): 15")
    expect(training).to_contain_text("attended: 2")
    expect(training.get_by_role("link", name=dmy(today))).to_be_visible()

    # In the database: the member with the term the law gives, one placement, the attendance.
    member = MilitiaMember.objects.get(person=resident)
    assert member.unit == unit
    assert member.role == "member"
    assert member.kind == "mobile"
    assert member.started_on == today
    assert member.term_years == 4
    assert member.term_end == term_end
    assert member.status == MilitiaMember.Status.SERVING
    assignment = MemberAssignment.objects.get(member=member)
    assert (assignment.unit, assignment.role, assignment.started_on) == (unit, "member", today)
    assert assignment.ended_on is None
    assert not MilitiaMember.objects.filter(person=minor).exists()
    session = TrainingSession.objects.get(plan=plan)
    assert session.held_on == today
    assert session.days == 2
    assert session.commune_id == unit.commune_id
    assert set(Attendance.objects.filter(session=session).values_list("member", flat=True)) == {
        militia["serving"].pk,
        member.pk,
    }
