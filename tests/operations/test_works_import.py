"""Importing defence works from a sheet: a row without an id adds a work (capacity typed the
Vietnamese way, its first inspection reckoned by the service), a row with the id of a work of
the commune updates it, a depot without tonnes is refused with the service's message."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from garrison.core.models import ImportJob
from garrison.operations.models import DefenceWork
from tests.clock import move_clock
from tests.conftest import client_for
from tests.core.test_import import TaskRunningClient
from tests.factories import DefenceWorkFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 7, 20)
HEADER = "id,commune,kind,name,capacity_people,capacity_tonnes,state,built_on\n"


def _upload(client, rows: str) -> ImportJob:
    file = SimpleUploadedFile("works.csv", (HEADER + rows).encode(), content_type="text/csv")
    response = client.post("/operations/works/import/", {"file": file})
    assert response.status_code == 302, response.content[:800]
    return ImportJob.objects.latest("pk")


@pytest.fixture
def staff_client(commune_a_staff, django_capture_on_commit_callbacks):
    return TaskRunningClient(client_for(commune_a_staff), django_capture_on_commit_callbacks)


def test_it_imports_new_and_changed_works(monkeypatch, staff_client, commune_a):
    move_clock(monkeypatch, DAY)
    old = DefenceWorkFactory(commune=commune_a, name="Căn cứ cũ", capacity_people=40)
    job = _upload(
        staff_client,
        f'{old.pk},{commune_a.code},combat_base,Căn cứ cũ,"1.200",,ready,\n'
        f',{commune_a.code},depot,Kho Na Son,,"0,5",ready,02/05/2024\n',
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.created_count, job.updated_count) == (1, 1)
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    old.refresh_from_db()
    assert old.capacity_people == 1200
    depot = DefenceWork.objects.get(name="Kho Na Son")
    assert str(depot.capacity_tonnes) == "0.5"
    assert depot.inspection_due_on == datetime.date(2024, 5, 2)


def test_it_refuses_a_depot_without_tonnes(monkeypatch, staff_client, commune_a):
    move_clock(monkeypatch, DAY)
    job = _upload(staff_client, f",{commune_a.code},depot,Kho Na Son,40,,ready,\n")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert job.errors[0]["column"] == "capacity_tonnes"
    assert not DefenceWork.objects.exists()
