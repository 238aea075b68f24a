"""`garrison backup [FILE]`: the database and the uploads in one archive (core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from garrison.core import backup

from ._progress import TableProgress


class Command(BaseCommand):
    help = (
        "Write the database (SQLite: its online backup API; PostgreSQL: pg_dump -Fc of one "
        "snapshot) and the uploads to one .tar.gz with a manifest of every table's row count "
        "and checksum. FILE defaults to GARRISON_DATA_DIR/backups/garrison-<time>.tar.gz. "
        "Safe while the site runs; e.g. from cron: `30 2 * * * garrison backup`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help="The archive to write (.tar.gz).")

    def handle(self, *args, file: str | None, **options) -> None:
        target = Path(file) if file else backup.default_archive_name()
        with TableProgress(self.stderr, options["verbosity"]) as progress:
            try:
                manifest = backup.backup(target, progress=progress)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from exc
        tables = manifest["tables"]
        self.stdout.write(
            gettext(
                "Backup written to %(file)s: %(tables)s tables, %(rows)s rows, %(files)s "
                "uploaded files."
            )
            % {
                "file": target,
                "tables": len(tables),
                "rows": sum(t["rows"] for t in tables.values()),
                "files": manifest["uploads"]["files"],
            }
        )
