"""A new campaign gets one quota row per commune of its province (0 until the province splits
its quota), so every commune has its campaign page from the start."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Campaign
from .services import ensure_quota_rows


@receiver(post_save, sender=Campaign, dispatch_uid="conscription_campaign_quota_rows")
def create_quota_rows(sender, instance: Campaign, created: bool, raw: bool = False, **kwargs):
    if not created or raw:
        return
    ensure_quota_rows(instance)
