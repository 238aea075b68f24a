"""/healthz and /readyz: open to a probe without signing in, never cached, and /readyz names
the check that fails with 503."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from garrison.core import health


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_it_is_alive_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert len(queries) == 0
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_it_is_ready_when_every_check_passes(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert {"database", "migrations", "cache", "tasks", "static"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_is_not_ready_when_the_cache_is_down_and_says_so(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["checks"]["cache"]["ok"] is False
    assert "ConnectionError" in body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_it_is_not_ready_when_the_redis_queue_is_down(client, settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503, body
    assert body["checks"]["tasks"]["ok"] is False
    assert "ConnectionError" in body["checks"]["tasks"]["detail"]


@pytest.mark.django_db
def test_it_is_not_ready_without_the_static_manifest(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    body = client.get("/readyz").json()
    assert body["status"] == "failing"
    assert body["checks"]["static"]["ok"] is False
    assert "collectstatic" in body["checks"]["static"]["detail"]


@pytest.mark.django_db
def test_it_is_not_ready_with_a_migration_unapplied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    from django.db.migrations.executor import MigrationExecutor

    real_plan = MigrationExecutor.migration_plan
    unapplied = []

    def plan(self, targets, clean_start=False):
        found = real_plan(self, targets, clean_start)
        if not unapplied:
            migration = self.loader.graph.nodes[("people", "0001_initial")]
            unapplied.append((migration, False))
        return found + unapplied

    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan)
    body = client.get("/readyz").json()
    assert body["checks"]["migrations"] == {
        "ok": False,
        "detail": "RuntimeError: 1 migrations not applied (people.0001_initial): run migrate",
    }
