"""Backup and restore of a whole deployment: the database and the uploads in one archive
(`garrison backup [FILE]`, `garrison restore FILE --yes`).

The archive is a .tar.gz holding
- `manifest.json`: format version, engine, server version, Django's migration state, when it was
  made, the database file's SHA-256, and for every table its row count and a SHA-256 of its rows
  in primary-key order (`table_summaries`), and the uploads' count, size and SHA-256;
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs, and the
  manifest is computed from that copy) or `database.dump` (PostgreSQL's `pg_dump -Fc`, taken from
  a snapshot exported by a REPEATABLE READ transaction in which the manifest is computed: the
  dump and the counts see the same rows);
- `media/…`: the uploads (MEDIA_ROOT).

A restore reads the manifest first and refuses an archive of another engine, of a newer schema
(migrations this version does not have) or one that is corrupted, before changing anything; then
it restores the database all or nothing (SQLite: the backup API copies the verified file into the
database in one transaction; PostgreSQL: `pg_restore --clean --if-exists --single-transaction`),
moves the current uploads aside (never deletes them) and puts the archive's in their place, and
finally recomputes every table's count and checksum and the uploads' and compares them with the
manifest. Stop the web server and the workers during a restore.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from .checksums import (
    Progress,
    SqliteFile,
    Summary,
    file_sha256,
    media_files,
    sqlite_path,
    table_summaries,
    tables_of,
    uploads_summary,
)

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """What went wrong, said for the operator; nothing was changed when a restore raises it
    before `restore` reports it started."""


@dataclass
class Check:
    """The outcome of comparing a database and uploads with a manifest."""

    tables: int = 0
    rows: int = 0
    files: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


# --- the engines --------------------------------------------------------------------------------
def engine_of(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in ENGINE_NAMES:
        raise BackupError(
            _("Backups are made of SQLite and PostgreSQL databases, not %(vendor)s.")
            % {"vendor": vendor}
        )
    return str(vendor)


def migration_state(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _pg_env(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The environment the PostgreSQL programs connect with (libpq's PG* variables)."""
    db = connections[alias].settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return env


