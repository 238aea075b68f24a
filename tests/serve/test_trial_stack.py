"""`scripts/serve` starts the production stack (Redis, RQ workers, gunicorn with DEBUG off) and
a user works with it over HTTP: signs in, asks for an Excel export that a task worker builds on
the Redis queue, downloads it; SIGTERM then stops every process the script started.

The stack gets its own data directory, port and database (a file in the data directory, or on
PostgreSQL a database of its own created and dropped here when DATABASE_URL names one)."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from garrison.settings import PROJECT_DIR

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server is not installed (apt-get install redis-server): the trial stack "
    "starts its own Redis",
)

READY_SECONDS = 240  # migrate + collectstatic on a busy 2-core machine
PASSWORD = "trial-" + secrets.token_urlsafe(12)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()  # a zombie ended
    except (FileNotFoundError, ProcessLookupError):
        return False


def processes_of(data_dir: Path, log_path: Path) -> dict[int, str]:
    """Every live process whose environment names this data directory: what scripts/serve
    started (and what those started), wherever they were re-parented; and its redis-server
    (which writes its title over its environment), by the pid the script printed."""
    marker = f"GARRISON_DATA_DIR={data_dir}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0") and alive(int(entry.name)):
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    redis = re.search(rb"started redis-server on \S+ \(pid (\d+)\)", log_path.read_bytes())
    if redis and alive(int(redis.group(1))):
        found[int(redis.group(1))] = b"redis-server"
    return {pid: cmd.decode(errors="replace")[:120] for pid, cmd in found.items()}


@pytest.fixture
def database_url() -> Iterator[str | None]:
    """None for SQLite (the data directory's file); on PostgreSQL a database of the trial's own,
    not the one pytest-django tests in."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"garrison_trial_{secrets.token_hex(4)}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """urllib with a cookie jar, sending Django's CSRF token as a form does."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.url

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, bytes, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.url


def test_the_trial_stack_serves_signs_in_and_runs_an_export_on_a_redis_worker(
    tmp_path, database_url
):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GARRISON_", "DJANGO_"))
        and key not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}
    }
    env.update(
        GARRISON_SERVE_SETUP="0",
        GARRISON_DATA_DIR=str(data_dir),
        GARRISON_BIND=f"127.0.0.1:{port}",
        GARRISON_WEB_WORKERS="2",
        GARRISON_TASK_WORKERS="2",
        GARRISON_LOG_FORMAT="json",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    log_path = tmp_path / "serve.log"
    log = log_path.open("wb")
    stack = subprocess.Popen(
        [str(PROJECT_DIR / "scripts" / "serve")],
        cwd=PROJECT_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a Ctrl+C in pytest's terminal is not sent to it
    )

    def shown() -> str:
        log.flush()
        return log_path.read_text(errors="replace")[-6000:]

    try:
        # --- ready: every check of /readyz passes ------------------------------------------
        browser = Browser(base)
        deadline = time.monotonic() + READY_SECONDS
        status, body = 0, b""
        while time.monotonic() < deadline:
            assert stack.poll() is None, f"scripts/serve ended ({stack.returncode}):\n{shown()}"
            try:
                status, body, _url = browser.get("/readyz")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status = 0
            if status == 200:
                break
            time.sleep(1)
        assert status == 200, f"/readyz answered {status} {body!r}\n{shown()}"
        checks = json.loads(body)["checks"]
        assert checks["tasks"]["detail"].startswith("Redis answers"), checks
        assert checks["static"]["detail"] == "manifest present", checks

        # --- a user to sign in as --------------------------------------------------------------
        user_env = {
            **env,
            "GARRISON_DEBUG": "off",
            "GARRISON_SECRET_KEY": (data_dir / "secret_key").read_text().strip(),
            "DJANGO_SUPERUSER_USERNAME": "trial",
            "DJANGO_SUPERUSER_EMAIL": "trial@example.invalid",
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        }
        made = subprocess.run(
            [sys.executable, "-m", "garrison", "createsuperuser", "--noinput"],
            cwd=PROJECT_DIR,
            env=user_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr

        # --- sign in over HTTP ---------------------------------------------------------------
        status, body, _url = browser.get("/accounts/login/")
        assert status == 200
        # the page names its files by the manifest's hashed names, served compressed
        css = re.search(rb'href="(/static/vendor/bootstrap/css/bootstrap\.min\.\w+\.css)"', body)
        assert css, body[:2000]
        request = urllib.request.Request(base + css.group(1).decode())
        request.add_header("Accept-Encoding", "br, gzip")
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Content-Encoding"] in ("br", "gzip")
            assert "immutable" in response.headers["Cache-Control"]
        status, body, url = browser.post(
            "/accounts/login/", {"username": "trial", "password": PASSWORD}
        )
        assert status == 200 and "/accounts/login/" not in url, body[:2000]

        # --- an export a Redis worker builds ---------------------------------------------------
        status, body, url = browser.get("/people/export/?format=xlsx")
        assert status == 200, body[:2000]
        job = re.search(r"/exports/(\d+)/$", url)
        assert job, f"the export did not lead to its job's page: {url}"
        download = f"/exports/{job.group(1)}/download/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, body, _url = browser.get(download)
            if status == 200:
                break
            assert status == 404, (status, body[:500])
            time.sleep(0.5)
        assert status == 200, f"the worker did not build the export in time\n{shown()}"
        assert body[:2] == b"PK"  # an .xlsx is a zip archive
        # a task worker, not the web server, built it
        worker_lines = [
            line
            for line in log_path.read_bytes().splitlines()
            if b'"logger": "rq.worker"' in line and b"build_export" in line
        ]
        assert worker_lines, shown()

        # --- SIGTERM stops everything it started ---------------------------------------------
        started = processes_of(data_dir, log_path)
        assert "redis-server" in started.values(), started
        assert sum("gunicorn" in cmd for cmd in started.values()) >= 3, started  # master + 2
        assert sum("rqworker" in cmd for cmd in started.values()) >= 2, started
        stack.send_signal(signal.SIGTERM)
        assert stack.wait(timeout=60) == 0, shown()
        deadline = time.monotonic() + 10
        while processes_of(data_dir, log_path) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = processes_of(data_dir, log_path)
        assert not left, f"left running: {left}\n{shown()}"
    finally:
        if stack.poll() is None:
            stack.send_signal(signal.SIGTERM)
            try:
                stack.wait(timeout=60)
            except subprocess.TimeoutExpired:
                stack.kill()
        for pid in processes_of(data_dir, log_path):  # never leave the test's own processes behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        log.close()
