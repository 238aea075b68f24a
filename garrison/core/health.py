"""Liveness and readiness, for a load balancer, systemd or a monitoring probe.

- `/healthz` answers 200 as long as the process serves requests: it touches neither the
  database nor the cache, so a database outage does not make a supervisor restart every web
  worker (restarting would not mend it).
- `/readyz` checks what a request needs: the database (and the replica when one is set), its
  migrations all applied, the cache, the task queue and, in production, the static files'
  manifest. It answers 200 when all pass and 503 when any fails, naming it:
  `{"status": "ok"|"failing", "checks": {"database": {"ok": true, "detail": "…"}, …}}`.

Both are open without signing in, read no session and are never cached. Their messages are
for operators and stay in English, like the server's logs. A failing check's detail carries the
exception's class and message: keep `/readyz` behind the reverse proxy (docs/operations.md).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.cache import cache
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

Check = Callable[[], str]

#: set once every migration was found applied: a process never sees one unapplied again (a
#: release with new migrations restarts the workers), and loading the migration graph costs
#: a few hundred milliseconds
_migrated = False


@never_cache
@require_safe
def liveness(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readiness(request: HttpRequest) -> JsonResponse:
    results = {name: _run(check) for name, check in checks().items()}
    ok = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if ok else "failing", "checks": results}, status=200 if ok else 503
    )


def checks() -> dict[str, Check]:
    found: dict[str, Check] = {
        "database": lambda: _select_one("default"),
        "migrations": _migrations,
        "cache": _cache,
    }
    if "replica" in settings.DATABASES:
        found["replica"] = lambda: _select_one("replica")
    found["tasks"] = _task_queue
    found["static"] = _static_manifest
    return found


def _run(check: Check) -> dict[str, object]:
    try:
        return {"ok": True, "detail": check()}
    except Exception as exc:  # any failure is the answer, named
        message = " ".join(str(exc).split())[:300]
        return {"ok": False, "detail": f"{type(exc).__name__}: {message}"}


def _select_one(alias: str) -> str:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return f"{connection.vendor} answers"


def _migrations() -> str:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connections["default"])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
            more = f" and {len(plan) - 5} more" if len(plan) > 5 else ""
            raise RuntimeError(f"{len(plan)} migrations not applied ({names}{more}): run migrate")
        _migrated = True
    return "all applied"


def _cache() -> str:
    key = f"garrison:readyz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            raise RuntimeError("a value written to the cache was not read back")
    finally:
        cache.delete(key)
    return f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]} writes and reads"


def _task_queue() -> str:
    from django_tasks import task_backends

    backend = task_backends["default"]
    kind = type(backend).__name__
    if kind == "RQBackend":
        import django_rq

        for queue in sorted(backend.queues):
            django_rq.get_connection(queue).ping()
        return f"Redis answers (queues: {', '.join(sorted(backend.queues))})"
    if kind == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
        return "the database queue is reachable"
    return f"{kind}: tasks run without a queue"


def _static_manifest() -> str:
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return "served from the finders (DEBUG)"
    if not storage.manifest_storage.exists(storage.manifest_name):
        raise RuntimeError(
            f"{storage.manifest_name} is missing from {settings.STATIC_ROOT}: "
            "run collectstatic --noinput"
        )
    return "manifest present"
