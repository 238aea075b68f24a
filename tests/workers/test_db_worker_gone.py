"""The embedded default's worker (GARRISON_TASKS=database, `garrison db_worker`) killed in the
middle of an import's apply (issue 20, section 7). The database backend keeps no heartbeat, so
its task would read "running" for ever; the job's page finds the process that ran it gone
(core.queueing.reconcile), says the import stopped and offers "Run again", and its task is
marked failed. Nothing of the apply was written, and "Run again" on a new worker writes every
row once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from garrison.core import queueing
from garrison.core.models import ImportJob
from garrison.people.models import Person
from tests.conftest import client_for
from tests.workers.conftest import REPO, wait_for
from tests.workers.conftest import test_database_url as workers_database_url
from tests.workers.test_shared_queue import citizen_id, people_csv, status_of, upload, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings, tmp_path):
    """The test process as the web server of the embedded default: tasks in the database, the
    cache (where a task's worker is remembered) in files the workers share."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    return settings


@pytest.fixture
def start_db_worker(database_tasks, tmp_path):
    """Starts `garrison db_worker` processes (worker.py) on the test database; kills them all
    at the end."""
    from django.conf import settings

    processes = []

    def start() -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": workers_database_url(),
            "GARRISON_TASKS": "database",
            "GARRISON_CACHE_DIR": str(tmp_path / "cache"),
            "GARRISON_DATA_DIR": str(settings.DATA_DIR),
            "GARRISON_TEST_APPLY_MARKER": str(tmp_path / "applying"),
            "PYTHONPATH": str(REPO),
        }
        for name in ("DATABASE_REPLICA_URL", "GARRISON_REDIS_URL"):
            env.pop(name, None)
        command = [sys.executable, str(REPO / "tests" / "workers" / "worker.py"), "db_worker"]
        command += ["--no-reload", "--no-startup-delay", "--interval", "0.2"]
        log = (tmp_path / f"db_worker-{len(processes)}.log").open("wb")
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)
        processes.append(process)
        return process

    start.marker = tmp_path / "applying"  # type: ignore[attr-defined]
    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_a_killed_db_worker_is_noticed_at_once_and_its_import_runs_again(
    start_db_worker, commune_a, commune_a_staff
):
    client = client_for(commune_a_staff)
    worker = start_db_worker()
    job = upload(client, people_csv(700, 40, name="slow.csv"))
    wait_until([job], ImportJob.Status.READY)
    client.post(f"/imports/{job.pk}/", {"action": "apply"})
    # the worker has saved the rows inside its transaction and paused (worker.py)
    marker = start_db_worker.marker
    assert int(wait_for(lambda: marker.exists() and marker.read_text(), 60)) == worker.pid
    (task,) = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)

    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "stopped before it finished" in page and 'data-testid="rerun-import"' in page
    assert status_of(job) == ImportJob.Status.FAILED
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED  # not "running" for ever
    assert task.task_result.errors[0].exception_class is queueing.WorkerLost
    assert bytes(job.content)  # the file is kept for the second run
    assert not Person.objects.exists()  # nothing of the killed apply was written

    start_db_worker()
    client.post(f"/imports/{job.pk}/", {"action": "rerun"})
    wait_until([job], ImportJob.Status.DONE)
    ids = sorted(Person.objects.values_list("citizen_id", flat=True))
    assert ids == [citizen_id(n) for n in range(700, 740)]


def test_a_task_running_under_a_live_worker_is_left_running(
    start_db_worker, commune_a, commune_a_staff
):
    client = client_for(commune_a_staff)
    start_db_worker()
    job = upload(client, people_csv(800, 5, name="slow.csv"))
    wait_until([job], ImportJob.Status.READY)
    client.post(f"/imports/{job.pk}/", {"action": "apply"})
    marker = start_db_worker.marker
    wait_for(lambda: marker.exists(), 60)
    for _ in range(3):
        client.get(f"/imports/{job.pk}/")
    assert status_of(job) == ImportJob.Status.APPLYING
