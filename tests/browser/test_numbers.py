"""Numbers typed the Vietnamese way, in a real Chromium (issue 16, section 1). Before, a
training session's days was the browser's own `type=number` input: Chromium took the comma of
"0,5" for a thousands separator it drops and sent "05", so the session counted 5 days; and the
monthly report stored "1.200" people as 1,2. Here the Na Son commander, in Vietnamese, types
"0,5" days and "1.200" trained militia key by key, and the stored values are read back from the
database and from the pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from garrison.forces.models import TrainingSession
from garrison.reporting.models import Submission
from garrison.reporting.returns import periods
from tests.clock import move_clock
from tests.factories import CommandFactory, TrainingPlanFactory, monthly_form

from .test_commune_commander import sign_in

#: "Today" for this test (the live server runs in this process and sees the same day)
TODAY = datetime.date(2026, 10, 15)


@pytest.fixture
def na_son(transactional_db, monkeypatch, province, commune_a, commune_a_commander):
    move_clock(monkeypatch, TODAY)
    CommandFactory(commune=commune_a, established_on=datetime.date(2025, 7, 1))
    plan = TrainingPlanFactory(commune=commune_a, year=2026, kind="mobile")
    form = monthly_form(province, rules=False)
    return {"plan": plan, "form": form, "user": commune_a_commander}


def value_of(page, label: str):
    """The value shown beside `label` on a detail page."""
    return page.locator(f'dl dt:text-is("{label}") + dd')


def test_half_a_training_day_and_twelve_hundred_people_typed_in_vietnamese(page, na_son):
    plan, form = na_son["plan"], na_son["form"]
    sign_in(page, na_son["user"].username)
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # A training session of half a day: "0,5", typed key by key.
    page.goto(f"/forces/sessions/add/?plan={plan.pk}")
    days = page.locator('input[name="days"]')
    expect(days).to_have_attribute("type", "text")
    expect(days).to_have_attribute("inputmode", "decimal")
    page.locator('input[name="held_on"]').fill("10/10/2026")
    days.fill("")
    days.press_sequentially("0,5")
    expect(days).to_have_value("0,5")  # the browser keeps what was typed
    page.locator('input[name="content"]').fill("Điều lệnh đội ngũ")
    page.get_by_test_id("save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Điều lệnh đội ngũ")
    session = TrainingSession.objects.get(plan=plan)
    assert session.days == Decimal("0.5")
    expect(value_of(page, "Số ngày huấn luyện")).to_have_text("0,5")
    page.goto(f"/forces/sessions/{session.pk}/edit/")
    expect(page.locator('input[name="days"]')).to_have_value("0,5")

    # "1.200" in a count: twelve hundred people, not 1,2.
    period = periods.period_containing("month", datetime.date(2026, 9, 1))
    page.goto(f"/reporting/reports/fill/{form.pk}/{period.key}/")
    page.get_by_test_id("start").click()
    trained = page.locator('input[name="value-trained"]')
    expect(trained).to_have_attribute("inputmode", "numeric")
    trained.press_sequentially("1.200")
    patrols = page.locator('input[name="value-patrols"]')
    patrols.press_sequentially("2,5")  # a count cannot be 2,5: refused, saying so
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-patrols")).to_contain_text("“2,5”")
    expect(page.locator('input[name="value-patrols"]')).to_have_value("2,5")
    assert "trained" not in Submission.objects.get(form=form).values  # nothing saved

    page.locator('input[name="value-patrols"]').fill("")
    page.locator('input[name="value-patrols"]').press_sequentially("4")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("error-patrols")).to_have_count(0)
    report = Submission.objects.get(form=form)
    assert report.values["trained"] == 1200 and report.values["patrols"] == 4
    expect(page.locator('input[name="value-trained"]')).to_have_value("1200")
    page.goto(f"/reporting/reports/{report.pk}/")
    expect(page.locator('[data-key="trained"]')).to_have_text(re.compile(r"^\s*1\.200\s*$"))
