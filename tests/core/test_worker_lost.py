"""How a job's page tells that the process running its task is gone (core.queueing): the
database backend keeps no heartbeat, so each task remembers where it runs when it starts, and
`reconcile` looks that process up. The whole path, with a real `db_worker` killed during an
import, is tests/workers/test_db_worker_gone.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.core.cache import cache

from garrison.core import queueing


class Started:
    backend = "default"
    id = "a-task"


def remember(host: str, pid: int, started: str | None) -> None:
    cache.set(queueing._runner_key("default", "a-task"), (host, pid, started))


def gone() -> bool:
    return queueing._runner_gone("default", "a-task")


@pytest.fixture
def sleeper():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(10)


def test_a_task_remembers_the_process_and_machine_that_run_it():
    queueing.remember_runner(sender=None, task_result=Started())
    host, pid, started = cache.get(queueing._runner_key("default", "a-task"))
    assert (host, pid) == (queueing.this_machine(), os.getpid())
    assert started == queueing._process(os.getpid())[1]
    assert not gone()  # this very process


def test_a_process_that_ended_is_gone(sleeper):
    started = queueing._process(sleeper.pid)[1]
    remember(queueing.this_machine(), sleeper.pid, started)
    assert not gone()
    sleeper.kill()
    sleeper.wait(10)
    assert gone()


def test_a_killed_process_its_parent_has_not_reaped_is_gone(sleeper):
    remember(queueing.this_machine(), sleeper.pid, queueing._process(sleeper.pid)[1])
    sleeper.kill()  # a zombie until wait()
    deadline = time.monotonic() + 10
    while queueing._process(sleeper.pid)[0] != "Z" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone()


def test_another_process_under_the_same_number_is_not_the_runner(sleeper):
    remember(queueing.this_machine(), sleeper.pid, "1")  # the runner started at another time
    assert gone()


def test_a_process_of_another_machine_or_of_no_record_is_never_judged(sleeper):
    remember("another-machine", 999_999_999, None)
    assert not gone()
    host = queueing.this_machine().split(" ")[0]
    remember(f"{host} pid:[1]", 999_999_999, None)  # this host's name, another container
    assert not gone()
    cache.clear()
    assert not gone()
    remember(queueing.this_machine(), sleeper.pid, None)  # no start time known: alive
    assert not gone()
