"""Faults during an import (issue 20 §7): the database connection drops in the middle of an
apply, and the disk for uploads is full when a sheet is uploaded. Each ends with a clear
message and nothing half-written."""

from __future__ import annotations

import errno
import os

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import OperationalError, connection, connections

from garrison.core import import_rows, importing
from garrison.core.import_bulk import BulkWriter
from garrison.core.models import ImportJob
from garrison.people.models import Person
from tests.conftest import client_for

HEADER = "citizen_id,full_name,date_of_birth,sex,ethnicity,residence_commune,phone\n"


def sheet(n: int, commune) -> bytes:
    rows = "".join(
        f"0110900{serial:05d},Lò Văn Một,15/03/1990,male,Thái,{commune.code},\n"
        for serial in range(1, n + 1)
    )
    return (HEADER + rows).encode("utf-8")


def drop_the_connection() -> None:
    """What a network cut or a restarted server does to the worker: PostgreSQL's backend of this
    connection is ended from another connection; on SQLite the next statement fails."""
    if connection.vendor == "postgresql":
        pid = connection.connection.info.backend_pid
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            other.close()
        return
    raise OperationalError("disk I/O error")


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_during_the_apply_writes_nothing_and_the_import_can_be_applied_again(
    commune_a_staff, commune_a, monkeypatch
):
    monkeypatch.setattr(import_rows, "BATCH_ROWS", 4)
    job = ImportJob.objects.create(
        config_name="people.person",
        actor=commune_a_staff,
        file_name="people.csv",
        content=sheet(10, commune_a),
    )
    job = importing.run_check(job.pk)
    assert job.status == ImportJob.Status.READY, job.errors

    real_write = BulkWriter.write
    written = []

    def write_then_fail(self, rows):
        written.append(len(rows))
        if len(written) == 2:  # the first batch is written, the second is cut
            drop_the_connection()
        return real_write(self, rows)

    monkeypatch.setattr(BulkWriter, "write", write_then_fail)
    job = importing.run_apply(job.pk)
    assert written[:2] == [4, 4]
    assert job.status == ImportJob.Status.READY  # it may be applied again
    assert "connection to the database was lost" in job.message
    assert "nothing was imported" in job.message
    assert not Person.objects.exists()  # the first batch went with the transaction
    assert not LogEntry.objects.filter(content_type__model="person").exists()

    monkeypatch.setattr(BulkWriter, "write", real_write)
    job = importing.run_apply(job.pk)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_count, job.message) == (10, "")
    assert Person.objects.count() == 10
    assert LogEntry.objects.filter(content_type__model="person").count() == 10


@pytest.mark.django_db
def test_a_full_disk_during_an_upload_says_so_and_keeps_nothing(
    commune_a_staff, commune_a, settings, tmp_path, monkeypatch
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # the sheet is streamed to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)

    def disk_full(self):
        def write(data):
            raise OSError(errno.ENOSPC, "No space left on device")

        return write

    monkeypatch.setattr(TemporaryUploadedFile, "write", property(disk_full))
    client = client_for(commune_a_staff)
    upload = SimpleUploadedFile("people.csv", sheet(50, commune_a), content_type="text/csv")
    response = client.post("/people/import/", {"file": upload})

    assert response.status_code == 507
    page = response.content.decode()
    assert "The server&#x27;s disk is full" in page
    assert "nothing was saved" in page and "Tell the administrator" in page
    assert not ImportJob.objects.exists()
    assert os.listdir(tmp_path) == []  # no part of the file is left behind


@pytest.mark.django_db
def test_a_full_disk_while_the_import_is_kept_says_so_and_starts_nothing(
    commune_a_staff, commune_a, monkeypatch
):
    def no_space(**kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(importing, "start_import", no_space)
    client = client_for(commune_a_staff)
    upload = SimpleUploadedFile("people.csv", sheet(3, commune_a), content_type="text/csv")
    response = client.post("/people/import/", {"file": upload})
    assert response.status_code == 507
    assert "nothing was saved" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_an_import_sheet_may_be_larger_than_other_requests(commune_a_staff, commune_a, settings):
    """The general limit of a request body does not refuse an import sheet under the import
    limit (a million people is about 92 MB of CSV)."""
    settings.GARRISON_MAX_UPLOAD_BYTES = 1024
    settings.GARRISON_MAX_IMPORT_BYTES = 1024 * 1024
    client = client_for(commune_a_staff)
    content = sheet(100, commune_a)
    assert 1024 < len(content) < 1024 * 1024
    upload = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    assert client.post("/people/import/", {"file": upload}).status_code == 302
    assert ImportJob.objects.count() == 1
    settings.GARRISON_MAX_IMPORT_BYTES = 2048
    upload = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    assert client.post("/people/import/", {"file": upload}).status_code == 413