def pg_program(name: str, alias: str = DEFAULT_DB_ALIAS) -> str:
    """The path of PostgreSQL's `name` (pg_dump, pg_restore) of the server's major version or
    newer: GARRISON_PG_BINDIR, then /usr/lib/postgresql/<major>/bin, then the one in PATH."""
    connection = connections[alias]
    connection.ensure_connection()
    major = connection.pg_version // 10000
    candidates = []
    if os.environ.get("GARRISON_PG_BINDIR"):
        candidates.append(Path(os.environ["GARRISON_PG_BINDIR"]) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            version = subprocess.run(
                [str(path), "--version"], capture_output=True, text=True, check=False
            ).stdout
            match = re.search(r"(\d+)(?:\.\d+)?", version)
            if match and int(match.group(1)) >= major:
                return str(path)
    raise BackupError(
        _(
            "%(program)s of PostgreSQL %(major)s or newer was not found: install the PostgreSQL "
            "client of the server's version (e.g. apt-get install postgresql-client-%(major)s) "
            "or set GARRISON_PG_BINDIR to its directory."
        )
        % {"program": name, "major": major}
    )


# --- backup -------------------------------------------------------------------------------------
def default_archive_name(now: datetime.datetime | None = None) -> Path:
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"garrison-{stamp}.tar.gz"


def backup(target: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Write the archive of the database and the uploads to `target` (through a `.part` file
    renamed at the end: a failed backup leaves no archive). Returns the manifest."""
    engine = engine_of()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="garrison-backup-", dir=target.parent) as work:
        folder = Path(work)
        if engine == "sqlite":
            database = folder / SQLITE_FILE
            tables = _backup_sqlite(database, progress)
            server = sqlite3.sqlite_version
        else:
            database = folder / PG_FILE
            tables = _backup_postgresql(database, progress)
            connection = connections[DEFAULT_DB_ALIAS]
            server = str(connection.pg_version)
        media_root = Path(settings.MEDIA_ROOT)
        manifest = {
            "format": FORMAT_VERSION,
            "application": "garrison",
            "engine": engine,
            "server_version": server,
            "created_at": timezone.now().isoformat(),
            "migrations": migration_state(),
            "database": {
                "file": database.name,
                "bytes": database.stat().st_size,
                "sha256": file_sha256(database),
            },
            "tables": {name: {"rows": s.rows, "sha256": s.sha256} for name, s in tables.items()},
            "uploads": uploads_summary(media_root),
        }
        partial = target.with_name(target.name + ".part")
        try:
            # citizens' personal data: readable by the owner only (0600), whatever the umask
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive,
            ):
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(database, arcname=database.name)
                for path in media_files(media_root):
                    archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _backup_sqlite(database: Path, progress: Progress | None) -> dict[str, Summary]:
    """A consistent copy of the live file by SQLite's online backup API; the manifest is
    computed from that copy, so it describes exactly what the archive holds."""
    source = sqlite3.connect(str(sqlite_path()))
    copy = sqlite3.connect(str(database))
    try:
        source.backup(copy, pages=4096)
    finally:
        copy.close()
        source.close()
    copied = SqliteFile(database)
    try:
        return table_summaries(copied, progress)
    finally:
        copied.close()


def _backup_postgresql(database: Path, progress: Progress | None) -> dict[str, Summary]:
    """`pg_dump -Fc` of the snapshot a REPEATABLE READ transaction exports; the counts and
    checksums are read in that same transaction, so they describe the dump's rows."""
    program = pg_program("pg_dump")
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a transaction."))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        dump = subprocess.Popen(
            [program, "-Fc", f"--snapshot={snapshot}", "--no-password", "-f", str(database)],
            env=_pg_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            tables = table_summaries(connection, progress)
        finally:
            _out, err = dump.communicate()
    if dump.returncode != 0:
        raise BackupError(
            _("pg_dump failed: %(error)s") % {"error": err.decode(errors="replace").strip()}
        )
    return tables


# --- restore ------------------------------------------------------------------------------------
def read_manifest(archive_path: Path) -> dict[str, Any]:
    """The manifest of the archive at `archive_path`; BackupError when it is not one."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read().decode("utf-8"))
    except FileNotFoundError:
        raise BackupError(_("%(file)s: no such file.") % {"file": archive_path}) from None
    except (tarfile.TarError, zlib.error, OSError, EOFError, KeyError, ValueError) as exc:
        raise BackupError(
            _("%(file)s is not a Garrison backup or is damaged (%(error)s).")
            % {"file": archive_path, "error": exc}
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("application") != "garrison":
        raise BackupError(
            _("%(file)s is not a Garrison backup (its manifest is not Garrison's).")
            % {"file": archive_path}
        )
    return manifest


def refusal(manifest: dict[str, Any]) -> str | None:
    """Why this deployment cannot restore the archive of `manifest`, or None."""
    if manifest.get("format") != FORMAT_VERSION:
        return _(
            "This backup's format (%(format)s) is not the one this version reads (%(ours)s)."
        ) % {"format": manifest.get("format"), "ours": FORMAT_VERSION}
    engine = engine_of()
    if manifest.get("engine") != engine:
        return _(
            "This backup holds a %(theirs)s database and this deployment runs on %(ours)s: "
            "restore it on a %(theirs)s deployment (DATABASE_URL)."
        ) % {
            "theirs": ENGINE_NAMES.get(str(manifest.get("engine")), manifest.get("engine")),
            "ours": ENGINE_NAMES[engine],
        }
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = sorted(
        f"{app}.{name}"
        for app, names in (manifest.get("migrations") or {}).items()
        for name in names
        if (app, name) not in known
    )
    if newer:
        shown = ", ".join(newer[:5]) + (" …" if len(newer) > 5 else "")
        return _(
            "This backup was made by a newer version of Garrison (migrations %(names)s are not "
            "known here): upgrade Garrison first, then restore it."
        ) % {"names": shown}
    return None


def _extract(archive_path: Path, into: Path, manifest: dict[str, Any]) -> Path:
    """Unpack the archive into `into` and check the database file against the manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, zlib.error, OSError, EOFError) as exc:
        raise BackupError(
            _("%(file)s is damaged and cannot be unpacked (%(error)s); nothing was changed.")
            % {"file": archive_path, "error": exc}
        ) from exc
    database = into / str(manifest.get("database", {}).get("file", ""))
    expected = manifest.get("database", {}).get("sha256")
    if not database.is_file() or file_sha256(database) != expected:
        raise BackupError(
            _("%(file)s is damaged: its database does not match its manifest; nothing was changed.")
            % {"file": archive_path}
        )
    return database


def restore(
    archive_path: Path,
    progress: Progress | None = None,
    say: Callable[[str], None] = lambda text: None,
) -> tuple[dict[str, Any], Check]:
    """Restore the archive at `archive_path` (see the module's doc). Raises BackupError, having
    changed nothing, when the archive cannot be restored here; returns the manifest and the
    comparison of what was restored with it."""
    manifest = read_manifest(archive_path)
    reason = refusal(manifest)
    if reason:
        raise BackupError(reason + " " + _("Nothing was changed."))
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".garrison-restore-", dir=media_root.parent) as work:
        folder = Path(work)
        database = _extract(archive_path, folder, manifest)
        if manifest["engine"] == "sqlite":
            _restore_sqlite(database, manifest)
        else:
            _restore_postgresql(database, manifest)
        say(_("Database restored."))
        aside = _swap_uploads(folder / MEDIA, media_root)
        if aside is not None:
            say(_("The uploads found here were moved to %(path)s.") % {"path": aside})
    return manifest, compare(manifest, progress)


