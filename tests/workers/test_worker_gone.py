"""A whole worker lost in the middle of an import (issue 20, section 7): its machine stops, so the
worker and the work-horse running the apply die at once and no process is left to report the
failure. The job's page notices once the job's heartbeat has expired (RQ: at most the
monitoring interval plus 60 s, about 90 s), says the import stopped and offers "Run again";
nothing of the apply was written and the file is kept. A worker of its own (one, not the two of
test_shared_queue.py), so that the others are not disturbed."""

from __future__ import annotations

import os
import signal

import pytest
from django.core.cache import cache

from garrison.core import queueing
from garrison.core.models import ImportJob
from garrison.people.models import Person
from tests.conftest import client_for
from tests.workers.conftest import started_workers, wait_for
from tests.workers.test_shared_queue import people_csv, status_of, upload, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

#: RQ's heartbeat of a started job lasts its monitoring interval (30 s) plus 60 s
HEARTBEAT_EXPIRES = 90


@pytest.fixture(scope="module")
def lone_worker(request, redis_url, tmp_path_factory):
    with started_workers(request, redis_url, tmp_path_factory, ("lone-worker",)) as handle:
        yield handle


def test_a_worker_lost_with_its_apply_is_noticed_once_its_heartbeat_expires(
    lone_worker, queue_settings, commune_a, commune_a_staff
):
    client = client_for(commune_a_staff)
    job = upload(client, people_csv(500, 40, name="slow.csv"))
    wait_until([job], ImportJob.Status.READY)
    client.post(f"/imports/{job.pk}/", {"action": "apply"})
    # the work-horse has saved the rows inside its transaction and paused (worker.py)
    marker = lone_worker.marker
    horse = int(wait_for(lambda: marker.exists() and marker.read_text(), 60))
    worker = lone_worker.processes["lone-worker"]
    os.kill(worker.pid, signal.SIGKILL)  # the worker first: nobody is left to see the horse die
    os.kill(horse, signal.SIGKILL)
    worker.wait(10)
    # as if the worker had run on another machine, where the page cannot look its process up
    # (core.queueing.remember_runner): only the job's heartbeat tells
    alias, result_id = cache.get(queueing.IMPORTS.key(job))
    cache.delete(queueing._runner_key(alias, result_id))

    page = client.get(f"/imports/{job.pk}/")
    assert page.status_code == 200
    assert status_of(job) == ImportJob.Status.APPLYING  # nothing knows yet

    def failed_page():
        text = client.get(f"/imports/{job.pk}/").content.decode()
        return "stopped before it finished" in text and 'data-testid="rerun-import"' in text

    wait_for(failed_page, timeout=HEARTBEAT_EXPIRES + 60, what="the page to say the import stopped")
    assert status_of(job) == ImportJob.Status.FAILED
    assert bytes(job.content)  # the file is kept for "Run again"
    assert not Person.objects.exists()  # nothing of the lost apply was written
