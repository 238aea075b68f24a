"""A commune commander's day, in a real browser: sign in, read the commune home page, switch
the interface to English, and edit a person of the commune (including a stale edit)."""

from __future__ import annotations

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from playwright.sync_api import expect

from garrison.people.models import Person
from tests.factories import CommandFactory, PersonFactory

PASSWORD = "secret-pass-123"  # UserFactory's default


@pytest.fixture
def na_son(transactional_db, commune_a, commune_a_commander):
    """Province 11 (Điện Biên), Xã Na Son with its military command, one resident and the
    commune's commander."""
    command = CommandFactory(commune=commune_a)
    person = PersonFactory(residence_commune=commune_a, full_name="Lò Văn An", phone="0912345678")
    return {"command": command, "person": person, "user": commune_a_commander}


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    # Bootstrap's CSS is served (from node_modules, through whitenoise) and applied.
    expect(page.locator("main > .row").first).to_have_css("display", "flex")
    page.get_by_test_id("sign-in").click()


def test_commander_signs_in_switches_language_and_edits_a_person(page, na_son):
    person = na_son["person"]

    # Sign in: the commune home page, to-do list first, then the commune's command.
    sign_in(page, na_son["user"].username)
    expect(page).to_have_url(re.compile(r"/$"))
    todo = page.get_by_test_id("todo")
    expect(todo).to_be_visible()
    expect(page.get_by_role("link", name="Ban Chỉ huy Quân sự xã Na Son")).to_be_visible()
    assert page.locator("main section").first.get_attribute("data-testid") == "todo"

    # Vietnamese by default (the default language, and what the browser asks for) ...
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_test_id("lang-vi")).to_have_attribute("aria-pressed", "true")
    # ... switch to English: the same page comes back in English.
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("lang-en")).to_have_attribute("aria-pressed", "true")
    expect(todo.get_by_role("heading", name="To do")).to_be_visible()
    expect(page.get_by_role("link", name="Ban Chỉ huy Quân sự xã Na Son")).to_be_visible()

    # People list -> the person -> Edit.
    menus = page.get_by_role("navigation", name="Main navigation")
    menus.get_by_test_id("menu-citizens").click()  # the menu of the citizens' registers
    menus.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="People")).to_be_visible()
    page.get_by_role("link", name="Lò Văn An").click()
    expect(page.get_by_role("heading", level=1, name="Lò Văn An")).to_be_visible()
    page.get_by_test_id("edit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Lò Văn An")

    page.get_by_label("full name").fill("Lò Văn Anh")
    page.get_by_label("phone").fill("0987654321")
    page.get_by_test_id("save").click()

    # Back on the detail page, with the new values and a success message.
    expect(page.get_by_role("heading", level=1, name="Lò Văn Anh")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Saved.")
    expect(page.locator("dl")).to_contain_text("0987654321")

    # Saved in the database, with the change and the reads in the audit log.
    person.refresh_from_db()
    assert person.full_name == "Lò Văn Anh"
    assert person.phone == "0987654321"
    assert person.version == 2
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk)
    )
    update = entries.get(action=LogEntry.Action.UPDATE)
    assert update.actor == na_son["user"]
    assert update.changes_dict["full_name"] == ["Lò Văn An", "Lò Văn Anh"]
    assert update.changes_dict["phone"] == ["0912345678", "0987654321"]
    reads = entries.filter(action=LogEntry.Action.ACCESS, additional_data__kind="read")
    assert reads.count() == 2  # the detail page before and after the edit
    assert {r.actor for r in reads} == {na_son["user"]}


def test_stale_edit_keeps_the_typed_value_and_the_other_change(page, na_son):
    person = na_son["person"]
    sign_in(page, na_son["user"].username)
    expect(page.get_by_test_id("todo")).to_be_visible()
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"/people/{person.pk}/edit/")
    page.get_by_label("phone").fill("0900000001")

    # Meanwhile someone else saves the person.
    Person.objects.filter(pk=person.pk).update(phone="0911111111", version=F("version") + 1)

    page.get_by_test_id("save").click()
    conflict = page.get_by_test_id("conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("changed by someone else")
    expect(page.get_by_label("phone")).to_have_value("0900000001")

    person.refresh_from_db()
    assert person.phone == "0911111111"
    assert person.version == 2
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk=str(person.pk),
        action=LogEntry.Action.UPDATE,
    ).exists()
