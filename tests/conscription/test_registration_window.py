"""Registration follows the law's window (issue 16, section 2; LAW.md [REG-WHO-1],
[REG-FIRST-2]): a man from the calendar year he turns 17, a woman with a profession the Army
needs from full 18, both until the end of the military-service age. One rule
(`rules.registration_refusal`) serves the page, the API and the bulk registration."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from garrison.conscription import services
from garrison.conscription.models import ServiceRecord
from garrison.conscription.rules import registration_refusal
from tests.conftest import client_for
from tests.factories import PersonFactory

TODAY = datetime.date(2026, 10, 15)
Y = TODAY.year


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def test_a_man_registers_from_the_year_he_turns_17():
    # born on 31 December of Y-17: still 16 today, but 17 within the year (year-based)
    assert registration_refusal(sex="M", dob=datetime.date(Y - 17, 12, 31), on=TODAY) is None
    refusal = registration_refusal(sex="M", dob=datetime.date(Y - 16, 1, 1), on=TODAY)
    assert refusal and f"from April {Y + 1}" in refusal and "NVQS 12.1" in refusal


def test_a_woman_registers_from_full_18_with_a_listed_profession():
    born_18 = datetime.date(Y - 18, TODAY.month, TODAY.day)
    assert (
        registration_refusal(sex="F", dob=born_18, on=TODAY, female_qualifying_profession=True)
        is None
    )
    day_before = born_18 + datetime.timedelta(days=1)
    refusal = registration_refusal(
        sex="F", dob=day_before, on=TODAY, female_qualifying_profession=True
    )
    assert refusal and "full 18" in refusal
    assert "NVQS 7.2" in registration_refusal(sex="F", dob=born_18, on=TODAY)


def test_nobody_registers_past_the_military_service_age():
    assert registration_refusal(sex="M", dob=datetime.date(Y - 45, 1, 1), on=TODAY) is None
    assert "ends at 45" in registration_refusal(sex="M", dob=datetime.date(Y - 46, 1, 1), on=TODAY)
    woman_41 = datetime.date(Y - 41, 1, 1)
    refusal = registration_refusal(
        sex="F", dob=woman_41, on=TODAY, female_qualifying_profession=True
    )
    assert "ends at 40" in refusal


def _post(client, person, on: datetime.date):
    return client.post(
        "/api/conscription/records",
        json.dumps({"citizen_id": person.citizen_id, "registered_on": on.isoformat()}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_a_16_year_old_is_refused_on_the_page_and_the_api(commune_a, commune_a_staff):
    client = client_for(commune_a_staff)
    young = PersonFactory(residence_commune=commune_a, date_of_birth=datetime.date(Y - 16, 3, 1))
    page = client.post(
        "/conscription/records/add/",
        {
            "person": young.pk,
            "commune": commune_a.pk,
            "registered_on": TODAY.strftime("%d/%m/%Y"),
        },
    )
    assert page.status_code == 400
    assert "from the year he turns 17" in page.content.decode()
    response = _post(client, young, TODAY)
    assert response.status_code == 400, response.content
    assert "turns 17" in response.json()["errors"]["registered_on"][0]
    with pytest.raises(ValidationError, match="turns 17"):
        services.do_register_people(actor=commune_a_staff, people=[young], registered_on=TODAY)
    assert not ServiceRecord.objects.exists()


@pytest.mark.django_db
def test_a_man_born_17_years_ago_is_registered(commune_a, commune_a_staff):
    person = PersonFactory(residence_commune=commune_a, date_of_birth=datetime.date(Y - 17, 11, 1))
    response = _post(client_for(commune_a_staff), person, TODAY)
    assert response.status_code == 201, response.content
    assert ServiceRecord.objects.get().person == person


@pytest.mark.django_db
def test_a_registration_dated_tomorrow_is_refused(commune_a, commune_a_staff):
    person = PersonFactory(residence_commune=commune_a, date_of_birth=datetime.date(Y - 20, 1, 1))
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = _post(client_for(commune_a_staff), person, tomorrow)
    assert response.status_code == 400, response.content
    assert "cannot be later than today" in response.json()["errors"]["registered_on"][0]
    with pytest.raises(ValidationError, match="later than today"):
        services.do_register_people(actor=commune_a_staff, people=[person], registered_on=tomorrow)
    assert not ServiceRecord.objects.exists()
