"""The placement proposal pages (garrison/cadres/views/placement.py): a province staff officer
makes a proposal, reads why each post is open and why an empty one stays empty, adjusts it by
hand (a refused pin keeps the form and says why; a forbidden pair disappears), approves it into
decisions; nobody outside the province reaches it.

The province has two commune commands, both Commander and Deputy Commander vacant on 1 July
2026: Xã Biên Giới (border: strategic), whose Commander must hold advanced political theory
(a province standard nobody meets), and Na Son. Four cadres: Lò Văn An (from Na Son),
Quàng Văn Bình and Tòng Văn Dũng (a Second Lieutenant, Deputy at most) from Mường Thanh, and
Cà Văn Chung, a civil servant fit for nothing."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.cadres.models import CadreDecision, PlacementPin, PlacementRun
from garrison.cadres.services.placement import do_create_run, do_solve_run
from garrison.commands.models import Assignment
from tests.cadres.conftest import cadre
from tests.conftest import client_for
from tests.factories import CommandFactory, CommuneFactory, PostStandardFactory, UserFactory

EFFECTIVE = datetime.date(2026, 7, 1)
HORIZON = datetime.date(2026, 12, 31)
COMMANDER, DEPUTY = "commander", "deputy_commander"
LIST = "/cadres/placements/"


@pytest.fixture
def world(standards, province, commune_a, commune_b, command_a, border_command):
    PostStandardFactory(
        province=province, position=COMMANDER, area="border", min_political_theory="advanced"
    )
    return {
        "border": border_command,
        "na_son": command_a,
        "an": cadre(commune_a, person__full_name="Lò Văn An"),
        "binh": cadre(
            commune_b,
            person__full_name="Quàng Văn Bình",
            local_military_years=4,
            mass_mobilisation=True,
        ),
        "dung": cadre(
            commune_b,
            person__full_name="Tòng Văn Dũng",
            rank="second_lieutenant",
            political_theory="elementary",
        ),
        "chung": cadre(
            commune_b,
            person__full_name="Cà Văn Chung",
            service_category="civil_servant",
            rank="",
            rank_date=None,
            party_member=False,
        ),
    }


def make_run(actor, province) -> PlacementRun:
    return do_create_run(
        actor=actor,
        province_id=province.pk,
        title="Bố trí Chỉ huy trưởng 2026",
        effective_on=EFFECTIVE,
        horizon=HORIZON,
    )


def detail(run) -> str:
    return f"{LIST}{run.pk}/"


def text(response) -> str:
    """The page's text, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def match(run, command, position):
    return run.matches.select_related("profile__person").get(command=command, position=position)


def test_it_creates_a_proposal_from_the_add_page_and_explains_every_post(province_staff, world):
    client = client_for(province_staff)
    form = client.get(f"{LIST}add/")
    assert form.status_code == 200
    page = form.content.decode()
    assert 'value="commander"' in page and 'value="assistant"' in page
    assert 'value="political_commissar"' not in page  # held concurrently, never placed
    assert 'name="province"' not in page  # the officer's own province

    response = client.post(
        f"{LIST}add/",
        {
            "title": "Bố trí Chỉ huy trưởng 2026",
            "effective_on": "01/07/2026",
            "horizon": "31/12/2026",
            "positions": [COMMANDER, DEPUTY],
            "home_commune_rule": "on",
        },
    )
    assert response.status_code == 302, text(response)[:3000]
    run = PlacementRun.objects.get()
    assert response["Location"] == detail(run)
    assert run.province_id == province_staff.province_id
    assert run.created_by == province_staff
    assert run.summary["posts"] == 4 and run.summary["filled"] == 3

    page = client.get(detail(run))
    assert page.status_code == 200
    body = text(page)
    # the figures, beside the greedy baseline's
    assert "3 / 4" in body
    assert "Compared with the greedy baseline" in body
    # strategic posts first, marked
    rows = re.findall(r'data-testid="match-row" data-strategic="(\d)"', page.content.decode())
    assert rows == ["1", "1", "0", "0"]
    # a proposed cadre, with a link to the profile and the parts of the points
    binh = match(run, world["na_son"], COMMANDER)
    assert binh.profile == world["binh"]
    assert f'href="/cadres/profiles/{world["binh"].pk}/"' in page.content.decode()
    assert "+12 for 4 years of local military work" in body
    assert "+10 for mass-mobilisation skills" in body
    assert "vacant" in body
    # the border Commander stays empty, and says why
    border = match(run, world["border"], COMMANDER)
    assert border.profile is None
    assert "No candidate meets the criteria:" in body
    assert re.search(r"4 × political theory", body)


