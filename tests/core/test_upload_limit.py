"""An oversized upload is refused before it is read (issue 15, finding 13): the request's
announced size above GARRISON_MAX_UPLOAD_MB answers 413 with a message that says the limit and
what to do, on the pages and the API, and nothing reads the body."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HUGE = str(2 * 1024**3)  # 2 GB announced


def test_it_refuses_an_announced_2_gb_upload_on_a_page(commune_a_staff):
    client = client_for(commune_a_staff)
    answer = client.post("/people/import/", {"file": ""}, CONTENT_LENGTH=HUGE)
    assert answer.status_code == 413
    text = answer.content.decode()
    # an import page takes a sheet up to the import limit (larger than other requests')
    assert "2048.0 MB" in text and f"{settings.GARRISON_MAX_IMPORT_BYTES // 2**20} MB" in text
    assert "Split the file" in text


def test_it_refuses_it_on_the_api_with_the_error_body(commune_a_staff):
    client = client_for(commune_a_staff)
    answer = client.post("/api/people", "{}", content_type="application/json", CONTENT_LENGTH=HUGE)
    assert answer.status_code == 413
    assert "Split the file" in answer.json()["errors"]["__all__"][0]


def test_it_speaks_vietnamese_to_a_vietnamese_user(commune_a_staff):
    client = client_for(commune_a_staff, language="vi")
    answer = client.post("/people/import/", {"file": ""}, CONTENT_LENGTH=HUGE)
    assert answer.status_code == 413 and "Hãy chia" in answer.content.decode()


def test_an_upload_under_the_limit_is_read_as_before(commune_a_staff):
    page = client_for(commune_a_staff).post("/people/import/", {})
    assert page.status_code in (200, 400)
