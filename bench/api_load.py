"""How the read API holds under load, served by gunicorn as in production.

    python -m bench.api_load [--scale small|national] [--database URL]

The bench issues an API token to a province staff user of the shared synthetic nation (see
below), then starts
gunicorn on 127.0.0.1 (`garrison.wsgi`, sync workers, 2 × cores + 1 of them, DEBUG off with a
secret key and ALLOWED_HOSTS from the environment) and drives it from this process with a
bounded client: C threads, each with its own `http.client` connection (kept alive when the
server allows it: gunicorn's sync workers close it after each answer, so each request also
connects), sending requests back to back for a fixed time (national) or a fixed number of
requests (small). Three addresses are driven one after another:
- the list: `GET /api/people?limit=50` with the token (the province's people, by name, a page
  of 50 and the count);
- the detail: `GET /api/people/<id>` with the token, a different person each time (the read of
  a person's data is written to the audit log: that write is part of what is measured);
- the baseline, a trivial Django view on the same server: `GET /healthz` (core.health, the
  liveness probe), which goes through the whole middleware stack and answers a small JSON body
  without a template or a query.
On PostgreSQL it also says how many times the token row was updated while driving (its
statistics): each read used to UPDATE the token's last_used_at. For each address: requests
per second, p50 and p99 latency, and the errors (a status other than the expected one, or a
failed connection). The figures of the list and the detail are given
against the baseline's (requests per second as a fraction of the baseline's; the latencies as a
multiple of its latencies).

The people are the nation of `bench.dataset` (built once, or found built, in the database
given by `--database` or DATABASE_URL): at `national` 10,000,000 people in 34 provinces; the
token's user is the staff of the province with the most people (its list counts — at most
10,000 past the page, `core.paging` — and sorts some 600,000), driven for 20 seconds per
address by 16 connections; `small` is that bench's small nation (20,000 people, on SQLite
unless told), 300 requests per address by 4 connections.

    python -m bench.api_load --scale national --database postgres://…/garrison_national
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._common import figure, progress

ROOT = Path(__file__).resolve().parent.parent
BASELINE_PATH = "/healthz"  # the liveness probe: no query, no template


@dataclass(frozen=True)
class Scale:
    connections: int
    seconds: float | None  # drive for this long, or
    requests: int | None  # this many requests per address


SCALES = {
    "small": Scale(connections=4, seconds=None, requests=300),
    "national": Scale(connections=16, seconds=20.0, requests=None),
}


@dataclass
class Built:
    token: str = ""
    person_ids: list[int] = field(default_factory=list)


def prepare(dataset: Any) -> Built:
    """A token for the staff of the province with the most people, and some of its people."""
    from django.db.models import Count

    from garrison.accounts.models import ApiToken, User
    from garrison.accounts.rules import Role
    from garrison.people.models import Person

    biggest = (
        Person.objects.values("province_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("province_id", flat=True)
        .first()
    )
    user, _new = User.objects.get_or_create(
        username="bench-api-province",
        defaults={"role": Role.PROVINCE_STAFF, "province_id": biggest},
    )
    _token, key = ApiToken.issue(user, "bench")
    ids = list(Person.objects.filter(province_id=biggest).values_list("pk", flat=True)[:50_000])
    people = Person.objects.filter(province_id=biggest).count()
    progress(f"the token's user: staff of the province with the most people ({people:,})")
    return Built(token=key, person_ids=random.Random(2026).sample(ids, min(5000, len(ids))))


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    from django.db import connection

    env = dict(os.environ)
    env.update(
        GARRISON_DEBUG="0",
        GARRISON_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="garrison.settings",
        PYTHONPATH=str(ROOT),
    )
    connection.close()  # the workers open their own
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "garrison.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", BASELINE_PATH)
            conn.getresponse().read()
            conn.close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# --- the client -----------------------------------------------------------------------------------


@dataclass
class Result:
    latencies: list[float]
    errors: int
    seconds: float

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def drive(port: int, scale: Scale, paths: Any, headers: dict[str, str], expect: int) -> Result:
    """`scale.connections` threads sending GET `paths()` back to back until the time or the
    request count is spent; only answers with the status `expect` count as done."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]
    budget = [scale.requests or 0]
    deadline = [0.0]

    def more() -> bool:
        if scale.seconds is not None:
            return time.perf_counter() < deadline[0]
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        failed = 0
        while more():
            start = time.perf_counter()
            try:
                conn.request("GET", paths(), headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == expect
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            if ok:
                mine.append(time.perf_counter() - start)
            else:
                failed += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(scale.connections)]
    started = time.perf_counter()
    deadline[0] = started + (scale.seconds or 0)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result(latencies, errors[0], time.perf_counter() - started)


