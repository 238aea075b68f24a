"""What the people register refuses (issue 16, section 2): a birth in the future or too long
ago, a name too long or that cannot be a name, a citizen ID whose first three digits are no
birth-registration code. Existing bad rows still render."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from garrison.people.models import Person
from garrison.people.rules import make_citizen_id
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def page_data(commune, **changes) -> dict:
    born = changes.pop("born", datetime.date(2000, 5, 1))
    data = {
        "citizen_id": make_citizen_id(11, "male", born, 123456),
        "full_name": "Lò Văn Mới",
        "date_of_birth": born.strftime("%d/%m/%Y"),
        "sex": "male",
        "ethnicity": "Thái",
        "residence_commune": commune.pk,
    }
    data.update(changes)
    return data


def api_body(commune, **changes) -> dict:
    born = changes.pop("born", datetime.date(2000, 5, 1))
    body = {
        "citizen_id": make_citizen_id(11, "male", born, 123456),
        "full_name": "Lò Văn Mới",
        "date_of_birth": born.isoformat(),
        "sex": "male",
        "ethnicity": "Thái",
        "residence_commune_code": commune.code,
    }
    body.update(changes)
    return body


def post_page(user, data):
    return client_for(user).post("/people/add/", data)


def post_api(user, body):
    return client_for(user).post("/api/people", json.dumps(body), content_type="application/json")


def page_errors(response) -> str:
    assert response.status_code == 400, response.status_code  # the form again, with errors
    return response.content.decode()


def test_the_page_and_the_api_take_a_good_person(commune_a_staff, commune_a):
    assert post_page(commune_a_staff, page_data(commune_a)).status_code == 302
    body = api_body(commune_a, citizen_id=make_citizen_id(11, "male", datetime.date(2000, 5, 1), 9))
    assert post_api(commune_a_staff, body).status_code == 201


def test_a_birth_tomorrow_is_refused_on_the_page_and_the_api(commune_a_staff, commune_a):
    page = page_errors(post_page(commune_a_staff, page_data(commune_a, born=TOMORROW)))
    assert "cannot be later than today (30/11/2026)" in page
    response = post_api(commune_a_staff, api_body(commune_a, born=TOMORROW))
    assert response.status_code == 400, response.content
    assert "cannot be later than today" in response.json()["errors"]["date_of_birth"][0]
    assert not Person.objects.filter(full_name="Lò Văn Mới").exists()


def test_a_birth_in_1900_is_refused(commune_a_staff, commune_a):
    born = datetime.date(1900, 1, 1)
    page = page_errors(post_page(commune_a_staff, page_data(commune_a, born=born)))
    assert "more than 120 years ago" in page


def test_a_name_of_560_characters_is_refused_naming_the_limit(commune_a_staff, commune_a):
    name = "Nguyễn " * 80  # 560 characters
    page = page_errors(post_page(commune_a_staff, page_data(commune_a, full_name=name)))
    assert "150" in page
    response = post_api(commune_a_staff, api_body(commune_a, full_name=name))
    assert response.status_code == 400, response.content
    assert "150" in response.json()["errors"]["full_name"][0]
    assert not Person.objects.exists()


@pytest.mark.parametrize("name", ["<b></b>", "<b>Lò Văn An</b>", "...", "12345", "- -"])
def test_what_cannot_be_a_name_is_refused(commune_a_staff, commune_a, name):
    page = page_errors(post_page(commune_a_staff, page_data(commune_a, full_name=name)))
    assert "cannot be a person&#x27;s name" in page or "markup" in page
    response = post_api(commune_a_staff, api_body(commune_a, full_name=name))
    assert response.status_code == 400, response.content
    assert "full_name" in response.json()["errors"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("prefix", ["999", "000", "097"])
def test_a_citizen_id_with_no_birth_registration_code_is_refused(
    commune_a_staff, commune_a, prefix
):
    born = datetime.date(2000, 5, 1)
    citizen_id = prefix + make_citizen_id(11, "male", born, 123456)[3:]
    page = page_errors(post_page(commune_a_staff, page_data(commune_a, citizen_id=citizen_id)))
    assert f"first three digits of the citizen ID are {prefix}" in page
    response = post_api(commune_a_staff, api_body(commune_a, citizen_id=citizen_id))
    assert response.status_code == 400, response.content
    assert "first three digits" in response.json()["errors"]["citizen_id"][0]


def test_the_page_of_a_person_born_in_the_future_still_answers(commune_a_staff, person_a):
    """A row saved before the refusal existed (or by an import of old data) renders; the legal
    assessment says why it cannot judge instead of crashing."""
    Person.objects.filter(pk=person_a.pk).update(date_of_birth=TOMORROW)
    response = client_for(commune_a_staff).get(f"/people/{person_a.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lò Văn An" in page
    assert "is after the day assessed (30/11/2026)" in page  # the legal panel says why
