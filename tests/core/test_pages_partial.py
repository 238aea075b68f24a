"""The page links of the hand-written lists (the review pages, the priority list): one partial,
`core/_pages.html`, that keeps the list's other parameters on every link."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def test_it_links_every_page_keeping_the_lists_parameters():
    page = Paginator(list(range(60)), 10).page(2)
    html = render_to_string("core/_pages.html", {"page": page, "query": "event=7&status=submitted"})
    assert 'href="?event=7&amp;status=submitted&amp;page=1"' in html
    assert 'href="?event=7&amp;status=submitted&amp;page=3"' in html
    assert 'aria-current="page"><span class="page-link">2</span>' in html


def test_it_shows_nothing_for_a_single_page():
    page = Paginator(list(range(5)), 10).page(1)
    assert "pagination" not in render_to_string("core/_pages.html", {"page": page, "query": ""})
