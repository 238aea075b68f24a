"""Uploads kept before imports deleted them (issue 15, finding 8): clear the files of every job
that is over (done, failed, invalid) or older than a day, as `purge_uploads` now does each day.
The jobs themselves (counts, errors, preview) stay for their authors. Nothing to undo."""

import datetime

from django.db import migrations
from django.utils import timezone


def purge(apps, schema_editor):
    ImportJob = apps.get_model("core", "ImportJob")
    day_ago = timezone.now() - datetime.timedelta(days=1)
    over = ImportJob.objects.filter(status__in=["done", "failed", "invalid"])
    old = ImportJob.objects.filter(created_at__lt=day_ago)
    (over | old).exclude(content=b"").update(content=b"")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_notification")]

    operations = [migrations.RunPython(purge, migrations.RunPython.noop)]
