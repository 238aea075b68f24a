"""Row counts and checksums of a database's tables and of the uploads: the proof that a restore
put back what a backup held (core.backup). A table's checksum is the SHA-256 of its rows read in
primary-key order, each the repr of the driver's values: the same engine and driver give the same
digest before the backup and after the restore (SQLite files are read with sqlite3's own values,
without Django's converters, by `SqliteFile`)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

CHUNK = 5000

Progress = Callable[[str, int], None]  # (table, rows done so far in it)


@dataclass
class Summary:
    """A table's row count and checksum."""

    rows: int
    sha256: str


def _canonical(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def rows_digest(rows: Iterable[tuple[Any, ...]]) -> Summary:
    """The count and SHA-256 of `rows` (each written as the repr of its values, one a line)."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(repr(tuple(_canonical(v) for v in row)).encode("utf-8"))
        digest.update(b"\n")
        count += 1
    return Summary(count, digest.hexdigest())


def _order_columns(connection: Any, cursor: Any, table: str) -> list[str]:
    columns = connection.introspection.get_primary_key_columns(cursor, table) or []
    if columns:
        return list(columns)
    description = connection.introspection.get_table_description(cursor, table)
    return [col.name for col in description]


def _fetch(cursor: Any) -> Iterator[tuple[Any, ...]]:
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            return
        yield from rows


def tables_of(connection: Any, cursor: Any) -> list[str]:
    return sorted(
        info.name
        for info in connection.introspection.get_table_list(cursor)
        if info.type == "t" and not info.name.startswith("sqlite_")
    )


def table_summaries(connection: Any, progress: Progress | None = None) -> dict[str, Summary]:
    """Every table's row count and checksum through `connection` (a Django connection or a
    sqlite3 connection wrapped by `SqliteFile`), rows read in primary-key order."""
    quote = connection.ops.quote_name
    summaries: dict[str, Summary] = {}
    with connection.cursor() as cursor:
        tables = tables_of(connection, cursor)
        for table in tables:
            order = ", ".join(quote(c) for c in _order_columns(connection, cursor, table))
            with _chunked(connection) as rows:
                rows.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")
                stream = _fetch(rows)
                if progress is not None:
                    stream = _counting(stream, lambda n, t=table: progress(t, n))
                summaries[table] = rows_digest(stream)
    return summaries


def _counting(rows: Iterator[tuple[Any, ...]], report: Callable[[int], None]):
    n = 0
    for n, row in enumerate(rows, start=1):
        yield row
        if n % CHUNK == 0:
            report(n)
    report(n)


class _chunked:
    """A cursor reading a table a chunk at a time (a server-side cursor on PostgreSQL)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def __enter__(self) -> Any:
        chunked = getattr(self.connection, "chunked_cursor", None)
        self.cursor = chunked() if chunked else self.connection.cursor()
        return self.cursor

    def __exit__(self, *exc: object) -> None:
        self.cursor.close()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def uploads_summary(root: Path) -> dict[str, Any]:
    """How many files are under `root`, their size and one SHA-256 over their paths and
    contents (sorted by path)."""
    digest = hashlib.sha256()
    files = size = 0
    for path in media_files(root):
        relative = path.relative_to(root).as_posix()
        digest.update(relative.encode("utf-8") + b"\0" + file_sha256(path).encode() + b"\n")
        files += 1
        size += path.stat().st_size
    return {"files": files, "bytes": size, "sha256": digest.hexdigest()}


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


class SqliteFile:
    """A sqlite3 file opened outside Django, with what `table_summaries` needs of a Django
    connection (cursor, introspection through Django's own SQLite code, quote_name)."""

    vendor = "sqlite"

    def __init__(self, path: Path) -> None:
        from django.db.backends.sqlite3.base import DatabaseWrapper

        wrapper = DatabaseWrapper({**connections[DEFAULT_DB_ALIAS].settings_dict, "NAME": path})
        self._wrapper = wrapper
        self.ops = wrapper.ops
        self.introspection = wrapper.introspection
        self.raw = sqlite3.connect(str(path))

    def cursor(self) -> Any:
        return _ClosingCursor(self.raw.cursor())

    def close(self) -> None:
        self.raw.close()


class _ClosingCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def __enter__(self) -> Any:
        return self._cursor

    def __exit__(self, *exc: object) -> None:
        self._cursor.close()


def sqlite_path(alias: str = DEFAULT_DB_ALIAS) -> Path:
    return Path(connections[alias].settings_dict["NAME"])
