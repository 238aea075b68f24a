"""`garrison restore FILE --yes`: put back the database and the uploads of a backup
(core.backup), then check every table and the uploads against the backup's manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from garrison.core import backup

from ._progress import TableProgress


class Command(BaseCommand):
    help = (
        "Replace the whole database and the uploads with those of a backup made by "
        "`garrison backup` (the current uploads are moved aside, not deleted). Stop the web "
        "server and the workers first. Refuses an archive of another engine, of a newer "
        "version of Garrison, or a damaged one, without changing anything; afterwards every "
        "table's row count and checksum is compared with the backup's."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The archive written by `garrison backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Really replace the database and the uploads (required).",
        )

    def handle(self, *args, file: str, yes: bool, **options) -> None:
        path = Path(file)
        try:
            manifest = backup.read_manifest(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            gettext("%(file)s: a %(engine)s backup made at %(created)s, %(tables)s tables.")
            % {
                "file": path,
                "engine": backup.ENGINE_NAMES.get(manifest.get("engine"), manifest.get("engine")),
                "created": manifest.get("created_at"),
                "tables": len(manifest.get("tables") or {}),
            }
        )
        if not yes:
            raise CommandError(
                gettext(
                    "Restoring replaces the whole database and the uploads. Stop the web server "
                    "and the workers, then run it again with --yes. Nothing was changed."
                )
            )
        with TableProgress(self.stderr, options["verbosity"]) as progress:
            try:
                _manifest, check = backup.restore(path, progress=progress, say=self.stdout.write)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from exc
        for difference in check.differences:
            self.stderr.write(difference)
        if not check.ok:
            raise CommandError(
                gettext(
                    "The restored database differs from the backup in %(count)s place(s) (listed "
                    "above). Restore again with the web server and workers stopped; if it "
                    "persists, the archive is damaged."
                )
                % {"count": len(check.differences)}
            )
        self.stdout.write(
            gettext(
                "Restored and checked: %(tables)s tables, %(rows)s rows and %(files)s uploaded "
                "files match the backup."
            )
            % {"tables": check.tables, "rows": check.rows, "files": check.files}
        )
