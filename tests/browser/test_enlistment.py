"""A commune staff officer records a health-examination result and a deferral, in a real
browser, from the pool of the commune's enlistment page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from garrison.conscription import services
from garrison.conscription.models import Candidate
from tests.clock import move_clock
from tests.factories import CampaignFactory, PersonFactory, ServiceRecordFactory

from .test_commune_commander import sign_in


@pytest.fixture
def pool(transactional_db, monkeypatch, commune_a, commune_a_staff, province_staff):
    # the campaign of 2027 examines from November 2026: the day is one of its examination
    # weeks, after the examination typed below (the live server sees the same day)
    move_clock(monkeypatch, datetime.date(2026, 12, 3))
    campaign = CampaignFactory(province=commune_a.province)
    record = ServiceRecordFactory(
        person=PersonFactory(
            residence_commune=commune_a,
            full_name="Lò Văn Định",
            date_of_birth=datetime.date(2005, 6, 1),
        )
    )
    services.do_build_pool(actor=province_staff, campaign=campaign)
    return {"candidate": record.candidacies.get(), "user": commune_a_staff}


def test_staff_officer_records_a_health_result_and_a_deferral(page, pool):
    candidate = pool["candidate"]
    sign_in(page, pool["user"].username)
    page.get_by_test_id("lang-en").click()

    page.goto(f"/conscription/pool/{candidate.pk}/")
    expect(page.get_by_test_id("service-outcome")).to_contain_text(
        "eligible for enlistment", ignore_case=True
    )

    # the health examination: class 4 takes him out of this year's call-up, with its ground
    page.get_by_test_id("action-health_exam").click()
    page.get_by_label("examined on").fill("10/11/2026")
    page.get_by_label("examination board").fill("Hội đồng khám sức khỏe khu vực 1")
    page.get_by_label("health class").select_option("4")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("exams")).to_contain_text("class 4")
    outcome = page.get_by_test_id("service-outcome")
    expect(outcome).not_to_contain_text("eligible for", ignore_case=True)
    expect(outcome).to_contain_text("41.1.a")

    # a deferral with a ground from the wrong clause is refused, and what was typed stays
    page.get_by_test_id("action-decide").click()
    page.get_by_label("deferral", exact=True).check()
    page.get_by_label("ground (point of Art 41)").select_option("exemption:a")
    page.get_by_label("evidence").fill("Giấy xác nhận của UBND xã: lao động duy nhất")
    page.get_by_label("deferred until").fill("31/12/2027")
    page.get_by_test_id("submit").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Art 41.1")
    expect(page.get_by_label("evidence")).to_have_value(
        "Giấy xác nhận của UBND xã: lao động duy nhất"
    )
    page.get_by_label("ground (point of Art 41)").select_option("deferral:b")
    page.get_by_test_id("submit").click()

    expect(page.get_by_test_id("decisions")).to_contain_text("NVQS 41.1.b")
    expect(page.get_by_test_id("service-outcome")).to_contain_text("NVQS 41.1.b")
    candidate.refresh_from_db()
    assert candidate.outcome == "deferred"
    assert candidate.outcome_until == datetime.date(2027, 12, 31)
    assert Candidate.objects.filter(pk=candidate.pk, exams__health_class=4).exists()