def _restore_sqlite(database: Path, manifest: dict[str, Any]) -> None:
    """Check the unpacked file (integrity and every table's checksum), then copy it into the
    database with the backup API: one write transaction, so it is all or nothing, and other
    connections to the file (WAL included) see the new content, never a mix."""
    copied = SqliteFile(database)
    try:
        (integrity,) = copied.raw.execute("PRAGMA integrity_check").fetchone()
        found = table_summaries(copied)
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("The archive's database is damaged (%(error)s); nothing was changed.")
            % {"error": exc}
        ) from exc
    finally:
        copied.close()
    differences = _differences(manifest, found)
    if integrity != "ok" or differences:
        raise BackupError(
            _("The archive's database does not match its manifest (%(what)s); nothing was changed.")
            % {"what": integrity if integrity != "ok" else "; ".join(differences[:5])}
        )
    connections[DEFAULT_DB_ALIAS].close()
    source = sqlite3.connect(str(database))
    target = sqlite3.connect(str(sqlite_path()), timeout=30)
    try:
        source.backup(target)  # pages=-1: everything in one step, one transaction
    except sqlite3.Error as exc:
        raise BackupError(
            _("The database could not be replaced (%(error)s); it was left as it was.")
            % {"error": exc}
        ) from exc
    finally:
        target.close()
        source.close()


def _restore_postgresql(database: Path, manifest: dict[str, Any]) -> None:
    """`pg_restore --clean --if-exists --single-transaction`: every object of the dump is
    dropped and recreated in one transaction (a failure leaves the database as it was); tables
    this database holds and the dump does not (a newer migration's) are dropped afterwards."""
    program = pg_program("pg_restore")
    connection = connections[DEFAULT_DB_ALIAS]
    connection.close()
    run = subprocess.run(
        [
            program,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            "--exit-on-error",
            "-d",
            _pg_env()["PGDATABASE"],
            str(database),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise BackupError(
            _("pg_restore failed; the database was left as it was: %(error)s")
            % {"error": run.stderr.strip()[-2000:]}
        )
    with connection.cursor() as cursor:
        extra = [t for t in tables_of(connection, cursor) if t not in manifest["tables"]]
        for table in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _swap_uploads(unpacked: Path, media_root: Path) -> Path | None:
    """Move the current uploads aside (next to them, named by the time) and put the archive's
    in their place. Returns where the old ones went, or None when there were none."""
    aside = None
    if media_root.exists():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(aside)
    if unpacked.is_dir():
        unpacked.rename(media_root)
    else:
        media_root.mkdir(parents=True)
    return aside


def _differences(manifest: dict[str, Any], found: dict[str, Summary]) -> list[str]:
    expected: dict[str, dict[str, Any]] = manifest.get("tables") or {}
    differences = []
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        if want is None:
            differences.append(_("table %(table)s is not in the backup") % {"table": table})
        elif got is None:
            differences.append(_("table %(table)s is missing") % {"table": table})
        elif got.rows != want.get("rows"):
            differences.append(
                _("table %(table)s: %(found)s rows, the backup has %(expected)s")
                % {"table": table, "found": got.rows, "expected": want.get("rows")}
            )
        elif got.sha256 != want.get("sha256"):
            differences.append(
                _("table %(table)s: its rows differ from the backup's") % {"table": table}
            )
    return differences


def live_summaries(progress: Progress | None = None) -> dict[str, Summary]:
    """Every table's count and checksum in the database now."""
    if engine_of() == "sqlite":  # as the backup read them: sqlite3's values, no converters
        live = SqliteFile(sqlite_path())
        try:
            return table_summaries(live, progress)
        finally:
            live.close()
    return table_summaries(connections[DEFAULT_DB_ALIAS], progress)


def compare(manifest: dict[str, Any], progress: Progress | None = None) -> Check:
    """Recount and checksum every table and the uploads, and compare them with `manifest`."""
    found = live_summaries(progress)
    check = Check(tables=len(found), rows=sum(s.rows for s in found.values()))
    check.differences = _differences(manifest, found)
    uploads = uploads_summary(Path(settings.MEDIA_ROOT))
    check.files = uploads["files"]
    if uploads != manifest.get("uploads"):
        check.differences.append(
            _("the uploads differ from the backup's: %(found)s files, the backup has %(expected)s")
            % {"found": uploads["files"], "expected": (manifest.get("uploads") or {}).get("files")}
        )
    return check
