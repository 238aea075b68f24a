"""Command figures for report forms and dashboards (core.indicators): whether the commune
command's Commander post is filled on the day, and how many of its posts are held."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, register_indicator, register_province_figures

from .models import MilitaryCommand


def _commander(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = (
        MilitaryCommand.objects.communes()
        .filter(commune_id__in=ids)
        .with_staffing(on)
        .values_list("commune_id", "has_commander")
    )
    return {commune_id: int(bool(has)) for commune_id, has in rows}


def _staff(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = (
        MilitaryCommand.objects.communes()
        .filter(commune_id__in=ids)
        .with_staffing(on)
        .values_list("commune_id", "filled_total")
    )
    return dict(rows)


def _command_list(commune_id: int, on: datetime.date) -> str | None:
    """The commune command's page (its posts and who holds them)."""
    pk = MilitaryCommand.objects.filter(commune_id=commune_id).values_list("pk", flat=True).first()
    return reverse("commands:command_detail", kwargs={"pk": pk}) if pk else None


register_indicator(
    Indicator(
        "command.commander_filled",
        _("Commander post filled (1 yes, 0 no)"),
        _("Staffing register: an assignment to the Commander post in force on the day"),
        _commander,
        list_url=_command_list,
    )
)
register_indicator(
    Indicator(
        "command.staff",
        _("command posts held"),
        _("Staffing register: posts of the establishment held on the day (at most the quota)"),
        _staff,
        unit=_("people"),
        list_url=_command_list,
    )
)


@register_province_figures
def _commune_command_figures(user) -> dict[int, dict[str, int]]:
    """Per province: its commune commands and how many have a Commander in post (one query)."""
    return {
        row["province"]: {
            "commune_commands": row["commands"],
            "commune_commands_with_commander": row["with_commander"],
        }
        for row in MilitaryCommand.objects.visible_to(user).commander_rollup()
    }
