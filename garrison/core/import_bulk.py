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

import datetime
import json
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from auditlog.context import auditlog_disabled, auditlog_value
from auditlog.diff import (
    get_field_value,
    get_mask_function,
    is_primitive,
    model_instance_diff,
    track_field,
)
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.utils import timezone
from django.utils.encoding import smart_str

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
    if hasattr(model, "prepare_save"):
        return True
    # no save() of its own anywhere (the lock counter's is done by bulk_update itself)
    plain = (models.Model, VersionedModel)
    return not any("save" in vars(cls) for cls in model.__mro__ if cls not in plain)


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
        self.own = {f.name for f in model._meta.concrete_fields}
        # what auditlog.diff.model_instance_diff compares, as it filters it
        options = auditlog.get_model_fields(model) if self.audited else {}
        tracked = [f for f in model._meta.fields if track_field(f)]
        if options.get("include_fields"):
            tracked = [f for f in tracked if f.name in options["include_fields"]]
        if options.get("exclude_fields"):
            tracked = [f for f in tracked if f.name not in options["exclude_fields"]]
        self.tracked = tracked
        self.masked = set(options.get("mask_fields") or ())
        self.mask_callable = options.get("mask_callable")
        self.json = bool(settings.AUDITLOG_STORE_JSON_CHANGES)
        # the "before" of a creation: each field's default, read once (not a changing one)
        self.absent = {
            f.name: get_field_value(None, f, self.json)
            for f in tracked
            if not callable(getattr(f, "default", None))
        }
        self._relations: dict[str, Any] | None = None
        # a creation's diff, field by field, read straight off the row where auditlog's
        # `get_field_value` is a plain function of the attribute (`_plain_reader`); what a
        # record that did not exist reads as is the same for every row
        self.fast_creation = not self.json and not self.masked
        self.creation_fields = [
            (f, old, smart_str(old))
            for f in tracked
            for old in [self.absent[f.name] if f.name in self.absent else get_field_value(None, f)]
        ]
        self.readers = [_plain_reader(f) or _LastReading(f) for f in tracked]
        self.serialized = bool(
            self.audited and auditlog.get_serialize_options(model)["serialize_data"]
        )

    def write(self, rows: list[Pending]) -> tuple[list[Pending], list[Pending]]:
        """Insert the new records and update the changed ones of a batch; returns them."""
        created = [p for p in rows if p.before is None]
        updated = [p for p in rows if p.before is not None]
        for pending in rows:
            prepare = getattr(pending.obj, "prepare_save", None)
            if prepare is not None:
                prepare()
        if created:
            insert([p.obj for p in created], now=timezone.now())
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

    def diff(self, before: models.Model | None, obj: models.Model) -> dict[str, Any] | None:
        """auditlog's diff of the save (`auditlog.diff.model_instance_diff`), to the letter:
        the same fields (its include, exclude and mask options), each read with its own
        `get_field_value`. The fields are listed once per batch, not once per row, and for a
        creation the relations that point at the record (a new record has none: each reads the
        same for every row) are read once, from the batch's first creation."""
        if before is None and self._relations is None:
            full = model_instance_diff(None, obj) or {}
            self._relations = {k: v for k, v in full.items() if k not in self.own}
            return full or None
        if before is None and self.fast_creation:
            return self._creation(obj)
        changes: dict[str, Any] = {}
        for field in self.tracked:
            if before is None and field.name in self.absent:
                old = self.absent[field.name]  # what a record that did not exist reads as
            else:
                old = get_field_value(before, field, self.json)
            new = get_field_value(obj, field, self.json)
            if old == new:
                continue
            if field.name in self.masked:
                mask = get_mask_function(self.mask_callable)
                changes[field.name] = (mask(smart_str(old)), mask(smart_str(new)))
            elif not self.json:
                changes[field.name] = (smart_str(old), smart_str(new))
            else:
                old = old if is_primitive(old) else smart_str(old)
                new = new if is_primitive(new) else smart_str(new)
                changes[field.name] = (old, new)
        if before is None:
            changes.update(self._relations or {})
        return changes or None

    def _creation(self, obj: models.Model) -> dict[str, Any] | None:
        """The diff of a creation with text changes and no masked field: what the loop of
        `diff` gives (each field's value as `get_field_value` reads it, against what a record
        that did not exist reads as), each plain field read off the row without the call."""
        changes: dict[str, Any] = {}
        values = obj.__dict__
        for (field, old, old_text), reader in zip(self.creation_fields, self.readers, strict=True):
            new = reader[1](values[reader[0]]) if type(reader) is tuple else reader(obj)
            if old == new:
                continue
            changes[field.name] = (old_text, new if type(new) is str else smart_str(new))
        changes.update(self._relations or {})
        return changes or None

    def audit(self, rows: Iterable[Pending], action: int) -> None:
        """One LogEntry per row that changed, as auditlog's post_save receiver writes it."""
        from auditlog.cid import get_cid

        context = auditlog_value.get({})
        actor = context.get("actor")
        content_type = ContentType.objects.get_for_model(self.model)
        cid = get_cid()
        if not isinstance(actor, get_user_model()):
            actor = None  # auditlog records only a user as the actor
        common = {
            "content_type_id": content_type.pk,
            "action": action,
            "actor_id": getattr(actor, "pk", None),
            "actor_email": getattr(actor, "email", None),
            "remote_addr": context.get("remote_addr"),
            "remote_port": context.get("remote_port"),
            "cid": cid,
            "timestamp": timezone.now(),
        }
        entries = []
        for pending in rows:
            changes = self.diff(pending.before, pending.obj)
            if not changes:
                continue
            pk = pending.obj.pk
            entries.append(
                {
                    **common,
                    "object_pk": str(pk),
                    "object_id": pk if isinstance(pk, int) else None,
                    "object_repr": str(pending.obj),
                    "serialized_data": (
                        LogEntry.objects._get_serialized_data_or_none(pending.obj)
                        if self.serialized
                        else None
                    ),
                    "changes": changes,
                    "additional_data": _additional_data(pending.obj),
                }
            )
        insert_values(LogEntry, entries)


