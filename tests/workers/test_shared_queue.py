"""Background work on a shared queue (issue 20, sections 2 and 7), with a real Redis and two
real workers (conftest.py): jobs run once each, spread over the workers; a worker killed in the
middle of an import's apply leaves none of its rows written, the job's page says it failed and
runs it again, and the second run writes every row exactly once."""

from __future__ import annotations

import os
import signal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks import task_backends

from garrison.core import queueing
from garrison.core.models import ImportJob
from garrison.people.models import Person
from tests.conftest import client_for
from tests.workers.conftest import WORKERS, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "citizen_id,full_name,date_of_birth,sex,ethnicity,residence_commune,phone\n"
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Sơn"]


def citizen_id(n: int) -> str:
    return f"011095{n:06d}"  # a man born in 1995


def people_csv(first: int, count: int, name: str = "people.csv") -> SimpleUploadedFile:
    rows = "".join(
        f"{citizen_id(n)},Lò Văn {GIVEN[n % len(GIVEN)]},01/02/1995,male,Thái,3316,\n"
        for n in range(first, first + count)
    )
    return SimpleUploadedFile(name, (HEADER + rows).encode(), content_type="text/csv")


def upload(client, file) -> ImportJob:
    response = client.post("/people/import/", {"file": file})
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.latest("pk")


def status_of(job: ImportJob) -> str:
    job.refresh_from_db()
    return job.status


def wait_until(jobs, status, timeout=60) -> None:
    def reached():
        now = [status_of(job) for job in jobs]
        assert not {ImportJob.Status.FAILED, ImportJob.Status.INVALID} & set(now), [
            (job.status, job.message, job.errors) for job in jobs
        ]
        return all(s == status for s in now)

    wait_for(reached, timeout=timeout, what=f"jobs {status}")


def task_result(job: ImportJob):
    """The last task queued for `job`, as the task backend reports it."""
    alias, result_id = cache.get(queueing.IMPORTS.key(job))
    return task_backends[alias].get_result(result_id)


def test_jobs_on_the_shared_queue_run_once_each_and_both_workers_take_some(
    workers, queue_settings, commune_a, commune_a_staff
):
    client = client_for(commune_a_staff)
    jobs = [upload(client, people_csv(3 * i, 3)) for i in range(8)]
    wait_until(jobs, ImportJob.Status.READY)
    for job in jobs:
        client.post(f"/imports/{job.pk}/", {"action": "apply"})
    wait_until(jobs, ImportJob.Status.DONE)

    ids = list(Person.objects.values_list("citizen_id", flat=True))
    assert sorted(ids) == [citizen_id(n) for n in range(24)]  # every row, once
    runs = [task_result(job).worker_ids for job in jobs]
    assert all(len(ran_on) == 1 for ran_on in runs), runs  # each apply ran once
    assert {ran_on[0] for ran_on in runs} == set(WORKERS), runs  # on both workers


def test_a_worker_killed_during_an_apply_leaves_nothing_and_the_import_runs_again(
    workers, queue_settings, commune_a, commune_a_staff
):
    client = client_for(commune_a_staff)
    job = upload(client, people_csv(100, 40, name="slow.csv"))
    wait_until([job], ImportJob.Status.READY)
    client.post(f"/imports/{job.pk}/", {"action": "apply"})
    # the work-horse has saved the rows inside its transaction and paused (worker.py)
    horse = int(wait_for(lambda: workers.marker.exists() and workers.marker.read_text(), 60))
    os.kill(horse, signal.SIGKILL)

    def failed_page():
        page = client.get(f"/imports/{job.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        return "stopped before it finished" in text and 'data-testid="rerun-import"' in text

    wait_for(failed_page, timeout=30, what="the page to say the import stopped")
    assert status_of(job) == ImportJob.Status.FAILED
    assert bytes(job.content)  # the file is kept for the second run
    assert not Person.objects.exists()  # nothing of the killed apply was written

    # its check had passed and its author confirmed it: "Run again" applies it again at once
    client.post(f"/imports/{job.pk}/", {"action": "rerun"})
    wait_until([job], ImportJob.Status.DONE)
    ids = list(Person.objects.values_list("citizen_id", flat=True))
    assert sorted(ids) == [citizen_id(n) for n in range(100, 140)]
