"""Every figure of the readiness dashboards links to the list behind it (issue 17): the commune,
province and Ministry homes, the overview, the patrol progress and an event's page are rendered
on a small world, and every link under /operations/ they show is followed as the same user. Each
must open (200) with no filter refused, and a figure linked to a register list must count the
rows that list shows. Also: the patrol log's PDF without a commune goes back to the patrol list."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.ops_dash import TODAY, build_world

pytestmark = pytest.mark.django_db

#: files (PDF, workbooks) and exports are not pages: their links are checked elsewhere
NOT_PAGES = re.compile(r"\.(pdf|xlsx|csv)(\?|$)|/export/|[?&]format=")


class Anchors(HTMLParser):
    """The (href, text, attributes) of every <a> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, dict]] = []
        self._open: list[tuple[dict, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append((dict(attrs), []))

    def handle_data(self, data):
        for _attrs, text in self._open:
            text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            attrs, text = self._open.pop()
            if attrs.get("href"):
                self.found.append((attrs["href"], " ".join("".join(text).split()), attrs))


def anchors(html: str) -> list[tuple[str, str, dict]]:
    parser = Anchors()
    parser.feed(html)
    return [a for a in parser.found if urlsplit(a[0]).path.startswith("/operations/")]


def figure(text: str, attrs: dict) -> int | None:
    """The number a link shows, when it is a figure: "3", "Late: 3", or the patrols done of a
    progress cell ("2 / 2", data-figure)."""
    if "data-figure" in attrs:
        return int(attrs["data-figure"].split("/")[0])
    match = re.fullmatch(r"(?:.*:\s*)?(\d+)", text)
    return int(match.group(1)) if match else None


def listed(html: str) -> int | None:
    """The rows a register list counts (its "N records"), None on another kind of page."""
    match = re.search(r'data-testid="row-count">\s*(\d+)', html)
    return int(match.group(1)) if match else None


def follow_all(client, url: str) -> tuple[str, int]:
    """Follow every /operations/ link of page `url`; check each; answer the page and how many
    figures were compared with the rows of their list."""
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    compared = 0
    seen: dict[str, str] = {}
    for href, text, attrs in anchors(html):
        if NOT_PAGES.search(href):
            continue
        if href not in seen:
            response = client.get(href)
            assert response.status_code == 200, f"{href} (from {url}): {response.status_code}"
            seen[href] = response.content.decode()
            assert "invalid-feedback" not in seen[href], f"a filter refused: {href} (from {url})"
        number, rows = figure(text, attrs), listed(seen[href])
        if number is not None and rows is not None:
            assert rows == number, f"{text!r} links to {href}, which lists {rows} (from {url})"
            compared += 1
    return html, compared


@pytest.fixture
def world(monkeypatch, province, other_province, commune_a, commune_b, commune_c):
    move_clock(monkeypatch, TODAY)
    return build_world(timezone.now(), province, other_province, commune_a, commune_b, commune_c)


def test_the_commune_home_links_open_its_lists(world, commune_a_staff):
    html, _compared = follow_all(client_for(commune_a_staff), "/")
    assert f"commune={world.communes['A'].code}" in html  # the duty roster, by the code


def test_every_figure_of_the_province_home_counts_its_list(world, province_staff):
    html, compared = follow_all(client_for(province_staff), "/")
    # reached, none, late, waiting, approved, open incidents, severities, overdue, to-dos
    assert compared >= 8
    assert "Readiness overview" in html


def test_every_figure_of_the_ministry_home_opens(world, ministry_viewer):
    follow_all(client_for(ministry_viewer), "/")


@pytest.mark.parametrize("event", ["tet", "election"])
def test_every_figure_of_the_province_overview_counts_its_list(world, province_staff, event):
    client = client_for(province_staff)
    url = f"{reverse('operations:overview')}?event={getattr(world, event).pk}"
    html, compared = follow_all(client, url)
    assert compared >= 20  # each commune row, its plans and incidents, and the totals
    if event == "tet":
        # commune A's patrols done (5 of 6 due): its link lists the 5
        done = [href for href, text, _a in anchors(html) if text == "5 / 6"]
        assert done and listed(client.get(done[0]).content.decode()) == 5


def test_every_figure_of_the_ministry_overview_counts_its_list(world, ministry_viewer):
    _html, compared = follow_all(client_for(ministry_viewer), reverse("operations:overview"))
    assert compared >= 5  # the nation's totals


def test_each_commune_week_of_the_patrol_progress_lists_its_patrols(world, province_staff):
    url = f"{reverse('operations:patrol_progress')}?event={world.tet.pk}"
    _html, compared = follow_all(client_for(province_staff), url)
    assert compared >= 15  # 5 communes × 3 weeks


def test_the_plan_counts_of_an_event_list_their_communes(world, province_staff):
    url = reverse("operations:event_detail", args=[world.tet.pk])
    _html, compared = follow_all(client_for(province_staff), url)
    assert compared >= 5


def test_the_patrol_log_without_a_commune_asks_for_one(world, province_staff):
    response = client_for(province_staff).get(reverse("operations:patrol_log_pdf"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("operations:patrol_list"))
    assert "Choose the commune whose patrol log to print" in response.content.decode()


def test_the_patrol_log_of_a_commune_is_printed(world, province_staff):
    url = f"{reverse('operations:patrol_log_pdf')}?commune={world.communes['A'].code}"
    response = client_for(province_staff).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