def token_writes() -> int | None:
    """Rows of the token table updated so far (PostgreSQL's statistics; None on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    time.sleep(1.5)  # the servers' statistics reach the collector within a second
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'accounts_apitoken'"
        )
        row = cursor.fetchone()
    connection.close()
    return row[0] if row else 0


def measure(dataset: Any, repeat: int = 1) -> None:
    scale = SCALES[dataset.scale]
    built = prepare(dataset)
    workers = 2 * (os.cpu_count() or 1) + 1
    port = free_port()
    progress(f"starting gunicorn with {workers} sync workers on 127.0.0.1:{port}")
    server = start_gunicorn(port, workers)
    try:
        auth = {"Authorization": f"Bearer {built.token}", "Accept": "application/json"}
        rng = random.Random(7)
        ids = built.person_ids
        warm = Scale(scale.connections, None, 4 * workers)
        targets = [
            ("baseline GET " + BASELINE_PATH, lambda: BASELINE_PATH, {}, 200),
            ("list GET /api/people", lambda: "/api/people?limit=50", auth, 200),
            ("detail GET /api/people/<id>", lambda: f"/api/people/{rng.choice(ids)}", auth, 200),
        ]
        results: dict[str, Result] = {}
        writes_before = token_writes()
        for name, paths, headers, expect in targets:
            drive(port, warm, paths, headers, expect)  # every worker warm
            progress(f"driving {name}")
            results[name] = result = drive(port, scale, paths, headers, expect)
            print(
                f"{name}: {len(result.latencies):,} answered, {result.errors} errors "
                f"in {result.seconds:.1f} s by {scale.connections} connections "
                f"({result.rate:.1f} requests/s, p50 {1000 * result.percentile(50):.1f} ms, "
                f"p99 {1000 * result.percentile(99):.1f} ms)"
            )
            if result.errors:
                print(f"ERRORS {name}: {result.errors}")
        writes = token_writes()
        if writes is not None and writes_before is not None:
            answered = sum(len(r.latencies) for r in results.values())
            print(
                f"API token rows updated while driving: {writes - writes_before:,} "
                f"for {answered:,} requests (PostgreSQL statistics, last_used_at)"
            )
        base = results[targets[0][0]]
        for name, *_rest in targets[1:]:
            r = results[name]
            figure(f"{name} requests per second", r.rate, "req/s", base.rate, fmt="{:.1f}")
            figure(
                f"{name} p50 latency",
                1000 * r.percentile(50),
                "ms",
                1000 * base.percentile(50),
                fmt="{:.1f}",
            )
            figure(
                f"{name} p99 latency",
                1000 * r.percentile(99),
                "ms",
                1000 * base.percentile(99),
                fmt="{:.1f}",
            )
        print(
            "errors: "
            + ", ".join(f"{name} {r.errors}" for name, r in results.items())
            + f" (workers {workers}, cores {os.cpu_count()})"
        )
    finally:
        stop(server)


def main() -> None:
    from bench.dataset import main_on_dataset

    main_on_dataset(__doc__.splitlines()[0], measure)


if __name__ == "__main__":
    main()
