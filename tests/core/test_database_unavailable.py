"""A database that refuses connections (PostgreSQL's "too many clients", a server restarting)
answers 503 with Retry-After — JSON from the API, Garrison's page elsewhere — not a 500
(issue 20). The connection is mocked to raise what Django raises then."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from garrison.accounts.models import ApiToken
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TOO_MANY = "connection failed: FATAL:  sorry, too many clients already"


def refused(message: str = TOO_MANY):
    """Every query from here on fails to get a connection."""
    return mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError(message)
    )


def test_it_answers_the_api_with_a_json_503_and_retry_after(commune_a_staff):
    _token, key = ApiToken.issue(commune_a_staff, "script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", raise_request_exception=False)
    with refused():
        response = api.get("/api/people")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    # a program reads Vietnamese unless it chose English: the default language of the UI
    assert "thử lại sau" in response.json()["detail"]


def test_it_answers_a_page_with_the_friendly_503_page(commune_a_staff):
    client = client_for(commune_a_staff)
    client.raise_request_exception = False
    with refused("connection to server at 127.0.0.1, port 5432 failed: Connection refused"):
        response = client.get("/people/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Busy for a moment" in page
    assert "try again in a few seconds" in page.lower()


def test_it_still_answers_500_for_an_error_that_is_not_about_reaching_the_database(
    commune_a_staff,
):
    _token, key = ApiToken.issue(commune_a_staff, "script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", raise_request_exception=False)
    with mock.patch.object(
        ApiToken, "authenticate", side_effect=OperationalError("no such column: x")
    ):
        response = api.get("/api/people")
    assert response.status_code == 500
