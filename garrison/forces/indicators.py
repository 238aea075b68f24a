"""The forces' figures for report forms and dashboards (core.indicators): militia strength and
training, reservists and technical means — each one aggregate query over the registers, for
any set of communes, as they stand on a day."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, counts_by_commune, register_indicator
from garrison.territory.models import Commune

from .models import MilitiaMember, Reservist, TechnicalMeans


def _serving_on(on: datetime.date) -> Q:
    """A term that had begun by `on` and had not ended by then (a term ended without a
    recorded date counts as ended)."""
    still_open = Q(status__in=MilitiaMember.OPEN_STATUSES, ended_on__isnull=True)
    return Q(started_on__lte=on) & (still_open | Q(ended_on__gt=on))


def _militia_strength(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(MilitiaMember.objects.filter(_serving_on(on), commune_id__in=ids))


def _militia_trained(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = (
        MilitiaMember.objects.filter(commune_id__in=ids)
        .training_by("commune", on.year, on)
        .values("commune", "complete_n")
    )
    return {row["commune"]: row["complete_n"] for row in rows}


def _reservists(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(Reservist.objects.registered().filter(commune_id__in=ids))


def _reservists_assigned(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(
        Reservist.objects.registered().filter(commune_id__in=ids, reserve_unit__isnull=False)
    )


def _means(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(TechnicalMeans.objects.registered().filter(commune_id__in=ids))


def _list(name: str):
    return lambda commune_id, on: f"{reverse(name)}?commune={Commune.code_of(commune_id)}"


register_indicator(
    Indicator(
        "militia.strength",
        _("militia and self-defence strength"),
        _("Militia register: members whose term had begun and not ended on the day"),
        _militia_strength,
        unit=_("people"),
        list_url=_list("forces:member_list"),
    )
)
register_indicator(
    Indicator(
        "militia.trained",
        _("militia members who completed this year's training"),
        _(
            "Training register: serving members whose attended days reach the days DQTV 28.1 "
            "requires this year"
        ),
        _militia_trained,
        unit=_("people"),
        list_url=_list("forces:member_list"),
    )
)
register_indicator(
    Indicator(
        "reserve.registered",
        _("reservists registered"),
        _("Reserve register: reservists with the status registered"),
        _reservists,
        unit=_("people"),
        list_url=_list("forces:reservist_list"),
    )
)
register_indicator(
    Indicator(
        "reserve.assigned",
        _("reservists assigned to a reserve unit"),
        _("Reserve register: registered reservists assigned to a reserve unit"),
        _reservists_assigned,
        unit=_("people"),
        list_url=_list("forces:reservist_list"),
    )
)
register_indicator(
    Indicator(
        "reserve.means",
        _("reserve technical means registered"),
        _("Technical means register: means with the status registered"),
        _means,
        unit=_("items"),
        list_url=_list("forces:means_list"),
    )
)
