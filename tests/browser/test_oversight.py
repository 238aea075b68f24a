"""Inspection and assessment in a real browser (issue 19, "Done means"): the province's inspector
records an inspection of Xã Na Son with a finding and a corrective action; the Na Son commander
answers the action with its evidence; the inspector verifies it (the finding is corrected); the
province's staff compute the year's assessment, approve it and see the ranking."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from garrison.oversight.models import (
    AssessmentRun,
    CorrectiveAction,
    Finding,
    Inspection,
)
from tests.clock import move_clock
from tests.factories.oversight import (
    AssessmentCriterionFactory,
    ChecklistItemFactory,
    ChecklistVersionFactory,
    InspectionPlanFactory,
)

from .test_commune_commander import sign_in
from .test_forces import dmy
from .test_pickers import pick
from .test_reporting import sign_out

#: "Today": the inspection was held this week; its action falls due today (answered and verified
#: today: corrected on time, as the assessment counts it).
TODAY = datetime.date(2026, 11, 20)
DAY = datetime.timedelta(days=1)
TITLE = "Kiểm tra công tác quốc phòng, quân sự địa phương tại xã Na Son"
FINDING = "Bản Xá Sang chưa được bố trí khu sơ tán trong phương án sơ tán dân cư"
ACTION = "Bổ sung khu sơ tán cho bản Xá Sang, trình UBND xã phê duyệt"
EVIDENCE = "Quyết định số 152/QĐ-UBND ngày 25/11/2026 phê duyệt phương án sơ tán"


@pytest.fixture
def world(transactional_db, monkeypatch, province, commune_a, commune_b, province_inspector):
    """Điện Biên's 2026 plan and its published checklist; the year's criteria: a Commander in
    post, and the findings corrected on time."""
    move_clock(monkeypatch, TODAY)
    plan = InspectionPlanFactory(province=province, year=2026)
    version = ChecklistVersionFactory(
        template__province=province,
        template__name="Kiểm tra toàn diện Ban CHQS xã",
        number=1,
    )
    ChecklistItemFactory(checklist_version=version, area="civil_defence")
    version.published_at = datetime.datetime(2026, 1, 15, 2, 0, tzinfo=datetime.UTC)
    version.save(update_fields=["published_at"])
    for measure, target in (
        ("command.commander_post", Decimal(1)),
        ("oversight.findings_corrected_on_time", Decimal(100)),
    ):
        AssessmentCriterionFactory(
            province=province, year=2026, measure=measure, target=target, weight=50
        )
    return {"plan": plan, "version": version}


def test_an_inspection_of_na_son_its_action_answered_and_verified_then_the_year_assessed(
    page, world, province_inspector, commune_a_commander, province_staff, commune_a
):
    # --- the inspector: the inspection of Na Son, a finding, a corrective action -------------
    sign_in(page, province_inspector.username)
    page.goto("/oversight/inspections/add/")
    page.locator("select[name=plan]").select_option(str(world["plan"].pk))
    page.locator("select[name=kind]").select_option("inspection")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("input[name=starts_on]").fill(dmy(TODAY - 4 * DAY))
    page.locator("input[name=ends_on]").fill(dmy(TODAY - 3 * DAY))
    page.locator("select[name=state]").select_option("done")
    page.locator("select[name=checklist_version]").select_option(str(world["version"].pk))
    pick(page, "communes", "Na Son", "Na Son")
    pick(page, "team", province_inspector.username, province_inspector.username)
    page.locator("textarea[name=outside_members]").fill(
        "Trung tá Cầm Văn Duy, Trợ lý dân quân tự vệ, Phòng Tham mưu"
    )
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    inspection = Inspection.objects.get()
    assert [t.commune for t in inspection.targets.all()] == [commune_a]
    assert list(inspection.team.all()) == [province_inspector]

    page.get_by_test_id("action-record_finding").click()
    expect(page.locator("select[name=commune]")).to_have_value(str(commune_a.pk))  # the one
    page.locator("select[name=severity]").select_option("serious")
    page.locator("select[name=area]").select_option("civil_defence")
    page.locator("textarea[name=description]").fill(FINDING)
    page.locator("textarea[name=evidence]").fill("Phương án sơ tán năm 2026 của xã")
    page.locator("input[name=found_on]").fill(dmy(TODAY - 3 * DAY))
    page.get_by_test_id("submit").click()
    expect(page.locator("#messages")).to_be_visible()
    finding = Finding.objects.get()
    assert (finding.commune, finding.state) == (commune_a, "open")

    page.goto(f"/oversight/findings/{finding.pk}/")
    page.get_by_test_id("action-add_action").click()
    page.locator("textarea[name=description]").fill(ACTION)
    page.locator("input[name=due_on]").fill(dmy(TODAY))
    page.get_by_test_id("submit").click()
    expect(page.locator("#messages")).to_be_visible()
    action = CorrectiveAction.objects.get()
    assert (action.commune, action.state, action.due_on) == (commune_a, "open", TODAY)
    sign_out(page)

    # --- the Na Son commander: the action on the to-do list, answered with its evidence -------
    sign_in(page, commune_a_commander.username)
    page.get_by_test_id("todo").get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text(ACTION[:40])
    page.goto(f"/oversight/corrective-actions/{action.pk}/")
    expect(page.get_by_test_id("action-verify")).to_have_count(0)  # not the commune's to do
    page.get_by_test_id("action-answer").click()
    page.locator("textarea[name=answer]").fill("Đã bố trí khu sơ tán Bản Na Son cho bản Xá Sang.")
    page.locator("textarea[name=completion_evidence]").fill(EVIDENCE)
    page.get_by_test_id("submit").click()
    expect(page.locator("#messages")).to_be_visible()
    expect(page.locator("main")).to_contain_text(EVIDENCE)
    action.refresh_from_db()
    assert (action.state, action.answered_on, action.answered_by) == (
        "answered",
        TODAY,
        commune_a_commander,
    )
    # the commune reads its finding but cannot change it
    page.goto(f"/oversight/findings/{finding.pk}/")
    expect(page.locator("main")).to_contain_text(FINDING)
    expect(page.get_by_test_id("edit")).to_have_count(0)
    expect(page.get_by_test_id("action-add_action")).to_have_count(0)
    sign_out(page)

    # --- the inspector verifies the answer: the finding is corrected -------------------------
    sign_in(page, province_inspector.username)
    page.goto(f"/oversight/corrective-actions/{action.pk}/")
    expect(page.locator("main")).to_contain_text(EVIDENCE)
    page.get_by_test_id("action-verify").click()
    page.locator("textarea[name=note]").fill("Đã kiểm tra quyết định phê duyệt.")
    page.get_by_test_id("submit").click()
    expect(page.locator("#messages")).to_be_visible()
    action.refresh_from_db()
    finding.refresh_from_db()
    assert (action.state, action.verified_on, action.verified_by) == (
        "verified",
        TODAY,
        province_inspector,
    )
    assert finding.state == "corrected"
    sign_out(page)

    # --- the province: the year's assessment computed, approved, its ranking -----------------
    sign_in(page, province_staff.username)
    page.goto("/oversight/assessment/runs/compute/")
    page.locator("input[name=year]").fill("2026")
    page.locator("select[name=period]").select_option("year")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("run-state")).to_be_visible()
    run = AssessmentRun.objects.get()
    assert (run.year, run.period, run.as_of, run.state) == (2026, "year", TODAY, "draft")
    page.get_by_test_id("action-approve").click()
    page.get_by_test_id("submit").click()
    expect(page.locator("#messages")).to_be_visible()
    run.refresh_from_db()
    assert run.state == "approved" and run.approved_by == province_staff
    ranking = page.get_by_test_id("ranking")
    expect(ranking.locator("tbody tr")).to_have_count(2)  # Na Son and Mường Thanh
    na_son = ranking.locator(f'tr[data-commune="{commune_a.code}"]')
    score = run.scores.get(commune=commune_a)
    expect(na_son.locator("[data-rank]")).to_have_text(str(score.rank))
    expect(na_son).to_contain_text("Na Son")
    # its action, answered before it was due and verified: corrected on time
    figure = run.figures.get(commune=commune_a, measure="oversight.findings_corrected_on_time")
    assert figure.value == Decimal(100)
    expect(page.get_by_test_id("action-approve")).to_have_count(0)  # frozen
