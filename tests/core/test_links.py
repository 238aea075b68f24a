"""Every link a page shows answers 200 for the user who sees it (issue 16, section 4).

For each persona of the demo (the Ministry, the province's staff, its inspector, a commune's
Commander and staff), on a small province built with factories: follow every link of the home
page and of the menus, then every link of the pages those lead to, and expect no 4xx/5xx.
"""

from __future__ import annotations

import datetime
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from garrison.accounts.rules import Role
from garrison.reporting.returns import periods, services
from tests.conftest import _user, client_for
from tests.factories import (
    CadreProfileFactory,
    CampaignFactory,
    MilitiaMemberFactory,
    ReservistFactory,
    ServiceRecordFactory,
    TechnicalMeansFactory,
    TrainingSessionFactory,
    issued_directive,
    monthly_form,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 15)
HREF = re.compile(r'href="([^"#]+)"')
#: links that are not pages to open: the static files, the API (its docs are a separate page
#: with its own tests), the admin, the sign-out (a POST), the language switch (a POST)
SKIP = ("/static/", "/api/", "/admin/", "/accounts/logout/", "/i18n/")
#: how many links beyond the menus are followed per path (a list's sort and page links differ
#: only by their query)
PER_PATH = 2
DEPTH = 2


@pytest.fixture
def fixed_day(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)


@pytest.fixture
def province_data(fixed_day, province, commune_a, commune_b, command_a, command_b, person_a):
    issued_directive(province)
    form = monthly_form(province)
    # a row in each register, so that its list links somewhere
    ServiceRecordFactory(person__residence_commune=commune_a)
    CampaignFactory(province=province, year=2026)
    MilitiaMemberFactory(unit__commune=commune_a)
    ReservistFactory(person__residence_commune=commune_a)
    TechnicalMeansFactory(commune=commune_a)
    TrainingSessionFactory(plan__commune=commune_a)
    CadreProfileFactory(person__residence_commune=commune_a)
    actor = _user("a_crawler", Role.COMMUNE_STAFF, commune=commune_a)
    september = periods.period_containing("month", datetime.date(2026, 9, 1))
    report = services.do_start_submission(
        actor=actor, form=form, commune=commune_a, period=september
    )
    report = services.do_save_submission(
        actor=actor, submission=report, raw_values={"trained": "0", "patrols": "4"}
    )
    services.do_submit(actor=actor, submission=report)
    return form


def links(page: str) -> list[str]:
    found = []
    for href in HREF.findall(page):
        url = unescape(href)
        if not url.startswith("/") or url.startswith("//") or url.startswith(SKIP):
            continue
        found.append(url)
    return found


def crawl(client) -> dict[str, tuple[int, str]]:
    """{url: (status, the page it was found on)} for every link reached within DEPTH."""
    seen: dict[str, tuple[int, str]] = {}
    per_path: dict[str, int] = {}
    frontier = [("/", "(start)")]
    for _depth in range(DEPTH + 1):
        following = []
        for url, found_on in frontier:
            if url in seen:
                continue
            path = urlsplit(url).path
            if per_path.get(path, 0) >= PER_PATH:
                continue
            per_path[path] = per_path.get(path, 0) + 1
            response = client.get(url)
            seen[url] = (response.status_code, found_on)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                following += [(link, url) for link in links(response.content.decode())]
        frontier = following
    return seen


PERSONAS = [
    "ministry_viewer",
    "province_staff",
    "province_inspector",
    "commune_a_commander",
    "commune_a_staff",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_a_user_sees_opens(persona, request, province_data):
    user = request.getfixturevalue(persona)
    seen = crawl(client_for(user, "vi"))
    broken = {url: found for url, found in seen.items() if found[0] >= 400}
    assert len(seen) > 30, f"the crawl reached almost nothing: {sorted(seen)}"
    assert not broken, "\n".join(
        f"{url} answered {status} (linked from {on})" for url, (status, on) in broken.items()
    )
