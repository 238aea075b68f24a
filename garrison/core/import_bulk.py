"""Writing an import's rows a batch at a time: `BulkWriter`.

The apply of an import writes each batch of checked rows with ONE `bulk_create` (the new
records) and ONE `bulk_update` (the changed ones) inside the import's transaction, instead of a
`save()` per row, and writes their audit entries with one `bulk_create` of django-auditlog's
LogEntry, each with exactly what auditlog's own signal would have written for that save (the
same diff, `auditlog.diff.model_instance_diff`, the same actor, address and correlation id),
so a person's history reads the same whichever way the row came in.

Only a register whose saves have no side effect beyond the row may be written this way
(`bulk_capable`): its configuration keeps the generic `create`, `update` and `after_save`, its
form has no many-to-many field, and its model says what its `save()` derives from the row with
`prepare_save()` (or has no `save()` of its own). Any other register is saved row by row
through its hooks, as its add and edit pages save it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from auditlog.context import auditlog_disabled, auditlog_value
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .registry import ModelConfig
from .versioning import VersionedModel

#: rows per INSERT/UPDATE statement (SQLite's and PostgreSQL's parameter limits stay far off)
WRITE_ROWS = 500


def bulk_capable(config: type[ModelConfig], form_class: type) -> bool:
    """Whether `config`'s rows may be written in bulk (see the module's docstring)."""
    for hook in ("create", "update", "after_save"):
        if getattr(config, hook).__func__ is not getattr(ModelConfig, hook).__func__:
            return False
    model = config.model
    form_fields = getattr(form_class._meta, "fields", None) or []
    if any(f.name in form_fields for f in model._meta.many_to_many):
        return False
    own_save = any("save" in vars(cls) for cls in model.__mro__ if _is_app_model(cls))
    return hasattr(model, "prepare_save") or not own_save


def _is_app_model(cls: type) -> bool:
    """A class of the project's apps (not core's base models, not Django's)."""
    module = getattr(cls, "__module__", "")
    return module.startswith("garrison.") and not module.startswith("garrison.core.")


@dataclass
class Pending:
    """A checked row waiting for its batch's write: `before` is the record as read (None for a
    new one), `obj` the record as the row leaves it."""

    line: int
    key: str
    before: models.Model | None
    obj: models.Model


class BulkWriter:
    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in {"version", "created_at"}
        ]
        self.auto_now = [f for f in self.fields if getattr(f, "auto_now", False)]
        self.audited = auditlog.contains(model)

    def write(self, rows: list[Pending]) -> tuple[list[Pending], list[Pending]]:
        """Insert the new records and update the changed ones of a batch; returns them."""
        created = [p for p in rows if p.before is None]
        updated = [p for p in rows if p.before is not None]
        for pending in rows:
            prepare = getattr(pending.obj, "prepare_save", None)
            if prepare is not None:
                prepare()
        if created:
            self.model._default_manager.bulk_create(
                [p.obj for p in created], batch_size=WRITE_ROWS
            )
            for pending in created:
                pending.obj._state.adding = False
        if updated:
            now = timezone.now()
            for pending in updated:
                for field in self.auto_now:
                    setattr(pending.obj, field.attname, now)
            manager = self.model._default_manager
            manager.bulk_update(
                [p.obj for p in updated], [f.name for f in self.fields], batch_size=WRITE_ROWS
            )
        if self.audited and not auditlog_disabled.get():
            self.audit(created, LogEntry.Action.CREATE)
            self.audit(updated, LogEntry.Action.UPDATE)
        return created, updated

    def audit(self, rows: Iterable[Pending], action: int) -> None:
        """One LogEntry per row that changed, as auditlog's post_save receiver writes it."""
        from auditlog.cid import get_cid

        context = auditlog_value.get({})
        actor = context.get("actor")
        content_type = ContentType.objects.get_for_model(self.model)
        cid = get_cid()
        entries = []
        for pending in rows:
            changes = model_instance_diff(pending.before, pending.obj)
            if not changes:
                continue
            pk = pending.obj.pk
            entries.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(pk),
                    object_id=pk if isinstance(pk, int) else None,
                    object_repr=str(pending.obj),
                    serialized_data=LogEntry.objects._get_serialized_data_or_none(pending.obj),
                    action=action,
                    changes=changes,
                    actor=actor,
                    actor_email=getattr(actor, "email", None) if actor is not None else None,
                    remote_addr=context.get("remote_addr"),
                    remote_port=context.get("remote_port"),
                    cid=cid,
                    additional_data=_additional_data(pending.obj),
                )
            )
        LogEntry.objects.bulk_create(entries, batch_size=WRITE_ROWS)


def _additional_data(obj: models.Model) -> Any:
    get = getattr(obj, "get_additional_data", None)
    return get() if callable(get) else None


def versioned(model: type[models.Model]) -> bool:
    return issubclass(model, VersionedModel)
