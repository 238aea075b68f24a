"""gunicorn's configuration for Garrison: `gunicorn -c garrison/gunicorn_conf.py garrison.wsgi`.

Every value comes from the environment (docs/operations.md):

| variable | default | meaning |
|---|---|---|
| GARRISON_BIND | 127.0.0.1:8000 | where to listen, comma-separated (or `unix:/run/garrison.sock`) |
| GARRISON_WEB_WORKERS | 2 × cores + 1 | worker processes |
| GARRISON_WEB_THREADS | 1 | threads per worker (1: sync workers; more: gthread) |
| GARRISON_WEB_TIMEOUT | 120 | seconds a request may run before its worker is killed and replaced |
| GARRISON_WEB_MAX_REQUESTS | 1000 | a worker is replaced after this many requests (0: never) |
| GARRISON_FORWARDED_ALLOW_IPS | 127.0.0.1,::1 | proxies whose X-Forwarded-* headers are believed |
| GARRISON_ACCESS_LOG | on | one line per request on standard error |
| GARRISON_LOG_FORMAT | text | `json`: access and error lines as JSON objects (garrison.core.logs) |

Sync workers, one request at a time each: a worker holds one database connection and reuses it
across requests (CONN_MAX_AGE), so PostgreSQL sees at most `workers` connections per machine;
a page's time is mostly spent in the database and in Python (no long waits on other services
that threads or an event loop would overlap). Threads multiply connections (one per thread) and
share one interpreter lock.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from typing import Any

from gunicorn import glogging


def _int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name) or ""
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise SystemExit(f"{name}={value} is below the minimum {minimum}.")
    return value


def _on(name: str, default: bool) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SystemExit(f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, on/off.")


bind = [b.strip() for b in (os.environ.get("GARRISON_BIND") or "127.0.0.1:8000").split(",")]
workers = _int("GARRISON_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1, minimum=1)
threads = _int("GARRISON_WEB_THREADS", 1, minimum=1)
worker_class = "sync" if threads == 1 else "gthread"
# a request running longer is killed (its worker replaced); long work belongs to task workers
timeout = _int("GARRISON_WEB_TIMEOUT", 120, minimum=10)
# on SIGTERM or a reload, requests under way get this long to finish
graceful_timeout = 30
keepalive = 5  # gthread only: idle keep-alive connections from the proxy
# replacing each worker now and then bounds any slow growth of its memory; the jitter keeps
# the workers from being replaced all at once
max_requests = _int("GARRISON_WEB_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# the reverse proxy on this machine sets X-Forwarded-Proto/For; nobody else is believed
forwarded_allow_ips = os.environ.get("GARRISON_FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
# the workers' heartbeat files in memory, not on a disk that may stall
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "garrison"
# Django is loaded once in the master and the workers are forked from it: they start (and are
# replaced after max_requests) in milliseconds and share its memory. Nothing opens a database
# connection at import, so no connection is shared across the fork.
preload_app = True
# gunicorn's control socket (gunicornc) is not used; one per user at a fixed path would collide
# between two servers on one machine
control_socket_disable = True

JSON = (os.environ.get("GARRISON_LOG_FORMAT") or "text") == "json"
accesslog = "-" if _on("GARRISON_ACCESS_LOG", True) else None
errorlog = "-"
loglevel = (os.environ.get("GARRISON_LOG_LEVEL") or "info").lower()
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
)


class JsonLogger(glogging.Logger):
    """gunicorn's logger writing its error log and one access line per request as JSON objects
    (the same shape as the application's: garrison.core.logs.JsonFormatter)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        from garrison.core.logs import JsonFormatter

        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp: Any, req: Any, environ: dict, request_time: Any) -> None:
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        try:
            atoms = self.atoms(resp, req, environ, request_time)
            fields = {
                "remote_addr": atoms["h"],
                "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", ""),
                "method": atoms["m"],
                "path": atoms["U"],
                "query": atoms["q"],
                "status": resp.status_code,
                "bytes": getattr(resp, "sent", 0),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "referer": atoms["f"],
                "user_agent": atoms["a"],
            }
            self.access_log.info("%s %s %s", atoms["m"], atoms["U"], resp.status_code, extra=fields)
        except Exception:
            self.error("Failed to log the request %s", json.dumps(str(req)))


if JSON:
    logger_class = JsonLogger
