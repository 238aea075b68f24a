"""Rows saved before dates were checked (or written straight to the database) still render:
no page and no API read answers 500 for a person born in the future (issue 16, section 2)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from garrison.people.models import Person
from tests.conftest import client_for
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    ReservistFactory,
    ServiceRecordFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def born_tomorrow(person) -> None:
    Person.objects.filter(pk=person.pk).update(date_of_birth=TODAY + datetime.timedelta(days=1))


def test_the_registers_of_a_person_born_in_the_future_still_answer(commune_a, commune_a_staff):
    record = ServiceRecordFactory(person__residence_commune=commune_a)
    member = MilitiaMemberFactory(unit=MilitiaUnitFactory(commune=commune_a))
    reservist = ReservistFactory(person__residence_commune=commune_a)
    for row in (record, member, reservist):
        born_tomorrow(row.person)
    client = client_for(commune_a_staff)
    urls = [
        f"/people/{record.person.pk}/",
        f"/conscription/records/{record.pk}/",
        f"/api/conscription/records/{record.pk}",
        f"/people/{member.person.pk}/",
        f"/forces/members/{member.pk}/",
        f"/people/{reservist.person.pk}/",
        f"/forces/reservists/{reservist.pk}/",
        "/conscription/records/",
        "/forces/members/",
        "/forces/reservists/",
        "/people/",
    ]
    answers = {url: client.get(url).status_code for url in urls}
    assert answers == dict.fromkeys(urls, 200)
