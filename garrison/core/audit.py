"""Audit of reads and exports of personal data (changes are logged by django-auditlog's
signals). Both land in auditlog's LogEntry table, so one log answers "who saw or changed what".

Each read names, besides who and when, whose data it was (`additional_data`):
- `provinces`: the provinces the records read belong to, written ",12,45," so that a province's
  view of the log is one portable lookup (`reads_in_province`); "*" for a nationwide export;
- `persons`: the people the records are about, ",7,8,", for "who read this person's data";
both computed with at most one query per request (the page's rows are at hand)."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


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


NATIONWIDE = "*"


def _joined(values: Any) -> str:
    ids = sorted({int(v) for v in values if v is not None})
    return f",{','.join(map(str, ids))}," if ids else ""


def _province_path(model: type[models.Model]) -> str | None:
    return getattr(model, "scope_province_path", None)


def subject_path(model: type[models.Model]) -> str | None:
    """The path from a row to the person it is about: the configuration's `audit_subject`, or
    the row's own `person` field."""
    from .registry import config_for_model

    config = config_for_model(model)
    if config is not None and config.audit_subject:
        return config.audit_subject
    names = {f.name for f in model._meta.concrete_fields}
    return "person_id" if "person" in names else None


def whose(model: type[models.Model], pks: list[Any]) -> dict[str, str]:
    """The provinces and people that the rows `pks` of `model` are about (one query)."""
    paths = [p for p in (_province_path(model), subject_path(model)) if p]
    if not pks or not paths:
        return {}
    rows = list(model._default_manager.filter(pk__in=pks).values_list(*paths))
    found: dict[str, str] = {}
    if _province_path(model):
        found["provinces"] = _joined(row[0] for row in rows)
    if subject_path(model):
        found["persons"] = _joined(row[-1] for row in rows)
    return found


def reads_in_province(province_id: int) -> Any:
    """The filter of reads of data that belongs to a province (nationwide exports included)."""
    return Q(additional_data__provinces__icontains=f",{int(province_id)},") | Q(
        additional_data__provinces=NATIONWIDE
    )


def reads_about_person(person_id: int) -> Any:
    return Q(additional_data__persons__icontains=f",{int(person_id)},")


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
        additional_data={"kind": "read", **whose(type(instance), [instance.pk])},
    )


def log_export(
    *,
    actor: Any,
    model: type[models.Model],
    count: int,
    fmt: str,
    filters: dict,
    request: Any = None,
    queryset: models.QuerySet | None = None,
) -> LogEntry:
    """Record that `actor` exported `count` rows of `model` with these filters; `queryset`,
    the rows exported, names the provinces they belong to (one query), else the export counts
    as nationwide for a national user and as the user's own province otherwise."""
    provinces = _export_provinces(actor, model, queryset)
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
            "provinces": provinces,
        },
    )


def _export_provinces(actor: Any, model: type[models.Model], queryset: Any) -> str:
    path = _province_path(model)
    if queryset is not None and path:
        return _joined(queryset.order_by().values_list(path, flat=True).distinct())
    scope = getattr(actor, "scope", None)
    if scope is not None and scope.province_id is not None:
        return _joined([scope.province_id])
    return NATIONWIDE


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
        additional_data={
            "kind": "list",
            "rows": len(ids),
            "ids": ids,
            "filters": _clean(filters),
            **whose(model, ids),
        },
    )


def reads_visible_to(user: Any) -> models.QuerySet:
    """The audit rows of reads (opened, listed, exported) that `user` may see: all of them for
    the nation, those about a province's data for the province, none otherwise."""
    from .permissions import can_view_reads
    from .scoping import scope_of

    reads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS)
    if not can_view_reads(user):
        return reads.none()
    scope = scope_of(user)
    if scope is not None and scope.province_id is not None:
        reads = reads.filter(reads_in_province(scope.province_id))
    return reads.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def filter_reads(
    reads: models.QuerySet,
    *,
    who: str = "",
    kind: str = "",
    model: type[models.Model] | None = None,
    person: int | None = None,
    since: Any = None,
    until: Any = None,
) -> models.QuerySet:
    """Narrow the reads: by the reader's username or name, the kind of read, the register,
    the person the data is about and the days (inclusive)."""
    if who:
        reads = reads.filter(Q(actor__username__icontains=who) | Q(actor__full_name__icontains=who))
    if kind:
        reads = reads.filter(additional_data__kind=kind)
    if model is not None:
        reads = reads.filter(content_type=ContentType.objects.get_for_model(model))
    if person:
        reads = reads.filter(reads_about_person(person))
    if since:
        reads = reads.filter(timestamp__date__gte=since)
    if until:
        reads = reads.filter(timestamp__date__lte=until)
    return reads


def log_bulk_updates(
    pairs: list[tuple[models.Model, models.Model]], *, fields: list[str], actor: Any
) -> int:
    """The audit entries of rows written with `bulk_update` (which sends no signal): for each
    (row as it was, row as saved), the same UPDATE entry django-auditlog's signal would write
    for a `save(update_fields=fields)` by `actor`, a row with no change getting none; all in one
    INSERT. Returns how many entries were written."""
    from auditlog.diff import model_instance_diff
    from django.conf import settings

    entries = []
    for old, new in pairs:
        changes = model_instance_diff(
            old,
            new,
            fields_to_check=fields,
            use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
        )
        if not changes:
            continue
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(type(new)),
                object_pk=str(new.pk),
                object_id=new.pk if isinstance(new.pk, int) else None,
                object_repr=str(new),
                action=LogEntry.Action.UPDATE,
                changes=changes,
                actor=actor if getattr(actor, "pk", None) else None,
                actor_email=getattr(actor, "email", None) or None,
            )
        )
    LogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
