"""The replica tests run against a real PostgreSQL primary and its streaming hot standby
(`scripts/replica start DIR`; scripts/test does it): DATABASE_URL names the primary,
DATABASE_REPLICA_URL the standby, and GARRISON_TEST_REPLICA=1 says they are such a pair.
Otherwise every test here is skipped, with that reason.

pytest-django creates the test database on the primary; the standby replays it like any other
write. Settings make the `replica` connection a test mirror of `default` (same database name);
here it is pointed back at the standby's host and port. The tests are transactional
(`transaction=True`): rows inside a test's open transaction never reach the standby."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

import dj_database_url
import pytest
from django.conf import settings
from django.db import connections

WANTED = os.environ.get("GARRISON_TEST_REPLICA") == "1"
SKIP_REASON = (
    "needs a PostgreSQL primary and its streaming replica: start them with "
    "`scripts/replica start DIR` and set DATABASE_URL, DATABASE_REPLICA_URL (the URLs it prints) "
    "and GARRISON_TEST_REPLICA=1 (scripts/test does this)"
)


def pair_configured() -> bool:
    return (
        WANTED
        and "replica" in settings.DATABASES
        and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    )


def pytest_collection_modifyitems(config, items):
    if pair_configured():
        return
    here = os.path.dirname(__file__)
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def standby(request):
    """Point the `replica` connection at the standby (the test database's name, the standby's
    host and port) and check it is one."""
    if not pair_configured():
        yield None
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    target = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    replica = connections["replica"]
    replica.close()
    default = connections["default"].settings_dict
    replica.settings_dict = {
        **default,
        **{key: target[key] for key in ("HOST", "PORT", "USER", "PASSWORD")},
        "TEST": {**default["TEST"], "MIRROR": "default"},  # never flushed: it is read-only
    }
    with blocker.unblock(), replica.cursor() as cursor:
        cursor.execute("select pg_is_in_recovery()")
        if not cursor.fetchone()[0]:
            pytest.fail(f"DATABASE_REPLICA_URL ({target['PORT']}) is not a standby server")
    yield replica
    replica.close()


def wait_for_replica(timeout: float = 20.0) -> None:
    """Wait until the standby has replayed everything the primary wrote so far."""
    with connections["default"].cursor() as cursor:
        # the insert position: with asynchronous commit the last commits may not be written yet
        cursor.execute("select pg_current_wal_insert_lsn()")
        (lsn,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with connections["replica"].cursor() as cursor:
        while True:
            cursor.execute("select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [lsn])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the standby did not replay {lsn} in {timeout} s")
            time.sleep(0.02)


@contextmanager
def replay_paused():
    """The standby stops replaying for the block: whatever the primary writes meanwhile is
    missing on it (a lagging replica, made certain)."""
    wait_for_replica()
    with connections["replica"].cursor() as cursor:
        cursor.execute("select pg_wal_replay_pause()")
        # 'pause requested' until the next record arrives; either way none is replayed now
        cursor.execute("select pg_get_wal_replay_pause_state()")
        assert cursor.fetchone()[0] in ("paused", "pause requested")
    try:
        yield
    finally:
        with connections["replica"].cursor() as cursor:
            cursor.execute("select pg_wal_replay_resume()")
