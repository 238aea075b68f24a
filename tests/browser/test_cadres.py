"""Placing cadres, in a real browser: a province staff officer opens the placement proposals,
makes one for today, sees the strategic (border) posts first with the proposed cadres and an
empty post explained, pins a candidate and sees the proposal solved again around the pin,
approves it with a decision number, and finds the new Commander on the commune command's
page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from garrison.cadres.models import CadreDecision, PlacementRun
from tests.cadres.conftest import cadre
from tests.clock import move_clock
from tests.factories import CommandFactory, CommuneFactory, PostStandardFactory

from .test_commune_commander import sign_in
from .test_forces import dmy, field
from .test_pickers import pick

pytestmark = pytest.mark.browser

TITLE = "Bố trí Chỉ huy trưởng, Phó Chỉ huy trưởng đợt 1"


@pytest.fixture
def province_cadres(transactional_db, monkeypatch, province, commune_a, commune_b, province_staff):
    """Two commune commands with Commander and Deputy Commander vacant: Xã Biên Giới (border,
    so strategic; the province wants an advanced political theory level for its Commander,
    which nobody has) and Xã Na Son. Five cadres; Cà Văn Chung is fit for no post."""
    move_clock(monkeypatch, datetime.date(2026, 10, 15))  # the live server sees this day too
    PostStandardFactory(position="commander")
    PostStandardFactory(
        position="deputy_commander",
        min_rank="second_lieutenant",
        max_rank="major",
        min_political_theory="elementary",
    )
    PostStandardFactory(
        province=province,
        position="commander",
        area="border",
        min_political_theory="advanced",
    )
    border = CommuneFactory(province=province, name="Xã Biên Giới", is_border=True)
    deputy_only = {"rank": "second_lieutenant", "political_theory": "elementary"}
    return {
        "border": CommandFactory(commune=border),
        "na_son": CommandFactory(commune=commune_a),
        "an": cadre(commune_a, person__full_name="Lò Văn An"),
        "binh": cadre(
            commune_b,
            person__full_name="Quàng Văn Bình",
            local_military_years=4,
            mass_mobilisation=True,
        ),
        "dung": cadre(commune_b, person__full_name="Tòng Văn Dũng", **deputy_only),
        "khanh": cadre(commune_b, person__full_name="Lường Văn Khánh", **deputy_only),
        "chung": cadre(
            commune_b,
            person__full_name="Cà Văn Chung",
            service_category="civil_servant",
            rank="",
            rank_date=None,
            party_member=False,
        ),
        "user": province_staff,
    }


def test_a_province_officer_places_cadres_and_the_commune_gets_its_commander(page, province_cadres):
    world = province_cadres
    today = timezone.localdate()

    sign_in(page, world["user"].username)
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Cadres → placement proposals → add
    page.goto("/cadres/")
    page.get_by_role("link", name="Placement proposals", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Placement proposals")
    page.get_by_test_id("add").click()
    field(page, "Title").fill(TITLE)
    field(page, "Effective from").fill(dmy(today))
    field(page, "Include posts falling vacant by").fill(dmy(today + datetime.timedelta(days=90)))
    # Commander and Deputy Commander are ticked already; the Political Commissar is not offered
    expect(page.get_by_label("Commander", exact=True)).to_be_checked()
    expect(page.get_by_label("Deputy Commander", exact=True)).to_be_checked()
    expect(page.get_by_label("Political Commissar", exact=True)).to_have_count(0)
    page.get_by_test_id("save").click()

    # The proposal: figures beside the greedy baseline's, strategic posts first
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    summary = page.get_by_test_id("run-summary")
    expect(summary.locator('[data-figure="filled"]')).to_have_text("3 / 4")
    expect(page.get_by_test_id("run-greedy")).to_contain_text("greedy")
    rows = page.get_by_test_id("match-row")
    expect(rows).to_have_count(4)
    for i in (0, 1):
        expect(rows.nth(i)).to_have_attribute("data-strategic", "1")
        expect(rows.nth(i).get_by_test_id("strategic")).to_be_visible()
    for i in (2, 3):
        expect(rows.nth(i)).to_have_attribute("data-strategic", "0")
    # the border Commander stays empty, and says why
    border_commander = rows.filter(has_text="Xã Biên Giới").filter(has_text="Commander").first
    expect(border_commander.get_by_test_id("empty-reason")).to_contain_text(
        "No candidate meets the criteria"
    )
    expect(border_commander.get_by_test_id("empty-reason")).to_contain_text("political theory")
    # Na Son's Commander is Quàng Văn Bình, with the parts of his points
    na_son_commander = rows.filter(has_text="xã Na Son").nth(0)
    expect(na_son_commander).to_contain_text("Quàng Văn Bình")
    expect(na_son_commander).to_contain_text("+12 for 4 years of local military work")

    # Pin Tòng Văn Dũng to the border Deputy's post: solved again around the pin
    border_deputy = rows.filter(has_text="Xã Biên Giới").filter(has_text="Deputy Commander")
    border_deputy.get_by_role("link", name=re.compile("^Pin")).click()
    pin_form = page.get_by_test_id("pin-form")
    expect(pin_form.get_by_label("post")).to_have_value(f"{world['border'].pk}:deputy_commander")
    pick(pin_form, "profile", "Tòng Văn Dũng", "Tòng Văn Dũng")
    page.get_by_test_id("pin-submit").click()
    expect(page.locator("#messages")).to_contain_text("Tòng Văn Dũng is pinned to Deputy Commander")
    expect(page.locator("#messages")).to_contain_text("solved again")
    border_deputy = (
        page.get_by_test_id("match-row")
        .filter(has_text="Xã Biên Giới")
        .filter(has_text="Deputy Commander")
    )
    expect(border_deputy).to_contain_text("Tòng Văn Dũng")
    expect(border_deputy.get_by_test_id("pinned")).to_be_visible()
    expect(page.get_by_test_id("run-pins")).to_contain_text("Tòng Văn Dũng")

    # Approve with a decision number
    page.get_by_test_id("go-approve").click()
    approve = page.get_by_test_id("approve-card")
    field(approve, "first decision number").fill("15")
    field(approve, "signed by").fill("Đại tá Nguyễn Văn Tỉnh")
    expect(field(approve, "signed on")).to_have_value(dmy(today))
    page.get_by_test_id("approve-submit").click()
    expect(page.locator("#messages")).to_contain_text("3 decisions issued")
    expect(page.get_by_test_id("run-status")).to_have_text("Approved")
    decisions = page.get_by_test_id("run-decisions")
    expect(decisions).to_contain_text("3 decisions issued")
    expect(decisions.get_by_role("link", name=re.compile(r"^15.QĐ-BCH"))).to_be_visible()
    expect(page.get_by_test_id("pin-form")).to_have_count(0)
    run = PlacementRun.objects.get()
    assert run.status == PlacementRun.Status.APPROVED
    assert CadreDecision.objects.filter(placement_run=run).count() == 3

    # The commune command has its new Commander: in the list of commands, and on its page
    na_son = world["na_son"]
    page.goto(reverse("commands:command_list") + "?q=Na+Son")
    expect(page.locator("tbody tr").filter(has_text=na_son.name)).to_contain_text("Quàng Văn Bình")
    page.goto(reverse("commands:command_detail", kwargs={"pk": na_son.pk}))
    expect(page.get_by_role("heading", level=1)).to_contain_text(na_son.name)
    commander_row = page.locator("tr").filter(has=page.get_by_text("Commander", exact=True))
    expect(commander_row).to_contain_text("Quàng Văn Bình")
