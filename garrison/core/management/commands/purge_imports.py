"""`garrison purge_imports`: delete the files uploaded for imports, and the workbooks built for
exports, more than a day ago."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from garrison.core.exporting import purge_exports
from garrison.core.importing import purge_uploads


class Command(BaseCommand):
    help = (
        "Delete the uploaded sheets (citizens' personal data, initial passwords) of imports "
        "started more than a day ago; the imports' counts and errors stay for their authors. "
        "A finished import has already dropped its file; this catches those never applied. "
        "The workbooks built for exports are deleted a day after the export too. "
        "Meant to run from cron at least once a day (e.g. `15 * * * * garrison purge_imports`)."
    )

    def handle(self, *args, **options) -> None:
        purged = purge_uploads()
        self.stdout.write(f"{purged} uploaded file(s) deleted.")
        exported = purge_exports()
        self.stdout.write(f"{exported} exported file(s) deleted.")
