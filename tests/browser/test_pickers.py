"""A picker in a real browser: commune staff add a reservist among namesakes by typing the
name and the year of birth, and choose the one they mean from labels that tell them apart
(issue 16, section 3). The page embeds none of the commune's people; the search answers."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from garrison.forces.models import Reservist
from tests.factories import PersonFactory

from .test_commune_commander import sign_in


def pick(page, name: str, typed: str, option: str) -> None:
    """Type `typed` into the picker of the form field `name` (in `page`, or in a part of it) and
    choose the option whose label contains `option` (Tom Select: the select is hidden behind its
    search box), once the search for what was typed has been asked and answered: the options
    shown before it (those of the search on focus, or of the previous choice's search) are
    replaced when the answer comes, so a click before it may land on an option about to go."""
    select = page.locator(f"select[name={name}]")
    box = page.locator(f"select[name={name}] + .ts-wrapper")
    box.locator(".ts-control").click()
    search = box.locator("input")
    answered = """(select) => !select.tomselect.loading && !select.tomselect.refreshTimeout"""
    for _attempt in range(3):
        # the search on focus answered first: its answer re-renders the box, and on a slow
        # machine it could land while the first letters are typed and drop them
        box.page.wait_for_function(answered, arg=select.element_handle())
        search.fill("")  # what was typed for the previous choice, if it stayed
        search.press_sequentially(typed, delay=20)
        if search.input_value() == typed:
            break
    expect(search).to_have_value(typed)
    box.page.wait_for_function(
        # Tom Select keeps what was typed in lastValue, waits refreshThrottle before it asks
        # (refreshTimeout), and counts the searches asked and not yet answered (loading).
        """([select, typed]) => {
            const box = select.tomselect;
            return box.lastValue === typed && !box.refreshTimeout && !box.loading;
        }""",
        arg=[select.element_handle(), typed],
    )
    box.locator(".ts-dropdown .option", has_text=option).click()
    expect(box.locator(".item", has_text=option)).to_have_count(1)


@pytest.fixture
def namesakes(transactional_db, commune_a, commune_a_staff):
    people = [
        PersonFactory(
            residence_commune=commune_a,
            full_name="Lò Văn Thắng",
            date_of_birth=datetime.date(1998 + n, 3, 12),
            address=f"Bản {village}",
        )
        for n, village in enumerate(["Na Son", "Phì Cao", "Huổi Dạo"])
    ]
    return people


def test_commune_staff_pick_a_namesake_by_typing_name_and_year(page, namesakes, commune_a):
    wanted = namesakes[1]
    sign_in(page, "a_staff")
    page.goto("/forces/reservists/add/")
    person = page.locator("select[name=person]")
    expect(person.locator("option")).to_have_count(1)  # none of the commune's people embedded
    # the commune is the user's own, chosen already
    expect(page.locator("select[name=commune]")).to_have_value(str(commune_a.pk))
    label = f"Lò Văn Thắng — 12/03/1999 — CCCD …{wanted.citizen_id[-4:]} — Bản Phì Cao"
    pick(page, "person", "Thắng 1999", "Bản Phì Cao")
    expect(person).to_have_value(str(wanted.pk))
    expect(page.locator("select[name=person] + .ts-wrapper .item")).to_have_text(label)
    # the required choices start empty: the user makes them (no default made unasked)
    expect(page.locator("select[name=category]")).to_have_value("")
    page.locator("select[name=category]").select_option("nco_soldier")
    page.locator("select[name=rank]").select_option("binh_nhat")
    page.locator("select[name=reserve_class]").select_option("hang_1")
    page.locator("input[name=registered_on]").fill("01/06/2026")
    page.get_by_test_id("save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lò Văn Thắng")
    assert Reservist.objects.get().person == wanted
