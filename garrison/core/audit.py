"""Audit of reads and exports of personal data (changes are logged by django-auditlog's
signals). Both land in auditlog's LogEntry table, so one log answers "who saw or changed what"."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models


def _remote_addr(request: Any) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def _clean(value: Any) -> Any:
    """The request's filters as the log keeps them, structure and types unchanged, without NUL
    characters (PostgreSQL's JSON holds none)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def log_read(*, actor: Any, instance: models.Model, request: Any = None) -> LogEntry:
    """Record that `actor` opened the detail of `instance`."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_pk=str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=str(instance)[:200],
        action=LogEntry.Action.ACCESS,
        actor=actor if getattr(actor, "pk", None) else None,
        remote_addr=_remote_addr(request),
        changes={},
        additional_data={"kind": "read"},
    )


def log_export(
    *,
    actor: Any,
    model: type[models.Model],
    count: int,
    fmt: str,
    filters: dict,
    request: Any = None,
) -> LogEntry:
    """Record that `actor` exported `count` rows of `model` with these filters."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=f"export of {count} {model._meta.verbose_name_plural}",
        action=LogEntry.Action.ACCESS,
        actor=actor if getattr(actor, "pk", None) else None,
        remote_addr=_remote_addr(request),
        changes={},
        additional_data={
            "kind": "export",
            "format": fmt,
            "rows": count,
            "filters": _clean(filters),
        },
    )


def log_list(
    *, actor: Any, model: type[models.Model], ids: list[Any], filters: dict, request: Any = None
) -> LogEntry:
    """Record that `actor` read a page of `model`'s rows (personal data): one row per request,
    naming the records shown, so the province can see who read whose data."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=f"list of {len(ids)} {model._meta.verbose_name_plural}",
        action=LogEntry.Action.ACCESS,
        actor=actor if getattr(actor, "pk", None) else None,
        remote_addr=_remote_addr(request),
        changes={},
        additional_data={"kind": "list", "rows": len(ids), "ids": ids, "filters": _clean(filters)},
    )