def insert_values(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert new rows given as {column attname: value} (the others take their defaults),
    whose keys nobody needs back: PostgreSQL's COPY, `bulk_create` elsewhere."""
    if not rows:
        return
    manager = model._default_manager
    connection = connections[manager.db]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
    if connection.vendor != "postgresql":
        manager.bulk_create([model(**defaults, **row) for row in rows], batch_size=WRITE_ROWS)
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    # per column: the default prepared once, the value as it is, or each value prepared (a
    # value every row shares, such as the entries' time, prepared once)
    plan: list[tuple[str | None, Any]] = []
    for f in fields:
        if f.attname not in rows[0]:
            plan.append((None, f.get_db_prep_save(defaults[f.attname], connection=connection)))
        else:
            prepare = None if _as_stored(f, connection) else _Prepared(f, connection)
            plan.append((f.attname, prepare))
    with connection.cursor() as cursor:
        sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(
                    [
                        value
                        if attname is None
                        else (row[attname] if value is None else value(row[attname]))
                        for attname, value in plan
                    ]
                )


class _Prepared:
    """A field's database form of a value, the last one remembered (a value every row shares
    is prepared once)."""

    def __init__(self, field: models.Field, connection: Any):
        self.field = field
        self.connection = connection
        self.last: tuple[Any, Any] = (object(), None)

    def __call__(self, value: Any) -> Any:
        if value is not self.last[0]:
            prepared = self.field.get_db_prep_save(value, connection=self.connection)
            self.last = (value, prepared)
        return self.last[1]


def insert(objs: list[Any], *, now: datetime.datetime | None = None) -> None:
    """Insert new rows of one model, their primary keys set on them: PostgreSQL's COPY (the
    keys drawn from the table's sequence first, in one query), `bulk_create` elsewhere. Each
    field's value is what a save would write (`pre_save`: the creation time; then the
    database's form of it); `now`: the creation time of every row (one clock reading for the
    batch, where each row's `pre_save` would read the clock again)."""
    if not objs:
        return
    model = type(objs[0])
    manager = model._default_manager
    connection = connections[manager.db]
    pk = model._meta.pk
    if connection.vendor != "postgresql" or not isinstance(pk, models.AutoField):
        manager.bulk_create(objs, batch_size=WRITE_ROWS)
        return
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk.column, len(objs)],
        )
        for obj, (key,) in zip(objs, cursor.fetchall(), strict=True):
            setattr(obj, pk.attname, key)
        columns = ", ".join(quote(f.column) for f in fields)
        # per column: the attribute as it is, the batch's time prepared once, or the field's
        # own preparation
        plan: list[tuple[int, Any]] = []
        for f in fields:
            if now is not None and _auto_now(f):
                for obj in objs:
                    setattr(obj, f.attname, now)
                plan.append((_ONCE, f.get_db_prep_save(now, connection=connection)))
            elif _as_stored(f, connection):
                plan.append((_AS_IS, f.attname))
            else:
                plan.append((_PREPARED, f))
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                values = obj.__dict__
                copy.write_row(
                    [
                        values[how]
                        if kind == _AS_IS
                        else how
                        if kind == _ONCE
                        else how.get_db_prep_save(how.pre_save(obj, True), connection=connection)
                        for kind, how in plan
                    ]
                )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = manager.db


#: fields whose database value is the attribute itself, as the driver adapts it (for these,
#: `get_db_prep_save(pre_save(obj))` only checks the type the form already cleaned); exact
#: types: a subclass may prepare its value its own way
_STORED_AS_IS = {
    models.CharField,
    models.TextField,
    models.EmailField,
    models.SlugField,
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
}


