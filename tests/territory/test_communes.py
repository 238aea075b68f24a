"""Province staff maintain what military work needs to know about their communes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from garrison.core.models import ImportJob
from tests.conftest import client_for


@pytest.mark.django_db
def test_province_staff_import_commune_attributes(
    province_staff, commune_a, commune_b, commune_c, django_capture_on_commit_callbacks
):
    client = client_for(province_staff)
    sheet = (
        "code,is_border,is_key_defence,population,area_km2\n"
        f"{commune_a.code},1,có,12500,310.5\n"
        f"{commune_b.code},0,0,,\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/territory/communes/import/", {"file": SimpleUploadedFile("c.csv", sheet)})
    job = ImportJob.objects.latest("pk")
    assert (job.status, job.updated_count, job.unchanged_count) == ("ready", 1, 1), job.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{job.pk}/", {"action": "apply"})
    commune_a.refresh_from_db()
    assert (commune_a.is_border, commune_a.is_key_defence, commune_a.population) == (
        True,
        True,
        12500,
    )
    assert str(commune_a.area_km2) == "310.50"

    # a commune of another province, or an unknown code, is refused with its line
    bad = f"code,population\n{commune_c.code},1\n99999999,2\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/territory/communes/import/", {"file": SimpleUploadedFile("c.csv", bad)})
    job = ImportJob.objects.latest("pk")
    assert job.status == "invalid"
    assert [e["line"] for e in job.errors] == [2, 3]


@pytest.mark.django_db
def test_province_staff_edit_one_commune_and_commune_users_cannot(
    province_staff, commune_a_commander, commune_a, as_user
):
    form = {"population": "9000", "is_island": "on", "version": commune_a.version}
    response = as_user(province_staff).post(f"/territory/communes/{commune_a.pk}/edit/", form)
    assert response.status_code == 302
    commune_a.refresh_from_db()
    assert (commune_a.population, commune_a.is_island) == (9000, True)
    response = as_user(commune_a_commander).post(f"/territory/communes/{commune_a.pk}/edit/", form)
    assert response.status_code == 404
