"""The demonstration's home and report pages, read in Vietnamese, show no internal period key
("2026-11") and no raw fraction ("0,6666666666666666") anywhere a reader sees: text, titles,
labels and the charts' data (issue 16, section 4). The clock is frozen on one day so the demo
and the pages agree on "today"."""

from __future__ import annotations

import datetime
import re
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from garrison.accounts.models import User

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)
PERIOD_KEY = re.compile(r"(?<![\d/.,-])\d{4}-(?:\d{2}|Q\d|H\d|W\d{2})(?![\d-])")
LONG_DECIMAL = re.compile(r"\d[.,]\d{4,}")
TAG = re.compile(r"<(?!/?script)[^>]*>")

PAGES = {
    "ministry": ["/", "/reporting/reports/", "/reporting/reports/rates/", "/commands/"],
    "dienbien": [
        "/",
        "/reporting/reports/",
        "/reporting/reports/rates/",
        "/reporting/reports/review/",
        "/commands/",
        "/inbox/",
    ],
    "nason": ["/", "/reporting/reports/", "/inbox/"],
}


def frozen():
    return mock.patch("django.utils.timezone.now", return_value=NOW)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), frozen():
        call_command("demo", "--no-serve", stdout=StringIO(), stderr=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def clock():
    with frozen():
        yield


def visible_text(html: str) -> str:
    """What a reader sees: the text between tags and the charts' JSON (attributes and links,
    which carry keys such as ?period=2026-11, are left out; titles and labels are kept)."""
    labels = re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', html)
    return TAG.sub(" ", html) + "\n" + "\n".join(labels)


CASES = [(user, url) for user, urls in PAGES.items() for url in urls]


@pytest.mark.parametrize(("username", "url"), CASES, ids=[f"{u}:{p}" for u, p in CASES])
def test_a_demo_page_shows_periods_and_figures_the_vietnamese_way(username, url):
    assert timezone.localdate() == NOW.date()
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.get(username=username))

    response = client.get(url)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    keys = sorted({m.group() for m in PERIOD_KEY.finditer(text)})
    assert not keys, f"{url} shows period keys {keys[:5]}"
    decimals = sorted({m.group() for m in LONG_DECIMAL.finditer(text)})
    assert not decimals, f"{url} shows raw decimals {decimals[:5]}"


def test_the_home_page_groups_thousands_and_names_the_month():
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.get(username="dienbien"))

    text = visible_text(client.get("/").content.decode())

    assert re.search(r"\b\d{1,3}\.\d{3} / \d{1,3}\.\d{3}\b", text), "no grouped figure"
    assert not re.search(r"(?<![\d.,])\d{4,} / \d{4,}", text), "a figure without its dots"
    assert "Tháng 11/2026" in text or "Tháng 10/2026" in text


def test_the_commands_list_shows_the_fill_rate_as_a_percentage():
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(User.objects.get(username="dienbien"))

    text = visible_text(client.get("/commands/").content.decode())

    assert re.search(r"\b\d{1,3}(,\d)?%", text)
    assert "0,66666" not in text and "0,3333" not in text