_AS_IS, _ONCE, _PREPARED = range(3)


def _auto_now(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _as_stored(field: models.Field, connection: Any) -> bool:
    """Whether COPY may send the attribute of `field` as it is: a plain field with no value of
    its own to set at the save (`auto_now`), a date (PostgreSQL adapts it itself), or a
    relation to a row numbered by an integer."""
    if _auto_now(field):
        return False
    if field.many_to_one or field.one_to_one:
        return isinstance(field.target_field, models.IntegerField)
    if type(field) is models.DateField:
        return connection.vendor == "postgresql"
    return type(field) in _STORED_AS_IS


#: fields whose audited text is `smart_str` of the attribute itself (auditlog's last branch)
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DecimalField,
    models.UUIDField,
)


def _plain_reader(field: models.Field) -> tuple[str, Any] | None:
    """(attribute, how `get_field_value` reads its value with text changes) for a field whose
    reading is a plain function of the attribute: `smart_str` of it, or for a relation
    `smart_str(key, strings_only=True)` (a number or None stays as it is); None for any other
    field (a date and time, JSON: read by auditlog's own function)."""
    if isinstance(field, models.DateTimeField | models.JSONField):
        return None
    if field.many_to_one or field.one_to_one:
        if settings.AUDITLOG_USE_FK_STRING_REPRESENTATION or not hasattr(field, "rel_class"):
            return None
        return field.attname, _key_text
    if isinstance(field, _PLAIN_FIELDS) or type(field) is models.DateField:
        return field.attname, _text
    return None


class _LastReading:
    """auditlog's own reading of a field (`get_field_value`), made again only when the value
    differs from the last row's (the creation time every row of a batch shares)."""

    def __init__(self, field: models.Field):
        self.field = field
        self.last: tuple[Any, Any] = (object(), None)

    def __call__(self, obj: models.Model) -> Any:
        value = obj.__dict__.get(self.field.attname)
        if value is not self.last[0]:
            self.last = (value, get_field_value(obj, self.field, False))
        return self.last[1]


def _text(value: Any) -> str:
    return value if type(value) is str else smart_str(value)


def _key_text(value: Any) -> Any:
    return value if value is None or type(value) is int else smart_str(value, strings_only=True)


def _additional_data(obj: models.Model) -> Any:
    get = getattr(obj, "get_additional_data", None)
    return get() if callable(get) else None


# --- the rows a check passed, kept for the apply ----------------------------------------------
#: the first bytes of a job's content once its check has replaced the upload with its rows
CHECKED = b"garrison-checked-rows/1\n"


class CheckedRows:
    """The rows a check found valid, as the check left them (every column of the record, after
    the form's cleaning), written compressed as they come: the apply writes these instead of
    reading and validating the file a second time. Each row holds its line, its key, the
    version of the record it changes (None: a new record) and its values."""

    def __init__(self, model: type[models.Model], key_column: str):
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in {"version", "created_at", "updated_at"}
        ]
        self.zip = zlib.compressobj(3)
        header = {"fields": [f.name for f in self.fields], "key_column": key_column}
        self.parts = [CHECKED, self.zip.compress(json.dumps(header).encode() + b"\n")]

    def add(self, line: int, key: str, version: int | None, obj: models.Model) -> None:
        values = [
            value if type(value) in _JSON_TYPES else _plain(value)
            for value in (getattr(obj, f.attname) for f in self.fields)
        ]
        row = json.dumps([line, key, version, values], ensure_ascii=False)
        self.parts.append(self.zip.compress(row.encode() + b"\n"))

    def content(self) -> bytes:
        self.parts.append(self.zip.flush())
        return b"".join(self.parts)


_JSON_TYPES = {str, int, bool, type(None)}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.time | Decimal | uuid.UUID):
        return str(value)
    return value


def read_checked(content: bytes) -> tuple[dict[str, Any], Iterator[tuple[int, str, Any, list]]]:
    """The header (field names, the key's column) and the rows (read lazily) of a check's
    kept rows."""
    data = memoryview(content)[len(CHECKED) :]
    unzip = zlib.decompressobj()

    def lines() -> Iterator[bytes]:
        rest = b""
        for start in range(0, len(data), 1 << 20):
            rest += unzip.decompress(data[start : start + (1 << 20)])
            *complete, rest = rest.split(b"\n")
            yield from complete
        rest += unzip.flush()
        yield from (line for line in rest.split(b"\n") if line)

    stream = lines()
    names = json.loads(next(stream))

    def rows() -> Iterator[tuple[int, str, Any, list[Any]]]:
        for line in stream:
            number, key, version, values = json.loads(line)
            yield number, key, version, values

    return names, rows()
