"""Military service figures for report forms and dashboards (core.indicators): the commune's
quota and enlisted men in the enlistment campaign under way on the day (the latest campaign of
its province whose examinations had begun), and men registered for military service."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, counts_by_commune, register_indicator
from garrison.territory.models import Commune

from .models import Campaign, CommuneQuota, ServiceRecord


def _current_quotas(ids: list[int], on: datetime.date):
    """The communes' quota rows in their province's campaign under way on `on`."""
    provinces = Commune.objects.filter(pk__in=ids).values("province_id").distinct()
    latest: dict[int, int] = {}
    campaigns = (
        Campaign.objects.filter(province_id__in=provinces, exam_start__lte=on)
        .order_by("province_id", "-year")
        .values_list("province_id", "pk")
    )
    for province_id, pk in campaigns:  # at most one row per province and year
        latest.setdefault(province_id, pk)
    return CommuneQuota.objects.filter(campaign_id__in=latest.values(), commune_id__in=ids)


def _quota(ids: list[int], on: datetime.date) -> dict[int, int]:
    return dict(_current_quotas(ids, on).values_list("commune_id", "quota"))


def _enlisted(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = _current_quotas(ids, on).with_progress(on).values_list("commune_id", "enlisted_count")
    return dict(rows)


def _year_quotas(ids: list[int], on: datetime.date):
    """The communes' quota rows in their province's campaign of `on`'s year (the year of
    enlistment): what an assessment of that year holds the commune to, whichever campaign is
    under way on the day (the next year's examinations begin before the year ends)."""
    return CommuneQuota.objects.filter(campaign__year=on.year, commune_id__in=ids)


def _year_quota(ids: list[int], on: datetime.date) -> dict[int, int]:
    return dict(_year_quotas(ids, on).values_list("commune_id", "quota"))


def _year_enlisted(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = _year_quotas(ids, on).with_progress(on).values_list("commune_id", "enlisted_count")
    return dict(rows)


def _registered(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(ServiceRecord.objects.on_register(on).filter(commune_id__in=ids))


register_indicator(
    Indicator(
        "enlistment.quota",
        _("enlistment quota"),
        _("Enlistment campaign under way: the commune's quota"),
        _quota,
        unit=_("people"),
        list_url=lambda commune_id, on: reverse("conscription:campaign_list"),
    )
)
register_indicator(
    Indicator(
        "enlistment.enlisted",
        _("men enlisted"),
        _("Enlistment campaign under way: candidates who reported on enlistment day"),
        _enlisted,
        unit=_("people"),
        list_url=lambda commune_id, on: reverse("conscription:campaign_list"),
    )
)
register_indicator(
    Indicator(
        "enlistment.year_quota",
        _("enlistment quota of the year"),
        _("Enlistment campaign of the year: the commune's quota"),
        _year_quota,
        unit=_("people"),
        list_url=lambda commune_id, on: reverse("conscription:campaign_list"),
    )
)
register_indicator(
    Indicator(
        "enlistment.year_enlisted",
        _("men enlisted in the year"),
        _("Enlistment campaign of the year: candidates who reported on enlistment day, by the day"),
        _year_enlisted,
        unit=_("people"),
        list_url=lambda commune_id, on: (
            f"{reverse('conscription:candidate_list')}?commune={Commune.code_of(commune_id)}"
            "&reached=enlisted"
        ),
    )
)
register_indicator(
    Indicator(
        "service.registered",
        _("men registered for military service"),
        _("Military service register: records registered by the day, not removed by then"),
        _registered,
        unit=_("people"),
        list_url=lambda commune_id, on: (
            f"{reverse('conscription:record_list')}?commune={Commune.code_of(commune_id)}"
        ),
    )
)
