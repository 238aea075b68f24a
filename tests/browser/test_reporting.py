"""Orders down, reports up, in a real browser: the province writes and sends a directive; the
Na Son commander finds it in the inbox, acknowledges it, and makes last month's report (the
militia strength fills itself, a blocking rule stops a wrong figure, the corrected report is
submitted); the province approves it among the reports waiting and sees the reporting rate go
from one commune in two to both."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from garrison.reporting.models import DirectiveReceipt, Submission
from garrison.reporting.returns import periods, services
from tests.clock import move_clock
from tests.factories import CommandFactory, MilitiaMemberFactory, MilitiaUnitFactory, monthly_form

from .test_commune_commander import sign_in
from .test_forces import dmy, field

TITLE = "Về bảo đảm an ninh dịp Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
#: "Today" for this test: mid-month, so last month's report is past its due date (5 days) and
#: is the one the home page's rate card shows, whatever day the suite runs on.
TODAY = datetime.date(2026, 10, 15)


@pytest.fixture
def world(
    transactional_db,
    monkeypatch,
    province,
    commune_a,
    commune_b,
    commune_a_commander,
    commune_b_staff,
):
    """Na Son (commune A) with a squad of 3 militia members; Mường Thanh (commune B) has made
    last month's return already; the province's monthly form BC-01, published. The clock is
    moved to TODAY — the date and the time, so that what is stamped "now" (a submission, an
    acknowledgement) lies on that day too (the live server runs in this process, so its pages
    see the same clock)."""
    move_clock(monkeypatch, TODAY)
    long_ago = datetime.date(2025, 7, 1)
    CommandFactory(commune=commune_a, established_on=long_ago)
    CommandFactory(commune=commune_b, established_on=long_ago)
    unit = MilitiaUnitFactory(commune=commune_a)
    for _ in range(3):
        MilitiaMemberFactory(unit=unit, started_on=datetime.date(2025, 4, 1))
    form = monthly_form(province)
    last_month = periods.previous(periods.period_containing("month", timezone.localdate()))
    b_staff = commune_b_staff
    report = services.do_start_submission(
        actor=b_staff, form=form, commune=commune_b, period=last_month
    )
    report = services.do_save_submission(
        actor=b_staff, submission=report, raw_values={"trained": "0", "patrols": "4"}
    )
    services.do_submit(actor=b_staff, submission=report)
    return {"form": form, "period": last_month, "commander": commune_a_commander}


def sign_out(page) -> None:
    page.get_by_test_id("user-menu").click()  # sign-out sits in the menu under the user's name
    page.get_by_test_id("sign-out").click()
    expect(page.locator("input[name=username]")).to_be_visible()


def rate_card(page, form):
    return page.locator(f'[data-testid="home-rate-card"][data-form="{form.pk}"]')


def test_directive_down_report_up_approved_and_counted(page, world, province_staff, commune_a):
    form, period = world["form"], world["period"]
    today = timezone.localdate()

    # --- the province: one commune in two has made last month's report ---------------------
    sign_in(page, province_staff.username)
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    card = rate_card(page, form)
    expect(card).to_contain_text("50%")
    expect(card).to_contain_text("1 of 2 reported")

    # It writes a directive to every commune and sends it.
    page.goto("/reporting/directives/add/")
    field(page, "Number and symbol").fill("12/CT-BCH")
    field(page, "Title").fill(TITLE)
    field(page, "Text").fill("Duy trì nghiêm chế độ trực sẵn sàng chiến đấu.")
    field(page, "Issue date").fill(dmy(today))
    field(page, "Due date").fill(dmy(today + datetime.timedelta(days=7)))
    field(page, "To all communes").check()
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    page.get_by_test_id("action-issue").click()
    page.get_by_label(re.compile("^Send to the addressed communes now")).check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("directive-counts")).to_contain_text("acknowledged 0/2")
    sign_out(page)

    # --- Na Son: the directive in the inbox, acknowledged there with one click -------------
    sign_in(page, world["commander"].username)
    expect(page.get_by_test_id("inbox-badge")).to_be_visible()
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_test_id("inbox")).to_contain_text("12/CT-BCH")
    page.get_by_test_id("inbox-action").click()
    expect(page.locator("#messages")).to_contain_text("12/CT-BCH acknowledged")
    # the receipt's page, with the directive's full text
    expect(page.get_by_test_id("directive-text")).to_contain_text(
        "Duy trì nghiêm chế độ trực sẵn sàng chiến đấu."
    )
    receipt = DirectiveReceipt.objects.get(commune=commune_a)
    assert receipt.acknowledged_at is not None
    assert receipt.acknowledged_by == world["commander"]
    assert timezone.localdate(receipt.acknowledged_at) == TODAY
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_test_id("inbox-action")).to_have_count(0)

    # --- Na Son: last month's report, from the to-do list ----------------------------------
    page.goto("/")
    page.get_by_test_id("todo").get_by_role(
        "link", name=re.compile(rf"Make report {form.code}")
    ).click()
    page.get_by_test_id("start").click()
    strength = page.get_by_test_id("row-strength")
    expect(page.get_by_test_id("computed-strength")).to_have_text("3")
    expect(strength).to_contain_text("Militia register")

    # 5 trained out of 3 is refused by the blocking rule; the draft keeps the figures.
    field(page, "Số đã huấn luyện").fill("5")
    field(page, "Số lần tuần tra").fill("6")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-trained")).to_contain_text("không thể vượt quân số")
    expect(field(page, "Số đã huấn luyện")).to_have_value("5")
    assert Submission.objects.get(commune=commune_a).state == "draft"

    field(page, "Số đã huấn luyện").fill("3")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submission-values")).to_contain_text("6")
    report = Submission.objects.get(commune=commune_a)
    assert report.state == "submitted" and report.values["trained"] == 3
    sign_out(page)

    # --- the province approves it among the reports waiting and sees the rate change ------
    sign_in(page, province_staff.username)
    page.get_by_test_id("home-reports-awaiting").click()
    waiting = page.get_by_test_id("reports-to-approve")
    expect(waiting.locator("tbody tr")).to_have_count(2)
    with translation.override("en"):  # the page is in English; the test's own language is vi
        label = f"Select {report}"
    page.get_by_label(label).check()
    page.get_by_test_id("approve-selected").click()
    expect(page.locator("#messages")).to_contain_text("1 report approved.")
    expect(waiting.locator("tbody tr")).to_have_count(1)
    report.refresh_from_db()
    assert report.state == "approved"

    page.goto("/")
    card = rate_card(page, form)
    expect(card).to_contain_text("100%")
    expect(card).to_contain_text("2 of 2 reported")
    card.get_by_role("link", name=form.code).click()
    expect(page.get_by_test_id("rate-totals").locator('[data-figure="rate"]')).to_contain_text(
        "100%"
    )
    na_son = page.get_by_test_id("rate-communes").locator(f'tr[data-commune="{commune_a.pk}"]')
    expect(na_son).to_have_attribute("data-status", re.compile("^(on_time|late)$"))
    assert period.key in page.url or page.locator("#rate-period").input_value() == period.key


def test_the_province_selects_every_report_waiting_with_one_box(
    page, world, province_staff, commune_a, commune_a_commander
):
    """The approval list's header box ticks every row (and shows a partial choice); the
    approval takes the ticked rows."""
    report = services.do_start_submission(
        actor=commune_a_commander, form=world["form"], commune=commune_a, period=world["period"]
    )
    report = services.do_save_submission(
        actor=commune_a_commander, submission=report, raw_values={"trained": "1", "patrols": "2"}
    )
    services.do_submit(actor=commune_a_commander, submission=report)

    sign_in(page, province_staff.username)
    page.get_by_test_id("lang-en").click()
    page.goto("/reporting/reports/review/")
    rows = page.get_by_test_id("reports-to-approve").locator("tbody input[type=checkbox]")
    expect(rows).to_have_count(2)
    select_all = page.get_by_test_id("select-all")
    select_all.check()
    for i in range(2):
        expect(rows.nth(i)).to_be_checked()
    rows.nth(0).uncheck()
    assert select_all.evaluate("box => box.indeterminate") is True
    select_all.check()
    page.get_by_test_id("approve-selected").click()
    expect(page.locator("#messages")).to_contain_text("2 reports approved.")
    assert set(Submission.objects.values_list("state", flat=True)) == {"approved"}