def test_the_filters_keep_only_empty_or_strategic_posts(province_staff, province, world):
    run = make_run(province_staff, province)
    client = client_for(province_staff)
    empty = client.get(detail(run) + "?empty=1").content.decode()
    assert empty.count('data-testid="match-row"') == 1
    strategic = client.get(detail(run) + "?strategic=1").content.decode()
    assert strategic.count('data-testid="match-row"') == 2
    assert 'data-strategic="0"' not in strategic


def test_a_refused_pin_shows_the_reasons_and_keeps_the_form(province_staff, province, world):
    run = make_run(province_staff, province)
    chung = world["chung"]
    post = f"{world['na_son'].pk}:{COMMANDER}"
    response = client_for(province_staff).post(
        f"{LIST}{run.pk}/pin/", {"post": post, "profile": chung.pk}
    )
    assert response.status_code == 400
    body = text(response)
    assert "Cà Văn Chung cannot be pinned to this post:" in body
    assert 'class="alert alert-danger' in response.content.decode()
    # what the officer chose is still chosen
    html = response.content.decode()
    assert re.search(rf'<option value="{re.escape(post)}" selected>', html)
    assert re.search(rf'<option value="{chung.pk}" selected>', html)
    assert not PlacementPin.objects.exists()


def test_a_pin_places_the_cadre_and_can_be_removed(province_staff, province, world):
    run = make_run(province_staff, province)
    client = client_for(province_staff)
    an = world["an"]
    response = client.post(
        f"{LIST}{run.pk}/pin/?strategic=1",
        {"post": f"{world['border'].pk}:{DEPUTY}", "profile": an.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == detail(run) + "?strategic=1"
    deputy = match(run, world["border"], DEPUTY)
    assert deputy.profile == an and deputy.pinned
    page = client.get(response["Location"])
    assert "Lò Văn An is pinned to Deputy Commander" in text(page)
    assert 'data-testid="pinned"' in page.content.decode()

    pin = PlacementPin.objects.get()
    response = client.post(f"{LIST}pins/{pin.pk}/remove/")
    assert response.status_code == 302
    assert not PlacementPin.objects.exists()
    assert not run.matches.filter(pinned=True).exists()


def test_a_forbidden_pair_leaves_the_proposal(province_staff, province, world):
    run = make_run(province_staff, province)
    client = client_for(province_staff)
    na_son, binh = world["na_son"], world["binh"]
    assert match(run, na_son, COMMANDER).profile == binh
    response = client.post(
        f"{LIST}{run.pk}/forbid/", {"pair": f"{na_son.pk}:{COMMANDER}:{binh.pk}"}
    )
    assert response.status_code == 302
    assert not run.matches.filter(command=na_son, position=COMMANDER, profile=binh).exists()
    pin = PlacementPin.objects.get()
    assert (pin.kind, pin.profile, pin.command) == ("forbid", binh, na_son)
    body = text(client.get(detail(run)))
    assert "Quàng Văn Bình will not be proposed for Commander" in body
    assert "Pins and forbidden pairs" in body


def test_approval_issues_the_decisions_and_the_page_lists_them(province_staff, province, world):
    run = make_run(province_staff, province)
    client = client_for(province_staff)
    response = client.post(
        f"{LIST}{run.pk}/approve/",
        {
            "first_number": "101",
            "symbol": "QĐ-BCH",
            "signed_on": "20/06/2026",
            "signer_name": "Đại tá Nguyễn Văn Tỉnh",
            "signer_title": "Chỉ huy trưởng",
        },
    )
    assert response.status_code == 302, text(response)[:3000]
    assert response["Location"] == detail(run)
    run.refresh_from_db()
    assert run.status == PlacementRun.Status.APPROVED
    decisions = list(CadreDecision.objects.filter(placement_run=run).order_by("number"))
    assert [d.number for d in decisions] == ["101/QĐ-BCH", "102/QĐ-BCH", "103/QĐ-BCH"]
    held = Assignment.objects.current(EFFECTIVE).filter(command=world["na_son"], position=COMMANDER)
    assert [a.person for a in held] == [world["binh"].person]

    page = client.get(response["Location"])
    html, body = page.content.decode(), text(page)
    assert "3 decisions issued; the assignments take effect on 01/07/2026." in body
    assert "3 decisions issued" in body
    for d in decisions:
        assert f'href="/cadres/decisions/{d.pk}/"' in html
        assert f'href="/cadres/decisions/{d.pk}/pdf/"' in html
    # an approved proposal shows no adjusting controls
    for control in ('data-testid="pin-form"', 'data-testid="forbid"', 'data-testid="solve"'):
        assert control not in html
    assert client.post(f"{LIST}{run.pk}/solve/").status_code == 404


def test_a_used_decision_number_is_refused_beside_the_field(province_staff, province, world):
    run = make_run(province_staff, province)
    client = client_for(province_staff)
    data = {
        "first_number": "7",
        "symbol": "QĐ-BCH",
        "signed_on": "20/06/2026",
        "signer_name": "Đại tá Nguyễn Văn Tỉnh",
        "signer_title": "Chỉ huy trưởng",
    }
    CadreDecision.objects.create(
        profile=world["chung"],
        kind="promotion",
        number="8/QĐ-BCH",
        signed_on=EFFECTIVE,
        effective_on=EFFECTIVE,
        signer_name="x",
        signer_title="x",
        province=province,
    )
    response = client.post(f"{LIST}{run.pk}/approve/", data)
    assert response.status_code == 400
    assert "These decision numbers are already used: 8/QĐ-BCH" in text(response)
    assert 'value="Đại tá Nguyễn Văn Tỉnh"' in response.content.decode()
    run.refresh_from_db()
    assert run.is_draft


def test_solve_again_and_discard(province_staff, province, world):
    run = make_run(province_staff, province)
    client = client_for(province_staff)
    # a proposal is not edited: the edit page sends the officer back to it
    assert client.get(f"{LIST}{run.pk}/edit/")["Location"] == detail(run)
    response = client.post(f"{LIST}{run.pk}/solve/")
    assert response.status_code == 302
    assert "solved again: 3 of 4 posts filled" in text(client.get(detail(run)))
    assert client.get(f"{LIST}{run.pk}/discard/").status_code == 200
    response = client.post(f"{LIST}{run.pk}/discard/", {"confirm": "on"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == PlacementRun.Status.DISCARDED
    html = client.get(detail(run)).content.decode()
    assert 'data-testid="pin-form"' not in html and 'data-testid="approve-card"' not in html


def test_the_list_shows_the_proposals_figures(province_staff, province, world):
    run = make_run(province_staff, province)
    response = client_for(province_staff).get(LIST)
    assert response.status_code == 200
    body = text(response)
    assert run.title in body and "3/4" in body and "1/2" in body
    # and in Vietnamese, the default language
    assert client_for(province_staff, "vi").get(detail(run)).status_code == 200


def test_nobody_outside_the_province_reaches_the_proposal(
    province_staff, province, other_province, world, commune_a_staff
):
    run = make_run(province_staff, province)
    an = world["an"]
    pin = PlacementPin.objects.create(
        run=run, kind="forbid", command=world["na_son"], position=COMMANDER, profile=an
    )
    outsider = UserFactory(username="other_p", role="province_staff", province=other_province)
    for user in (commune_a_staff, outsider):
        client = client_for(user)
        assert client.get(detail(run)).status_code == 404
        for action in ("pin", "forbid", "solve", "approve", "discard"):
            url = f"{LIST}{run.pk}/{action}/"
            assert (
                client.post(url, {"post": f"{world['na_son'].pk}:{COMMANDER}"}).status_code == 404
            )
        assert client.post(f"{LIST}pins/{pin.pk}/remove/").status_code == 404
        assert run.title not in text(client.get(LIST))
    assert PlacementPin.objects.filter(pk=pin.pk).exists()
    run.refresh_from_db()
    assert run.is_draft


def test_read_only_roles_read_the_proposal_without_its_controls(
    province_staff, province, world, ministry_viewer, province_inspector
):
    run = make_run(province_staff, province)
    for user in (ministry_viewer, province_inspector):
        client = client_for(user)
        page = client.get(detail(run))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Quàng Văn Bình" in html
        for control in ('data-testid="pin-form"', 'data-testid="forbid"', 'id="approve"'):
            assert control not in html
        assert client.get(f"{LIST}add/").status_code == 404
        assert client.post(f"{LIST}{run.pk}/solve/").status_code == 404
        assert client.get(f"{LIST}{run.pk}/edit/").status_code == 404


def test_the_detail_page_does_not_query_per_row(
    province_staff, province, world, commune_b, django_assert_max_num_queries
):
    """Four posts or twelve, filled or empty: the same handful of queries."""
    run = make_run(province_staff, province)
    client = client_for(province_staff)
    client.get(detail(run))  # the session, the caches

    with CaptureQueriesContext(connection) as small:
        assert client.get(detail(run)).status_code == 200
    for n in range(4):
        CommandFactory(commune=CommuneFactory(province=province, name=f"Xã Thêm {n}"))
        cadre(commune_b, person__full_name=f"Lường Văn Thêm {n}")
    do_solve_run(actor=province_staff, run=run)
    assert run.matches.count() == 12
    with django_assert_max_num_queries(len(small)):
        assert client.get(detail(run)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(detail(run) + "?empty=1").status_code == 200
