"""A decimal in a JSON body is a JSON number (issue 16, section 1): the string "0,5" — as a
Vietnamese user writes it — or "1.200" is refused with a 422 saying a number is expected,
never read as 5 or 1.2; the number 0.5 is taken."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from garrison.forces.models import ForceTarget
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def post_target(user, province, value, language="vi"):
    return client_for(user, language).post(
        "/api/forces/targets",
        data=json.dumps({"province_code": province.code, "militia_percent": value}),
        content_type="application/json",
    )


@pytest.mark.parametrize("text", ["0,5", "1.200", "0.5", "1,20"])
def test_a_decimal_sent_as_text_is_refused_with_a_clear_422(province_staff, province, text):
    response = post_target(province_staff, province, text)

    assert response.status_code == 422, response.content
    message = " ".join(response.json()["errors"]["militia_percent"])
    assert "một số" in message, message  # "Expected a number, not "0,5"." in Vietnamese
    assert text in message
    assert not ForceTarget.objects.exists()


def test_a_decimal_sent_as_text_is_explained_in_english_too(province_staff, province):
    response = post_target(province_staff, province, "0,5", language="en")

    assert response.status_code == 422
    assert response.json()["errors"]["militia_percent"] == ['Expected a number, not "0,5".']


def test_a_decimal_sent_as_a_json_number_is_taken(province_staff, province):
    response = post_target(province_staff, province, 0.5)

    assert response.status_code == 201, response.content
    assert ForceTarget.objects.get().militia_percent == Decimal("0.5")
