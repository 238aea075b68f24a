"""A real Redis and two real task workers (`garrison rqworker`, RQ's forking worker) against the
test database, started once per module: tests/workers checks that jobs on the shared queue run
once each, spread over the workers, and that a worker killed in the middle of a job leaves
nothing half-written and a job that runs again. Skipped when redis-server is not installed
(scripts/test installs it)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKERS = ("worker-1", "worker-2")


@pytest.fixture(autouse=True)
def _needs_redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    import redis

    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)

    def up():
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    wait_for(up, what="redis-server")
    yield url
    server.terminate()
    server.wait(10)


def test_database_url() -> str:
    """The test database pytest-django makes (known before it makes it, so the workers start
    meanwhile: they connect only when a job comes)."""
    import dj_database_url
    from django.conf import settings

    settings_dict = dict(settings.DATABASES["default"])
    test_name = settings_dict.get("TEST", {}).get("NAME")
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{test_name}"
    # the name the settings read (pytest-django renames it once the test database is made)
    name = test_name or f"test_{dj_database_url.parse(os.environ['DATABASE_URL'])['NAME']}"
    user, host, port = settings_dict["USER"], settings_dict["HOST"], settings_dict["PORT"]
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}"


@pytest.fixture(scope="module")
def workers(request, redis_url, tmp_path_factory):
    """Two `garrison rqworker` processes (worker.py) on the test database; yields a handle with
    the marker file of the slow apply (worker.py)."""
    with started_workers(request, redis_url, tmp_path_factory, WORKERS) as handle:
        yield handle


@contextlib.contextmanager
def started_workers(request, redis_url, tmp_path_factory, names):
    """`garrison rqworker` processes named `names` (worker.py) on the test database, killed at
    the end; yields a handle with the marker file of the slow apply (worker.py), the folder of
    their logs and their processes by name."""
    import dj_database_url
    import redis
    from django.conf import settings
    from rq import Worker

    folder = tmp_path_factory.mktemp("workers")
    db_url = test_database_url()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "GARRISON_TASKS": "redis",
        "GARRISON_REDIS_URL": redis_url,
        "GARRISON_DATA_DIR": str(settings.DATA_DIR),
        "GARRISON_TEST_APPLY_MARKER": str(folder / "applying"),
        "PYTHONPATH": str(REPO),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    processes, logs = [], []
    for name in names:
        log = (folder / f"{name}.log").open("wb")
        logs.append(log)
        command = [sys.executable, str(REPO / "tests" / "workers" / "worker.py"), "rqworker"]
        command += ["default", "--job-class", "django_tasks_rq.Job", "--name", name]
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
    try:
        request.getfixturevalue("django_db_setup")  # meanwhile
        from django.db import connection

        assert dj_database_url.parse(db_url)["NAME"] == connection.settings_dict["NAME"]
        connection_ = redis.Redis.from_url(redis_url)
        wait_for(
            lambda: (
                len(Worker.all(connection=connection_)) == len(names)
                or any(p.poll() is not None for p in processes)
            ),
            timeout=90,
            what=f"{len(names)} workers",
        )
        assert all(p.poll() is None for p in processes), _tails(folder)
        yield type(
            "Workers",
            (),
            {
                "marker": folder / "applying",
                "folder": folder,
                "processes": dict(zip(names, processes, strict=True)),
            },
        )
    finally:
        for process in processes:  # test workers: nothing of theirs is kept
            if process.poll() is None:
                process.kill()
            process.wait(10)
        for log in logs:
            log.close()


def _tails(folder: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in folder.glob("*.log"))


@pytest.fixture
def queue_settings(settings, redis_url):
    """The test process as a web server of that deployment: tasks to Redis, the cache (progress,
    cancel flags) on Redis too."""
    settings.RQ_QUEUES = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 600}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    return settings
