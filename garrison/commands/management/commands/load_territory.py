"""`garrison load_territory`: load provinces and communes from vietnam-provinces, then create the
missing commands and their default staffing tables. Safe to run again: it changes nothing
that is already up to date and never overwrites what staff have edited.

It lives in `commands` (not `territory`) because it also creates the commands: territory is the
layer below and knows nothing of commands."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

from garrison.commands.setup import ensure_commands
from garrison.territory.loader import load_territory


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy translation
        return str(
            _(
                "Load the 34 provinces and 3,321 commune-level units from the vietnam-provinces "
                "package and create the missing military commands and staffing tables (idempotent)."
            )
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true", help=_("Do not show a progress bar."))

    def handle(self, *args, quiet: bool = False, **options) -> None:
        bar: tqdm | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if quiet or total == 0:
                return
            if bar is None:
                bar = tqdm(total=total, unit="unit", desc="Territory", file=self.stderr._out)
            bar.update(done - bar.n)

        try:
            with transaction.atomic():
                counts = load_territory(progress=progress)
                commands = ensure_commands()
        finally:
            if bar is not None:
                bar.close()

        self.stdout.write(
            f"Territory: {counts['provinces']} provinces, {counts['communes']} commune-level "
            f"units ({counts['created']} created, {counts['updated']} updated)."
        )
        self.stdout.write(
            f"Commands: {commands['provincial_commands']} provincial and "
            f"{commands['commune_commands']} commune commands created, "
            f"{commands['quotas']} staffing-table rows created."
        )
