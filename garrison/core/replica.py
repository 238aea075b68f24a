"""Reads from a streaming read replica (`DATABASE_REPLICA_URL`, settings' `replica` database).

Only the reads that opt in go to the replica: dashboards, roll-ups and exports run inside
`replica_reads()` (a context manager and a decorator; `ReplicaReadsMixin` for class-based views).
Everything else reads from the primary, and so does, whatever opted in:
- any read of the sign-in, session, account, lockout (axes), audit and job tables (PRIMARY_APPS,
  PRIMARY_MODELS): who may see what, and a job's progress, must never lag;
- any read inside a transaction on the primary (it must see its own writes);
- everything in a request that is not a GET/HEAD, or once the request wrote anything (a write is
  seen by an execute wrapper on the primary's connection), so a page shows what it just saved;
- a user's next requests for GARRISON_REPLICA_STICKY_SECONDS after a request of theirs wrote
  (`ReplicaMiddleware` sets a short cookie): the replica may lag the primary by a moment, and a
  user must see their own write on the page they are sent to next.
Writes always go to the primary (a hot standby refuses them anyway). With no replica configured
the router is not installed and `replica_reads()` changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
#: the cookie that keeps a user who just wrote on the primary for a few seconds
STICKY_COOKIE = "garrison_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: apps whose tables are always read from the primary: sign-in, sessions, users and their
#: scopes, lockouts, the audit trail and the task queue
PRIMARY_APPS = frozenset(
    {
        "auth",
        "sessions",
        "contenttypes",
        "admin",
        "axes",
        "auditlog",
        "accounts",
        "django_tasks_database",
    }
)
#: models read from the primary whatever the view: jobs whose progress the page polls, and the
#: idempotency keys of submissions
PRIMARY_MODELS = frozenset({"core.importjob", "core.exportjob", "core.submissionkey"})

_WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|TRUNCATE|COPY|GRANT|REVOKE)\b"
    r"|\bFOR\s+(NO\s+KEY\s+)?UPDATE\b|\bFOR\s+SHARE\b",
    re.IGNORECASE,
)


@dataclass
class ReadState:
    """What the current request (or task) allows: `pinned` when it must read from the primary
    from the start (not a GET, or the sticky cookie), `wrote` once it wrote anything."""

    pinned: bool = False
    wrote: bool = False

    @property
    def on_primary(self) -> bool:
        return self.pinned or self.wrote


_state: ContextVar[ReadState | None] = ContextVar("garrison_replica_state", default=None)
_allowed: ContextVar[bool] = ContextVar("garrison_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def is_write(sql: str) -> bool:
    """Whether the statement `sql` changes data (or locks rows to change them)."""
    return bool(_WRITE.search(sql))


def _observer(state: ReadState) -> Callable[..., Any]:
    def observe(execute, sql, params, many, context):
        if not state.wrote and isinstance(sql, str) and is_write(sql):
            state.wrote = True
        return execute(sql, params, many, context)

    return observe


@contextmanager
def watching_writes(state: ReadState) -> Iterator[ReadState]:
    """Mark `state.wrote` when anything in the block writes to the primary."""
    with connections[DEFAULT_DB_ALIAS].execute_wrapper(_observer(state)):
        yield state


def current_state() -> ReadState | None:
    return _state.get()


def reads_from_replica() -> bool:
    """Whether a read of a domain table made now goes to the replica."""
    if not _allowed.get() or not replica_configured():
        return False
    state = _state.get()
    if state is not None and state.on_primary:
        return False
    return not connections[DEFAULT_DB_ALIAS].in_atomic_block


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may come from the replica (a dashboard, a roll-up, an export's rows):
    until the block (or the request around it) writes, while no transaction is open on the
    primary. Usable as a decorator of a view or function (`@replica_reads()`)."""
    if not replica_configured():
        yield
        return
    allowed = _allowed.set(True)
    try:
        if _state.get() is not None:  # inside a request: ReplicaMiddleware watches its writes
            yield
            return
        state = ReadState()  # a task or a command: watch the block's own writes
        token = _state.set(state)
        try:
            with watching_writes(state):
                yield
        finally:
            _state.reset(token)
    finally:
        _allowed.reset(allowed)


class ReplicaReadsMixin:
    """For a class-based dashboard or roll-up view: its GET reads from the replica (the template
    is rendered inside, so lazy querysets a template evaluates read there too)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        with replica_reads():
            response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                response = render()
            return response


class ReplicaRouter:
    """Django's database router for the primary/replica pair (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        if reads_from_replica() and not _primary_only(model):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same rows on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema by itself


def _primary_only(model: type) -> bool:
    meta = model._meta  # type: ignore[attr-defined]
    return meta.app_label in PRIMARY_APPS or meta.label_lower in PRIMARY_MODELS


class ReplicaMiddleware:
    """Tracks whether a request wrote, and keeps a user who wrote on the primary for
    GARRISON_REPLICA_STICKY_SECONDS (a cookie), so the next page shows their own write even if
    the replica lags. Installed by settings only when DATABASE_REPLICA_URL is set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = ReadState(
            pinned=request.method not in SAFE_METHODS or STICKY_COOKIE in request.COOKIES
        )
        token = _state.set(state)
        try:
            with watching_writes(state):
                response = self.get_response(request)
        finally:
            _state.reset(token)
        seconds = settings.GARRISON_REPLICA_STICKY_SECONDS
        if seconds > 0 and (state.wrote or request.method not in SAFE_METHODS):
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
