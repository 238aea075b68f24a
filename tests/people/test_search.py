"""The people search: every typed word in the name, with or without diacritics, on the list
page, the API's `q` and pickers alike; the folded name kept in step by every save and bulk
write; the list's count stops at a cap and says "more than"."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.core import paging
from garrison.core.text import fold
from garrison.people.models import Person
from garrison.people.rules import make_citizen_id
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(commune_a):
    names = ["Nguyễn Văn An", "Nguyễn Thị Đào", "Trần Văn Đức", "Lê Ánh Dương", "NGUYỄN VĂN ANH"]
    return {name: PersonFactory(full_name=name, residence_commune=commune_a) for name in names}


def names_found(client, q, **params):
    answer = client.get("/api/people", {"q": q, "limit": 500, **params})
    assert answer.status_code == 200, answer.content
    return sorted(row["full_name"] for row in answer.json()["items"])


def test_it_folds_names_without_marks_in_lower_case():
    assert fold("  Đặng   Thị Ánh  ") == "dang thi anh"
    assert fold("NGUYỄN VĂN ĐỨC") == "nguyen van duc"


def test_a_search_with_or_without_diacritics_finds_the_same_people(
    people, commune_a_staff, as_user
):
    client = as_user(commune_a_staff)
    with_marks = names_found(client, "Nguyễn Văn")
    assert with_marks == ["NGUYỄN VĂN ANH", "Nguyễn Văn An"]
    assert names_found(client, "nguyen van") == with_marks
    assert names_found(client, "NGUYEN  VAN") == with_marks
    assert names_found(client, "dao") == ["Nguyễn Thị Đào"]  # đ is d
    assert names_found(client, "Đức") == ["Trần Văn Đức"]


def test_every_typed_word_is_required_in_any_order(people, commune_a_staff, as_user):
    client = as_user(commune_a_staff)
    assert names_found(client, "van nguyen") == ["NGUYỄN VĂN ANH", "Nguyễn Văn An"]
    assert names_found(client, "nguyen duc") == []  # no one is both
    assert names_found(client, "an nguyen thi") == []


def test_digits_find_the_start_of_a_citizen_id(people, commune_a_staff, as_user):
    person = people["Lê Ánh Dương"]
    client = as_user(commune_a_staff)
    assert names_found(client, person.citizen_id[:8]) != []
    assert "Lê Ánh Dương" in names_found(client, person.citizen_id)
    assert names_found(client, person.citizen_id) == ["Lê Ánh Dương"]


def test_the_list_page_searches_the_same_way(people, commune_a_staff, as_user):
    page = as_user(commune_a_staff).get("/people/", {"q": "tran van duc"})
    assert page.status_code == 200
    assert "Trần Văn Đức" in page.content.decode()
    assert "Nguyễn Văn An" not in page.content.decode()


def test_the_search_keeps_to_the_users_scope(people, person_b, commune_a_staff, as_user):
    person_b.full_name = "Trần Văn Đức"
    person_b.save()
    assert names_found(as_user(commune_a_staff), "tran van duc") == ["Trần Văn Đức"]


def test_the_folded_name_follows_every_save(commune_a):
    person = PersonFactory(full_name="Phạm  Quỳnh", residence_commune=commune_a)
    assert Person.objects.get(pk=person.pk).search_name == "pham quynh"
    person.full_name = "Đỗ Thị Hồng"
    person.save(update_fields=["full_name"])
    assert Person.objects.get(pk=person.pk).search_name == "do thi hong"


def test_the_folded_name_follows_bulk_writes(commune_a):
    made = Person.objects.bulk_create(
        [
            Person(
                citizen_id=make_citizen_id(11, "male", datetime.date(1999, 5, n), 900 + n),
                full_name=name,
                sex="male",
                ethnicity="Kinh",
                date_of_birth=datetime.date(1999, 5, n),
                residence_commune=commune_a,
            )
            for n, name in enumerate(["Vũ Đình Khôi", "Hoàng  Văn Thụ"], start=1)
        ]
    )
    rows = Person.objects.filter(pk__in=[p.pk for p in made])
    stored = dict(rows.values_list("full_name", "search_name"))
    assert stored == {"Vũ Đình Khôi": "vu dinh khoi", "Hoàng Văn Thụ": "hoang van thu"}
    assert {p.province_id for p in Person.objects.filter(pk__in=[p.pk for p in made])} == {
        commune_a.province_id
    }
    first = made[0]
    first.full_name = "Vũ Thị Lan"
    Person.objects.bulk_update([first], ["full_name"])
    assert Person.objects.get(pk=first.pk).search_name == "vu thi lan"


def test_a_picker_finds_people_without_diacritics(people, commune_a_staff, as_user):
    from garrison.core.registry import get_config

    config = get_config("people.person")
    qs = config.picker_queryset(commune_a_staff)
    found = sorted(p.full_name for p in config.picker_search(qs, "duong le"))
    assert found == ["Lê Ánh Dương"]


def test_the_list_count_stops_at_the_cap_and_says_more_than(
    people, commune_a_staff, as_user, monkeypatch
):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    client = as_user(commune_a_staff)
    page = client.get("/people/").content.decode()
    assert "More than 3 records" in page
    assert "of more than 3" in page
    narrowed = client.get("/people/", {"q": "nguyen van"}).content.decode()
    assert "2 records" in narrowed and "More than" not in narrowed


def test_the_list_reads_as_many_queries_whatever_the_number_of_people(
    commune_a, commune_a_staff, as_user
):
    client = as_user(commune_a_staff)
    PersonFactory.create_batch(3, residence_commune=commune_a)
    client.get("/people/", {"q": "nguyen"})  # sessions and caches warmed
    with CaptureQueriesContext(connection) as few:
        client.get("/people/", {"q": "nguyen"})
    PersonFactory.create_batch(30, residence_commune=commune_a)
    with CaptureQueriesContext(connection) as many:
        client.get("/people/", {"q": "nguyen"})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_migration_fills_the_folded_name_of_people_already_registered(people):
    import importlib
    import types

    from django.apps import apps

    migration = importlib.import_module("garrison.people.migrations.0005_person_search_name")
    Person.objects.update(search_name="")
    migration.backfill(apps, types.SimpleNamespace(connection=connection))
    assert set(Person.objects.values_list("search_name", flat=True)) == {
        fold(name) for name in people
    }
