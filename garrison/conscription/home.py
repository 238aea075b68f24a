"""What the military-service register puts on each scope's home page, and its to-do items."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import ngettext

from garrison.core.home import TodoItem, register_section, register_todo
from garrison.core.registry import get_config
from garrison.territory.models import Commune

from . import services
from .models import Campaign, Candidate, CommuneQuota, RecordTransfer
from .querysets import CALLABLE_OUTCOMES


def current_campaign(request, scope) -> Campaign | None:
    """The campaign of this year or the next (the exams of year Y+1 run in Nov–Dec of Y)."""
    year = timezone.localdate().year
    return (
        Campaign.objects.visible_to(request.user)
        .filter(year__in=[year, year + 1], province_id=scope.province_id)
        .exclude(status=Campaign.Status.CLOSED)
        .order_by("year")
        .first()
    )


@register_section(20)
def commune_enlistment(request, scope):
    if not scope.is_commune:
        return None
    campaign = current_campaign(request, scope)
    if campaign is None:
        return None
    row = (
        CommuneQuota.objects.visible_to(request.user)
        .filter(campaign=campaign, commune_id=scope.commune_id)
        .first()
    )
    counts = (
        Candidate.objects.visible_to(request.user)
        .filter(campaign=campaign, commune_id=scope.commune_id)
        .aggregate(
            pool=Count("pk"),
            callable=Count("pk", filter=Q(outcome__in=CALLABLE_OUTCOMES)),
            selected=Count("pk", filter=Q(selected=True)),
            enlisted=Count("pk", filter=Q(enlistment="reported")),
        )
    )
    config = get_config("conscription.commune_campaign")
    return {
        "template": "conscription/_home_commune.html",
        "campaign": campaign,
        "quota": row.quota if row else None,
        "counts": counts,
        "url": config.url("detail", row) if row else None,
    }


@register_section(20)
def province_enlistment(request, scope):
    if not scope.is_province:
        return None
    campaign = current_campaign(request, scope)
    config = get_config("conscription.campaign")
    if campaign is None:
        return {
            "template": "conscription/_home_province.html",
            "campaign": None,
            "add_url": config.url("add") if config.user_can_add(request.user) else None,
            "list_url": config.url("list"),
        }
    counts = (
        Candidate.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .aggregate(
            selected=Count("pk", filter=Q(selected=True)),
            ordered=Count("pk", filter=Q(order__isnull=False)),
            enlisted=Count("pk", filter=Q(enlistment="reported")),
        )
    )
    return {
        "template": "conscription/_home_province.html",
        "campaign": campaign,
        "counts": counts,
        "fulfilment": round(100 * counts["enlisted"] / campaign.quota) if campaign.quota else 0,
        "url": config.url("detail", campaign),
        "list_url": config.url("list"),
    }


@register_todo
def conscription_todos(request, scope):
    if scope.is_nation:
        return []
    today = timezone.localdate()
    items: list[TodoItem] = []
    if scope.is_commune:
        communes = Commune.objects.visible_to(request.user).filter(pk=scope.commune_id)
        due = services.registration_due(communes, today.year).count()
        if due:
            items.append(
                TodoItem(
                    ngettext(
                        "%(count)d citizen must make their first military service registration",
                        "%(count)d citizens must make their first military service registration",
                        due,
                    )
                    % {"count": due},
                    url=f"{_due_url()}?year={today.year}",
                    due=datetime.date(today.year, 4, 30),
                    count=due,
                )
            )
        incoming = (
            RecordTransfer.objects.visible_to(request.user)
            .filter(to_commune_id=scope.commune_id, status=RecordTransfer.Status.PENDING)
            .count()
        )
        if incoming:
            items.append(
                TodoItem(
                    ngettext(
                        "%(count)d service record handed over to us awaits receipt",
                        "%(count)d service records handed over to us await receipt",
                        incoming,
                    )
                    % {"count": incoming},
                    url=f"{get_config('conscription.transfer').url('list')}?status=pending",
                    count=incoming,
                )
            )
    campaign = current_campaign(request, scope)
    if campaign is not None:
        candidates = Candidate.objects.visible_to(request.user).filter(campaign=campaign)
        pool_url = f"{get_config('conscription.candidate').url('list')}?campaign={campaign.pk}"
        unordered = candidates.filter(selected=True, order__isnull=True).count()
        if unordered:
            items.append(
                TodoItem(
                    ngettext(
                        "%(count)d selected citizen has no call-up order yet",
                        "%(count)d selected citizens have no call-up order yet",
                        unordered,
                    )
                    % {"count": unordered},
                    url=f"{pool_url}&stage=selected",
                    due=campaign.notice_deadline,
                    count=unordered,
                )
            )
        unexamined = candidates.filter(screening="passed", exams__isnull=True).count()
        if unexamined and today <= campaign.handover_date:
            items.append(
                TodoItem(
                    ngettext(
                        "%(count)d screened citizen has no health examination result",
                        "%(count)d screened citizens have no health examination result",
                        unexamined,
                    )
                    % {"count": unexamined},
                    url=f"{pool_url}&stage=screened",
                    due=campaign.exam_end,
                    count=unexamined,
                )
            )
    return items


def _due_url() -> str:
    from django.urls import reverse

    return reverse("conscription:registration_due")
