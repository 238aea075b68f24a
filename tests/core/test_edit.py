"""Editing through the generic pages: optimistic concurrency and the audit trail."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from garrison.core.services import do_update_object
from garrison.people.models import Person


def person_form(person: Person, **changes) -> dict:
    data = {
        "citizen_id": person.citizen_id,
        "full_name": person.full_name,
        "date_of_birth": person.date_of_birth.strftime("%d/%m/%Y"),
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "residence_commune": person.residence_commune_id,
        "version": person.version,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_it_saves_an_edit_and_bumps_the_version(commune_a_staff, person_a, as_user):
    client = as_user(commune_a_staff)
    response = client.post(f"/people/{person_a.pk}/edit/", person_form(person_a, phone="0912"))
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert (person_a.phone, person_a.version) == ("0912", 2)


@pytest.mark.django_db
def test_it_refuses_a_stale_edit_and_keeps_the_input(
    commune_a_staff, province_staff, person_a, as_user
):
    client = as_user(commune_a_staff)
    stale = person_form(person_a, phone="0911111111")
    # meanwhile, the province corrects the name
    person = Person.objects.get(pk=person_a.pk)
    person.full_name = "Lò Văn Ân"
    do_update_object(actor=province_staff, instance=person, expected_version=1)

    response = client.post(f"/people/{person_a.pk}/edit/", stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed by someone else" in page
    assert "0911111111" in page  # what the user typed is still in the form
    assert "differs from your input in: Full name, Phone" in page
    person_a.refresh_from_db()
    assert (person_a.full_name, person_a.phone) == ("Lò Văn Ân", "")
    # the form now carries the current version: a deliberate second submit saves
    response = client.post(f"/people/{person_a.pk}/edit/", {**stale, "version": person_a.version})
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_edit_without_its_version_is_refused(commune_a_staff, person_a, as_user):
    data = person_form(person_a, phone="0912")
    del data["version"]
    response = as_user(commune_a_staff).post(f"/people/{person_a.pk}/edit/", data)
    assert response.status_code == 400
    assert "version" in response.content.decode()


@pytest.mark.django_db
def test_an_invalid_citizen_id_is_explained(commune_a_staff, person_a, as_user):
    response = as_user(commune_a_staff).post(
        f"/people/{person_a.pk}/edit/", person_form(person_a, sex="female")
    )
    assert response.status_code == 400
    assert "Digit 4" in response.content.decode()


@pytest.mark.django_db
def test_a_change_is_audited_with_before_and_after(commune_a_staff, person_a, as_user):
    as_user(commune_a_staff).post(
        f"/people/{person_a.pk}/edit/", person_form(person_a, phone="0912")
    )
    entry = LogEntry.objects.get_for_object(person_a).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == commune_a_staff
    assert entry.changes_dict["phone"] == ["", "0912"]


@pytest.mark.django_db
def test_reading_a_person_and_exporting_are_audited(commune_a_staff, person_a, as_user):
    client = as_user(commune_a_staff)
    client.get(f"/people/{person_a.pk}/")
    read = LogEntry.objects.get_for_object(person_a).filter(action=LogEntry.Action.ACCESS).get()
    assert read.actor == commune_a_staff and read.additional_data["kind"] == "read"

    response = client.get("/people/export/?format=csv&sex=male")
    assert b"".join(response.streaming_content).decode("utf-8-sig").count("\n") == 2
    export = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__kind="export"
    ).get()
    assert export.actor == commune_a_staff
    assert export.additional_data["rows"] == 1
    assert export.additional_data["filters"] == {"sex": "male"}


@pytest.mark.django_db
def test_a_commune_user_cannot_move_a_person_out_of_reach(
    commune_a_staff, commune_b, person_a, as_user
):
    response = as_user(commune_a_staff).post(
        f"/people/{person_a.pk}/edit/", person_form(person_a, residence_commune=commune_b.pk)
    )
    assert response.status_code == 400  # commune B is not a choice for commune A's staff
    person_a.refresh_from_db()
    assert person_a.residence_commune_id != commune_b.pk


@pytest.mark.django_db
def test_the_people_list_sorts_the_vietnamese_way_in_few_queries(
    commune_a_staff, commune_a, as_user, django_assert_max_num_queries
):
    from tests.factories import PersonFactory

    for name in ["Nguyễn Văn Bình", "Lê Thị An", "Đỗ Ánh", "Trần Văn An"]:
        PersonFactory(full_name=name, residence_commune=commune_a)
    client = as_user(commune_a_staff)
    with django_assert_max_num_queries(12):
        page = client.get("/people/").content.decode()
    positions = [page.index(n) for n in ["Lê Thị An", "Trần Văn An", "Đỗ Ánh", "Nguyễn Văn Bình"]]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_an_add_page_pre_fills_its_fields_from_the_query_string(commune_a_staff, as_user):
    """A link like /people/add/?full_name=… opens the form with that value; unknown names are
    ignored."""
    response = as_user(commune_a_staff).get("/people/add/?full_name=Lò Văn Mới&bogus=1")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["full_name"].value() == "Lò Văn Mới"
    assert "bogus" not in form.initial


def test_a_year_column_is_shown_as_a_label_not_a_quantity():
    """A plan of 2026 reads "2026" in every language, never "2,026" or "2.026"."""
    from types import SimpleNamespace

    from garrison.core.registry import Column

    plan = SimpleNamespace(year=2026, plan=SimpleNamespace(year=2027), days=1500)
    assert Column("year").value(plan) == "2026"
    assert Column("plan__year").value(plan) == "2027"
    assert Column("days").value(plan) == 1500
