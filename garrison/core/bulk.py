"""Inserting many rows of one model at the raw driver's pace.

`bulk_create` builds a model instance per row and runs every field of every row through the
compiler (`pre_save`, `get_db_prep_save`, one placeholder each): at a province's size (150,000
candidates of 20 columns) that was most of a build's time, several times the INSERT itself.
`insert_rows` takes plain rows (field name → value) and prepares only what needs preparing: the
fields a row does not give take their default (and `auto_now`/`auto_now_add` the time of the call)
prepared once; the values of integer, text and boolean fields go to the driver as they are; the
others (dates, JSON, decimals) through the field's own `get_db_prep_save`; on PostgreSQL the rows
go by COPY, elsewhere a batch of rows per INSERT. Like `bulk_create`, it
sends no signal (no audit entry: the caller audits what it must) and calls no `save()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

#: fields whose Python value the drivers take as it is
_AS_IS = (
    models.IntegerField,
    models.AutoField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
)

#: bound parameters per statement (SQLite allows 32,766, PostgreSQL 65,535)
MAX_PARAMS = 30_000


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], fields: list[str]
) -> int:
    """INSERT `rows` (each a dict of the `fields` named, by attribute name: "campaign_id") into
    `model`'s table, a batch of rows per statement. Returns how many rows were inserted."""
    connection = connections[router.db_for_write(model)]
    now = timezone.now()
    given = set(fields)
    columns: list[str] = []
    constants: list[Any] = []
    preparers: list[Callable[[Any], Any]] = []
    for field in model._meta.concrete_fields:
        if field.attname in given:
            continue
        if field.primary_key and isinstance(field, models.AutoField):
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:  # its default, "" for a text field without one, None otherwise (as a save)
            value = field.get_default()
        columns.append(field.column)
        constants.append(field.get_db_prep_save(value, connection))
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    for name in fields:
        field = by_attname[name]
        columns.append(field.column)
        if isinstance(field, _AS_IS):
            preparers.append(lambda value: value)
        else:
            preparers.append(lambda value, f=field: f.get_db_prep_save(value, connection))
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        return _copy(connection, model, columns, constants, preparers, fields, rows)
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(c) for c in columns)}) VALUES "
    )
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_batch = max(1, MAX_PARAMS // len(columns))
    batch: list[Any] = []
    count = inserted = 0

    def flush() -> None:
        if count:
            with connection.cursor() as cursor:
                cursor.execute(head + ", ".join([one] * count), batch)

    for row in rows:
        batch += constants
        batch += [prepare(row[name]) for prepare, name in zip(preparers, fields, strict=True)]
        count += 1
        if count == per_batch:
            flush()
            inserted += count
            batch, count = [], 0
    flush()
    return inserted + count


def _copy(
    connection: Any,
    model: type[models.Model],
    columns: list[str],
    constants: list[Any],
    preparers: list[Callable[[Any], Any]],
    fields: list[str],
    rows: Iterable[dict[str, Any]],
) -> int:
    """PostgreSQL: COPY … FROM STDIN, PostgreSQL's own bulk load (a multi-row INSERT of 20,000
    parameters spends most of its time in the driver's client-side query parser)."""
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    count = 0
    with connection.cursor() as wrapper, wrapper.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                [*constants, *(p(row[n]) for p, n in zip(preparers, fields, strict=True))]
            )
            count += 1
    return count
