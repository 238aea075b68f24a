"""One click, one post (issue 15, finding 3), in a real browser: while an add form's post is on
its way, the Save button is disabled and the form is not sent again."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from garrison.forces.models import TrainingSession
from tests.clock import move_clock
from tests.factories import TrainingPlanFactory

from .test_commune_commander import sign_in
from .test_forces import field


@pytest.fixture
def plan(transactional_db, monkeypatch, commune_a, commune_a_commander):
    move_clock(monkeypatch, datetime.date(2026, 10, 15))  # the session typed below is past
    return TrainingPlanFactory(commune=commune_a, year=2026, kind="mobile")


def _fill_session(page, plan) -> None:
    page.goto(f"/forces/sessions/add/?plan={plan.pk}")
    field(page, "Date").fill("10/05/2026")
    field(page, "Training days").fill("1")
    field(page, "Content").fill("Điều lệnh đội ngũ")


def test_a_second_click_on_save_is_not_sent(page, plan, commune_a_commander):
    """On a slow line the first post is still travelling when the user clicks again: the page
    sends the form once. (Here the posts are counted and kept from leaving, as they would be
    by the browser; the server's one-record-per-form key is tested over HTTP in
    tests/core/test_idempotency.py.)"""
    sign_in(page, commune_a_commander.username)
    page.get_by_test_id("lang-en").click()
    _fill_session(page, plan)
    page.evaluate(
        """() => { window.posts = 0;
                   window.addEventListener("submit", (event) => {
                       if (!event.defaultPrevented) window.posts += 1;
                       event.preventDefault();
                   }); }"""
    )
    save = page.get_by_test_id("save")
    save.click()
    expect(save).to_be_disabled()
    save.dblclick(force=True)
    page.evaluate('() => document.querySelector("form.card").requestSubmit()')
    assert page.evaluate("() => window.posts") == 1
    assert TrainingSession.objects.filter(plan=plan).count() == 0
