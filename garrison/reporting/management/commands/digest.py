"""`garrison digest [--date YYYY-MM-DD] [--force]`: the daily digest of each province."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from garrison.reporting.digest import send_digests


class Command(BaseCommand):
    help = (
        "Send each province's daily digest to the inbox of its province-level accounts: "
        "reports submitted since yesterday awaiting approval, reports overdue, directives with "
        "communes overdue. Provinces with nothing to say get nothing. Meant to run once a day "
        "from cron (e.g. `30 6 * * * garrison digest`); a second run the same day sends "
        "nothing twice unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="The day of the digest, as YYYY-MM-DD (default: today, in Vietnam's time).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send even to provinces that already received a digest today.",
        )

    def handle(self, *args, **options) -> None:
        raw = options.get("date")
        if raw:
            try:
                today = datetime.date.fromisoformat(raw.strip())
            except ValueError:
                raise CommandError(
                    f"--date {raw!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-02-05."
                ) from None
        else:
            today = timezone.localdate()
        sent = send_digests(today, force=options.get("force", False))
        self.stdout.write(
            f"{sent} digest notification(s) sent for {today:%d/%m/%Y}."
            if sent
            else f"No digest to send for {today:%d/%m/%Y}."
        )
