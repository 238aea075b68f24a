"""Redis stopped while a page enqueues work (issue 20, section 7): the page says the task queue
cannot be reached (no 500), the job and the uploaded file stay, nothing is half-written, and
once the queue is back the job runs again from its page."""

from __future__ import annotations

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from garrison.core.models import ExportJob, ImportJob
from garrison.people.models import Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HEADER = "citizen_id,full_name,date_of_birth,sex,ethnicity,residence_commune,phone\n"
ROWS = (
    "011095000123,Lò Văn Nam,01/02/1995,male,Thái,3316,\n"
    "011196000456,Quàng Thị Hoa,03/04/1996,female,Thái,3316,\n"
)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DOWN_MESSAGE = "cannot reach the task queue"


def closed_port() -> int:
    """A port on this machine nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def queue_down(settings):
    """The Redis task backend and cache, as deployed, their Redis stopped (a port nobody
    listens on)."""
    local_cache = settings.CACHES

    def stop() -> None:
        url = f"redis://127.0.0.1:{closed_port()}/0"
        settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
        settings.CACHES = {
            "default": {"BACKEND": "garrison.core.cache.RedisCache", "LOCATION": url}
        }

    def start() -> None:  # the queue back (tests run tasks inline, as a worker would)
        settings.TASKS = IMMEDIATE
        settings.CACHES = local_cache

    stop()
    return type("Queue", (), {"stop": staticmethod(stop), "start": staticmethod(start)})


@pytest.fixture
def client(commune_a_staff):
    return client_for(commune_a_staff)


def post(client, capture, url, data):
    with capture(execute=True):  # what happens once the request's transaction commits
        return client.post(url, data)


def upload_people(client, capture) -> ImportJob:
    file = SimpleUploadedFile("people.csv", (HEADER + ROWS).encode(), content_type="text/csv")
    response = post(client, capture, "/people/import/", {"file": file})
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.latest("pk")


def test_an_import_started_while_the_queue_is_down_says_so_and_keeps_the_file(
    client, commune_a, queue_down, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    job = upload_people(client, capture)

    page = client.get(f"/imports/{job.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert DOWN_MESSAGE in text
    assert 'data-testid="rerun-import"' in text
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert bytes(job.content) == (HEADER + ROWS).encode()  # the file is kept
    assert not Person.objects.exists()

    queue_down.start()
    post(client, capture, f"/imports/{job.pk}/", {"action": "rerun"})
    job.refresh_from_db()
    assert (job.status, job.created_count, job.message) == (ImportJob.Status.READY, 2, "")
    post(client, capture, f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Lò Văn Nam",
        "Quàng Thị Hoa",
    }


def test_an_import_confirmed_while_the_queue_is_down_writes_nothing_and_runs_again(
    client, commune_a, queue_down, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    queue_down.start()
    job = upload_people(client, capture)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY

    queue_down.stop()
    response = post(client, capture, f"/imports/{job.pk}/", {"action": "apply"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert DOWN_MESSAGE in page.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert bytes(job.content)  # kept for the run again
    assert not Person.objects.exists()

    queue_down.start()
    post(client, capture, f"/imports/{job.pk}/", {"action": "rerun"})
    post(client, capture, f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Person.objects.count() == 2


def test_an_import_that_failed_on_its_rows_is_not_offered_to_run_again(
    client, commune_a, django_capture_on_commit_callbacks
):
    bad = SimpleUploadedFile("people.csv", (HEADER + "x,,,,,,\n").encode())
    response = post(client, django_capture_on_commit_callbacks, "/people/import/", {"file": bad})
    job = ImportJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert job.status == ImportJob.Status.INVALID
    assert 'data-testid="rerun-import"' not in client.get(f"/imports/{job.pk}/").content.decode()
    post(client, django_capture_on_commit_callbacks, f"/imports/{job.pk}/", {"action": "rerun"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID


def test_an_export_started_while_the_queue_is_down_says_so_and_runs_again(
    client, person_a, queue_down, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        response = client.get("/people/export/?format=xlsx")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert DOWN_MESSAGE in page.content.decode()
    job = ExportJob.objects.get()
    assert (job.status, job.stored_name) == (ExportJob.Status.FAILED, "")
    assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").iterdir())

    queue_down.start()
    post(client, capture, f"/exports/{job.pk}/", {"action": "rerun"})
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.message) == (ExportJob.Status.DONE, 1, "")
