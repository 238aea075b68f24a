"""`garrison build_pool YEAR PROVINCE_CODE --user NAME [--commune CODE]`: build (or re-assess) a
campaign's pool here and now, with a progress bar; the pages queue the same build as a task."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from garrison.conscription import services
from garrison.conscription.models import Campaign, PoolBuild
from garrison.territory.models import Commune


class Command(BaseCommand):
    help = "Build (or re-assess) an enlistment campaign's pool, with a progress bar."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("province", type=int, help="the province's official code")
        parser.add_argument("--user", required=True, help="who builds it (the audit's actor)")
        parser.add_argument("--commune", type=int, help="only this commune's pool (its code)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user is named {options['user']!r}.")
        campaign = Campaign.objects.filter(
            year=options["year"], province__code=options["province"]
        ).first()
        if campaign is None:
            raise CommandError("No campaign of that year in that province.")
        commune = None
        if options["commune"]:
            commune = Commune.objects.filter(
                code=options["commune"], province=campaign.province_id
            ).first()
            if commune is None:
                raise CommandError("No commune of that code in the campaign's province.")
        job = PoolBuild.objects.create(
            campaign=campaign, commune=commune, province_id=campaign.province_id, actor=user
        )
        bar: dict[str, tqdm] = {}

        def progress(done: int, total: int) -> None:
            if options["verbosity"] and "bar" not in bar:
                bar["bar"] = tqdm(total=total, unit="record", file=self.stderr._out)
            if "bar" in bar:
                bar["bar"].update(done - bar["bar"].n)

        try:
            job = services.run_pool_build(job.pk, progress=progress)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if "bar" in bar:
                bar["bar"].close()
        if job.status != PoolBuild.Status.DONE:
            raise CommandError(job.message)
        self.stdout.write(
            f"{job.total} registrations screened: {job.added} added, {job.refreshed} "
            f"re-assessed, {job.changed} changed."
        )
