"""The forces' figures for report forms and dashboards (core.indicators): militia strength and
training, reservists and technical means — each one aggregate query over the registers, for
any set of communes, as they stand on a day. Each reads the same queryset function as the
forces overview (`strength_by`, `training_by`, `readiness_by`), so a figure has one definition."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, register_indicator
from garrison.territory.models import Commune

from .models import MilitiaMember, MilitiaUnit, Reservist, TechnicalMeans
from .rollups import establishment_sum


def _column(rows, column: str) -> dict[int, int]:
    return {row["commune"]: row[column] for row in rows}


def _militia_strength(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = MilitiaMember.objects.filter(commune_id__in=ids).strength_by("commune", on)
    return _column(rows, "strength")


def _militia_trained(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = MilitiaMember.objects.filter(commune_id__in=ids).training_by("commune", on.year, on)
    return _column(rows, "complete_n")


def _militia_establishment(ids: list[int], on: datetime.date) -> dict[int, int]:
    """The establishment of the commune's units in use that had been established by the day (a
    unit with no date counts); the register keeps no date a unit stopped being used."""
    rows = (
        MilitiaUnit.objects.filter(commune_id__in=ids, is_active=True)
        .filter(Q(established_on__isnull=True) | Q(established_on__lte=on))
        .order_by()
        .values("commune")
        .annotate(establishment=establishment_sum())
    )
    return {row["commune"]: row["establishment"] or 0 for row in rows}


def _reservists_checked(ids: list[int], on: datetime.date) -> dict[int, int]:
    return _column(
        Reservist.objects.filter(commune_id__in=ids).readiness_by("commune", on), "checked"
    )


def _reservists(ids: list[int], on: datetime.date) -> dict[int, int]:
    return _column(
        Reservist.objects.filter(commune_id__in=ids).readiness_by("commune", on), "registered"
    )


def _reservists_assigned(ids: list[int], on: datetime.date) -> dict[int, int]:
    return _column(
        Reservist.objects.filter(commune_id__in=ids).readiness_by("commune", on), "assigned"
    )


def _means(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = TechnicalMeans.objects.filter(commune_id__in=ids).readiness_by("commune", on)
    return _column(rows, "registered")


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
        "militia.establishment",
        _("militia establishment"),
        _(
            "Militia units register: the establishment (leaders, deputies, political officers "
            "and members) of the units in use established by the day"
        ),
        _militia_establishment,
        unit=_("people"),
        list_url=_list("forces:unit_list"),
    )
)
register_indicator(
    Indicator(
        "reserve.checked",
        _("reservists checked this year"),
        _(
            "Reserve register: reservists on the register checked (re-registered) in the year "
            "by the day"
        ),
        _reservists_checked,
        unit=_("people"),
        list_url=_list("forces:reservist_list"),
    )
)
register_indicator(
    Indicator(
        "reserve.registered",
        _("reservists registered"),
        _("Reserve register: reservists registered by the day and not discharged by then"),
        _reservists,
        unit=_("people"),
        list_url=_list("forces:reservist_list"),
    )
)
register_indicator(
    Indicator(
        "reserve.assigned",
        _("reservists assigned to a reserve unit"),
        _("Reserve register: reservists on the register assigned to a reserve unit by the day"),
        _reservists_assigned,
        unit=_("people"),
        list_url=_list("forces:reservist_list"),
    )
)
register_indicator(
    Indicator(
        "reserve.means",
        _("reserve technical means registered"),
        _("Technical means register: means registered by the day and not removed"),
        _means,
        unit=_("items"),
        list_url=_list("forces:means_list"),
    )
)
