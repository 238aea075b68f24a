"""Importing user accounts: a column the sheet lacks takes the field's default (issue 15,
finding 11): an account imported from a sheet without `is_active` is active."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from garrison.accounts.models import User
from garrison.core.models import ImportJob
from tests.conftest import client_for


@pytest.mark.django_db
def test_accounts_imported_without_is_active_are_active(
    province_staff, commune_a, django_capture_on_commit_callbacks
):
    client = client_for(province_staff)
    sheet = (
        "username,full_name,role,commune,password\n"
        f"xa_a_moi,Lò Văn Mới,commune_staff,{commune_a.code},Khong-Doan-Duoc-42\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/users/import/", {"file": SimpleUploadedFile("users.csv", sheet.encode())}
        )
    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    assert (job.status, job.errors) == ("ready", [])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    account = User.objects.get(username="xa_a_moi")
    assert account.is_active
    assert (account.commune, account.province) == (commune_a, commune_a.province)

    # a column that says 0 still makes an inactive account
    sheet = (
        "username,role,commune,is_active,password\n"
        f"xa_a_tat,commune_staff,{commune_a.code},0,Khong-Doan-Duoc-42\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/users/import/", {"file": SimpleUploadedFile("users.csv", sheet.encode())}
        )
    job = ImportJob.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/{job.pk}/", {"action": "apply"})
    assert not User.objects.get(username="xa_a_tat").is_active
