"""Applying the rows an import's check kept (`import_bulk.CheckedRows`): `apply_checked`.

The check of a register written in bulk keeps the rows it passed, as the form cleaned them.
On the user's confirmation the apply writes them a batch at a time (`import_rows.BATCH_ROWS`)
inside the import's one transaction (`core.importing`): each batch locks the records it
changes and refuses a row whose record changed since the check (another version, or a new
record whose key is now taken), so a newer change is never overwritten. The new records are
made from one blank record and written with their audit entries by `import_bulk.BulkWriter`.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from . import import_rows
from .import_bulk import BulkWriter, Pending, read_checked
from .import_fast import blank_records
from .import_rows import (
    MAX_ERRORS,
    CheckResult,
    ImportCancelled,
    batches,
    cannot_register,
    existing_records,
    rows_in_area,
    taken_keys,
)
from .registry import ModelConfig
from .sheets import RowError


def _kept_reader(field: models.Field) -> Callable[[Any], Any] | None:
    """How a value kept as JSON becomes the field's attribute again: None (as it is) for a
    field of text, a whole number or true/false, whose `to_python` gives back such a value
    unchanged; the field's `to_python` for any other."""
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
    if field.many_to_one or field.one_to_one:
        plain_key = isinstance(field.target_field, models.IntegerField)
        return None if plain_key else field.to_python
    if isinstance(field, plain) and type(field).to_python in _PLAIN_TO_PYTHON:
        return lambda value: value if type(value) in (str, int, bool) else field.to_python(value)
    if type(field) is models.DateField:
        # kept as `str(date)`: read back by the standard library (the field's `to_python`
        # for anything else)
        def read_date(value: Any) -> Any:
            if type(value) is str and len(value) == 10:
                try:
                    return datetime.date.fromisoformat(value)
                except ValueError:
                    pass
            return field.to_python(value)

        return read_date
    return field.to_python


_PLAIN_TO_PYTHON = {
    models.CharField.to_python,
    models.TextField.to_python,
    models.IntegerField.to_python,
    models.BooleanField.to_python,
}


def apply_checked(
    config: type[ModelConfig],
    actor: Any,
    content: bytes,
    progress: Callable[[int], None] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> CheckResult:
    """Write the rows a check kept (`CheckResult.kept`), BATCH_ROWS at a time, inside the
    caller's transaction: each batch locks the records it changes and refuses a row whose record
    changed since the check (another version, or a new record whose key is now taken), so a
    newer change is never overwritten; the rows' values are the form's, from the check."""
    result = CheckResult()
    model = config.model
    header, rows = read_checked(content)
    fields = [model._meta.get_field(name) for name in header["fields"]]
    relations = [(f, i) for i, f in enumerate(fields) if f.many_to_one or f.one_to_one]
    writer = BulkWriter(model)
    new_record = blank_records(model, fields)
    # a kept value the field reads back as it is (text, a number, true or false: JSON's own)
    # is set as it is; any other (a date, a decimal number) through the field's `to_python`
    readers = [_kept_reader(f) for f in fields]
    key_field = config.natural_key
    assert key_field is not None
    column = header["key_column"]
    for batch in batches(rows, import_rows.BATCH_ROWS):  # one knob for both phases
        if cancelled is not None and cancelled():
            raise ImportCancelled
        # the records the rows change, locked; a new row's key is only looked for among all
        # the keys taken (a record of the actor's own included)
        keys = [key for _line, key, version, _values in batch if version is not None]
        existing = existing_records(config, actor, keys, lock=True)
        new_keys = [key for _line, key, version, _values in batch if version is None]
        taken = taken_keys(config, new_keys)
        related = {
            f.name: f.related_model._base_manager.in_bulk(
                {values[index] for _l, _k, _v, values in batch} - {None}
            )
            for f, index in relations
        }
        pending = []
        for line, key, version, values in batch:
            before = existing.get(key)
            if version is None and key in taken:
                result.errors.append(RowError(line, column, cannot_register(config, key)))
                continue
            if version is not None and getattr(before, "version", None) != version:
                message = _(
                    "%(key)s was changed by someone else after the check: check the file "
                    "again, so that their change is not undone."
                ) % {"key": key}
                result.errors.append(RowError(line, column, message))
                continue
            obj = copy.copy(before) if before is not None else new_record()
            state = obj.__dict__
            for f, read, value in zip(fields, readers, values, strict=True):
                state[f.attname] = value if read is None else read(value)
            for f, _index in relations:
                target = related[f.name].get(getattr(obj, f.attname))
                if target is not None:
                    setattr(obj, f.name, target)
            pending.append(Pending(line, key, before, obj))
        result.total += len(batch)
        if len(result.errors) >= MAX_ERRORS:
            break
        if not result.errors:
            created, updated = writer.write(pending)
            result.created += len(created)
            result.updated += len(updated)
            in_scope = rows_in_area(config, actor, [p.obj.pk for p in pending])
            for p in pending:
                if p.obj.pk not in in_scope:
                    message = _(
                        "You may not record %(key)s there: the row would leave your area."
                    ) % {"key": p.key}
                    result.errors.append(RowError(p.line, "", message))
        if progress is not None:
            progress(result.total)
    return result
