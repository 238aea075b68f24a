"""The header at a laptop's width (1366 x 768), in Vietnamese, for each persona of the demo:
the menus show what the user's role and scope use, and hold on one line."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from garrison.accounts.models import User

PASSWORD = "secret-pass-123"  # UserFactory's default

#: persona fixture -> a demo-like full name (the longest of the demo's) and the menus it gets
PERSONAS = {
    "ministry_viewer": ["organisation", "citizens", "forces", "cadres", "reporting"],
    "province_staff": ["organisation", "citizens", "forces", "cadres", "reporting"],
    "province_inspector": ["organisation", "citizens", "forces", "cadres", "reporting"],
    "commune_a_commander": ["citizens", "forces", "reporting"],
    "commune_a_staff": ["citizens", "forces", "reporting"],
}


@pytest.fixture
def laptop(context):
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    return page


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_header_holds_on_one_line_in_vietnamese(persona, request, transactional_db, laptop):
    user = request.getfixturevalue(persona)
    User.objects.filter(pk=user.pk).update(full_name="Nguyễn Thị Thu Hà")
    page = laptop
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("system-name")).to_contain_text(
        "Hệ thống thông tin Ban Chỉ huy quân sự cấp xã"
    )
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    menu = page.get_by_test_id("main-menu")
    for key in PERSONAS[persona]:
        expect(menu.get_by_test_id(f"menu-{key}")).to_be_visible()
    if persona.startswith("commune"):  # a commune sees none of the province's registers
        expect(menu.get_by_test_id("menu-organisation")).to_have_count(0)
        expect(menu.get_by_test_id("menu-cadres")).to_have_count(0)

    # one line: the bar's content is no taller than one menu link (plus its padding), and every
    # menu and the user's buttons sit on the same row
    sizes = page.evaluate(
        """() => {
        const bar = document.querySelector('#main-nav').getBoundingClientRect();
        const link = document.querySelector('#main-nav .nav-link').getBoundingClientRect();
        const tops = [...document.querySelectorAll(
            '#main-nav .navbar-nav > .nav-item, #main-nav [data-testid=user-menu], #language-switch'
        )].map(e => {
            const r = e.getBoundingClientRect();
            return Math.round(r.top + r.height / 2);
        });
        return {bar: bar.height, link: link.height, tops: tops};
    }"""
    )
    assert sizes["bar"] <= sizes["link"] + 2, sizes
    assert max(sizes["tops"]) - min(sizes["tops"]) <= 4, sizes
