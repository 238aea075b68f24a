"""What the operations registers share: where their files go."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


def document_upload_to(instance: models.Model, filename: str) -> str:
    """operations/<model>/<yyyy>/<mm>/<file>: signed plans, minutes, after-action accounts."""
    today = timezone.localdate()
    return f"operations/{instance._meta.model_name}/{today:%Y/%m}/{filename}"
