"""The villages of a commune: the commune's staff keep them (list with registered residents,
add, edit, a name taken twice refused clearly, import and export); the province reads them; the
person's village on the person's page, in the API and in the people import."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.core.models import ImportJob
from garrison.people.models import Person
from garrison.territory.models import Village
from tests.conftest import client_for
from tests.core.test_import import TaskRunningClient
from tests.factories import PersonFactory, VillageFactory


@pytest.fixture
def staff(commune_a_staff, django_capture_on_commit_callbacks):
    return TaskRunningClient(client_for(commune_a_staff), django_capture_on_commit_callbacks)


def sheet(text: str, name: str = "sheet.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.mark.django_db
def test_it_lists_villages_with_their_registered_residents_in_one_query(
    commune_a, commune_a_staff, as_user
):
    na = VillageFactory(commune=commune_a, name="Bản Na", population=400)
    VillageFactory(commune=commune_a, name="Bản Pa", population=200)
    for _i in range(3):
        PersonFactory(residence_commune=commune_a, village=na)
    client = as_user(commune_a_staff)
    response = client.get("/territory/villages/")
    assert response.status_code == 200
    rows = {r["obj"].name: r["obj"] for r in response.context["rows"]}
    assert rows["Bản Na"].residents_count == 3
    assert rows["Bản Pa"].residents_count == 0
    VillageFactory.create_batch(5, commune=commune_a)
    with CaptureQueriesContext(connection) as few:
        client.get("/territory/villages/")
    VillageFactory.create_batch(10, commune=commune_a)
    with CaptureQueriesContext(connection) as more:
        client.get("/territory/villages/")
    assert len(more) == len(few)


@pytest.mark.django_db
def test_it_adds_a_village_and_refuses_a_name_taken_in_the_commune(
    commune_a, commune_a_staff, as_user
):
    client = as_user(commune_a_staff)
    response = client.post(
        "/territory/villages/add/",
        {"commune": commune_a.pk, "name": "Bản Mới", "population": "1.200", "households": "250"},
    )
    assert response.status_code == 302, response.context["form"].errors
    village = Village.objects.get(name="Bản Mới")
    assert (village.commune, village.population, village.households) == (commune_a, 1200, 250)
    again = client.post("/territory/villages/add/", {"commune": commune_a.pk, "name": "bản  mới"})
    assert again.status_code == 400
    assert "already has a village named" in str(again.context["form"].errors["name"])


@pytest.mark.django_db
def test_the_same_name_may_serve_two_communes(commune_a, commune_b, commune_a_staff, as_user):
    VillageFactory(commune=commune_b, name="Bản Na")
    response = as_user(commune_a_staff).post(
        "/territory/villages/add/", {"commune": commune_a.pk, "name": "Bản Na"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_province_reads_but_does_not_change_villages(commune_a, province_staff, as_user):
    village = VillageFactory(commune=commune_a, name="Bản Na")
    client = as_user(province_staff)
    assert client.get(f"/territory/villages/{village.pk}/").status_code == 200
    assert client.get(f"/territory/villages/{village.pk}/edit/").status_code == 404
    response = client.post(
        "/api/villages",
        json.dumps({"commune_code": commune_a.code, "name": "X"}),
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    assert not Village.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_it_imports_the_communes_villages_twice_without_change(commune_a, staff):
    VillageFactory(commune=commune_a, name="Bản Na", population=100)
    text = "name,population,households\nBản Na,150,30\nBản Mới,80,20\n"
    for expected in ((1, 1), (0, 0)):
        response = staff.post("/territory/villages/import/", {"file": sheet(text)})
        assert response.status_code == 302
        job = ImportJob.objects.latest("pk")
        assert job.status == ImportJob.Status.READY, job.errors
        assert (job.created_count, job.updated_count) == expected
        staff.post(f"/imports/{job.pk}/", {"action": "apply"})
    assert Village.objects.get(name="Bản Na").population == 150
    assert Village.objects.get(name="Bản Mới").commune == commune_a


@pytest.mark.django_db
def test_it_exports_the_villages(commune_a, commune_a_staff, as_user):
    VillageFactory(commune=commune_a, name="Bản Na", population=100)
    response = as_user(commune_a_staff).get("/territory/villages/export/?format=csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Bản Na" in body.decode()


# --- the person's village -----------------------------------------------------------------------
@pytest.mark.django_db
def test_the_person_page_saves_a_village_of_the_residence_commune(
    commune_a, commune_b, person_a, commune_a_staff, as_user
):
    na = VillageFactory(commune=commune_a, name="Bản Na")
    client = as_user(commune_a_staff)
    form = client.get(f"/people/{person_a.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["date_of_birth"] = person_a.date_of_birth.strftime("%d/%m/%Y")
    data["village"] = na.pk
    response = client.post(f"/people/{person_a.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    person_a.refresh_from_db()
    assert person_a.village == na
    assert "Bản Na" in client.get(f"/people/{person_a.pk}/").content.decode()


@pytest.mark.django_db
def test_the_api_refuses_a_village_of_another_commune(
    commune_a, commune_b, person_a, commune_a_staff, province_staff, as_user
):
    elsewhere = VillageFactory(commune=commune_b, name="Bản Xa")
    client = as_user(province_staff)  # sees both communes' villages
    response = client.patch(
        f"/api/people/{person_a.pk}",
        json.dumps({"version": person_a.version, "village_id": elsewhere.pk}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "village of another commune" in response.content.decode()
    na = VillageFactory(commune=commune_a, name="Bản Na")
    response = client.patch(
        f"/api/people/{person_a.pk}",
        json.dumps({"version": person_a.version, "village_id": na.pk}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["village_id"] == na.pk


@pytest.mark.django_db
def test_the_people_import_finds_the_village_by_name_in_the_residence_commune(
    commune_a, commune_b, staff
):
    na = VillageFactory(commune=commune_a, name="Bản Na")
    VillageFactory(commune=commune_b, name="Bản Xa")
    header = "citizen_id,full_name,date_of_birth,sex,ethnicity,residence_commune,village\n"
    text = (
        header
        + f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},bản na\n"
        + f"011195000002,Quàng Thị Hai,1995-07-02,Nữ,Mông,{commune_a.code},Bản Xa\n"
    )
    staff.post("/people/import/", {"file": sheet(text, "people.csv")})
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.INVALID
    assert [(e["line"], "no village named" in e["message"]) for e in job.errors] == [(3, True)]
    text = header + f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},bản na\n"
    staff.post("/people/import/", {"file": sheet(text, "people.csv")})
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.READY, job.errors
    staff.post(f"/imports/{job.pk}/", {"action": "apply"})
    assert Person.objects.get(citizen_id="011090000001").village == na
