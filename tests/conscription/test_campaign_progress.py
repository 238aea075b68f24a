"""The province's campaign page tells the story: a quota above a commune's eligible pool is
flagged (there and on the commune quotas list), the progress by step is a funnel (each step
counts everyone who reached it), and the total row totals every column."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.conscription import services
from garrison.conscription.models import Candidate
from tests.conftest import client_for
from tests.factories import PersonFactory, ServiceRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign_page(campaign, commune_a, commune_b, province_staff):
    """Three young men of commune A in the pool; commune B has nobody yet but a quota of 9."""
    for name in ("Lò Văn Định", "Cà Văn Hải", "Quàng Văn Nam"):
        ServiceRecordFactory(
            person=PersonFactory(
                residence_commune=commune_a,
                full_name=name,
                date_of_birth=datetime.date(2005, 6, 1),
            )
        )
    services.do_build_pool(actor=province_staff, campaign=campaign)
    services.do_set_commune_quotas(
        actor=province_staff, campaign=campaign, quotas={commune_a.pk: 1, commune_b.pk: 9}
    )
    first, second, _third = Candidate.objects.filter(campaign=campaign).order_by("pk")
    # the first went all the way to selection; the second only passed screening
    Candidate.objects.filter(pk=first.pk).update(
        screening="passed", background="cleared", selected=True
    )
    Candidate.objects.filter(pk=second.pk).update(screening="passed")
    return client_for(province_staff).get(f"/conscription/campaigns/{campaign.pk}/")


def _row(page: str, attribute: str) -> str:
    return re.search(rf"<tr {attribute}[^>]*>.*?</tr>", page, re.S).group(0)


def _reached(page: str, stage: str) -> int:
    row = _row(page, f'data-stage="{stage}"')
    return int(re.search(r'data-figure="reached">(\d+)<', row).group(1))


def test_a_quota_above_the_eligible_pool_is_flagged(campaign_page, commune_a, commune_b):
    page = campaign_page.content.decode()
    b_row = _row(page, f'data-commune="{commune_b.code}"')
    assert "table-warning" in b_row and 'data-testid="over-pool"' in b_row
    a_row = _row(page, f'data-commune="{commune_a.code}"')
    assert "over-pool" not in a_row  # quota 1, three eligible


def test_the_commune_quota_list_flags_it_too(campaign_page, campaign, province_staff):
    page = client_for(province_staff).get("/conscription/communes/").content.decode()
    assert "9 — above the eligible pool" in page
    assert "1 — above" not in page


def test_the_progress_by_step_is_a_funnel(campaign_page):
    page = campaign_page.content.decode()
    assert _reached(page, "pool") == 3
    assert _reached(page, "screened") == 2  # the selected one passed screening too
    assert _reached(page, "cleared") == 1
    assert _reached(page, "selected") == 1
    assert _reached(page, "enlisted") == 0


def test_the_funnel_is_one_aggregate_query(campaign):
    with CaptureQueriesContext(connection) as queries:
        Candidate.objects.filter(campaign=campaign).funnel()
    assert len(queries) == 1


def test_the_reached_filter_lists_who_reached_a_step(campaign_page, campaign, province_staff):
    url = f"/conscription/pool/?campaign={campaign.pk}&reached=screened"
    page = client_for(province_staff).get(url).content.decode()
    assert "Lò Văn Định" in page and "Cà Văn Hải" in page and "Quàng Văn Nam" not in page


def test_the_total_row_totals_every_column(campaign_page):
    page = campaign_page.content.decode()
    total = re.search(r'<tr class="fw-semibold" data-testid="rollup-total">(.*?)</tr>', page, re.S)
    cells = re.findall(r'<td class="text-end">(.*?)</td>', total.group(1))
    assert len(cells) == 9 and all(cell.strip() for cell in cells)
    assert cells[0] == "10" and cells[1] == "3"  # quota, pool
    assert cells[-1] == "0%"  # fulfilment: nobody enlisted of 10
