"""What the commands app puts on the home page of each scope, and its to-do items."""

from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from garrison.core.home import TodoItem, register_section, register_todo, todo_items
from garrison.core.registry import get_config
from garrison.territory.models import Province

from . import rules
from .models import MilitaryCommand
from .querysets import commander_name


def _command_url(command: MilitaryCommand) -> str | None:
    return get_config("commands.command").url("detail", command)


@register_section(10)
def nation_overview(request, scope):
    if not scope.is_nation:
        return None
    rollup = {
        row["province"]: row
        for row in MilitaryCommand.objects.visible_to(request.user).commander_rollup()
    }
    provinces = []
    totals = {"commands": 0, "with_commander": 0}
    for province in Province.objects.visible_to(request.user).order_by("code"):
        row = rollup.get(province.pk, {"commands": 0, "with_commander": 0})
        totals["commands"] += row["commands"]
        totals["with_commander"] += row["with_commander"]
        provinces.append(
            {
                "province": province,
                "commands": row["commands"],
                "with_commander": row["with_commander"],
                "lacking": row["commands"] - row["with_commander"],
                "fill": rules.fill_rate(row["with_commander"], row["commands"]),
                # the province's dashboard (its home page as its staff see it)
                "url": reverse("territory:province_dashboard", args=[province.pk]),
            }
        )
    return {
        "template": "commands/_home_nation.html",
        "provinces": provinces,
        "totals": totals,
        "fill": rules.fill_rate(totals["with_commander"], totals["commands"]),
    }


@register_section(10)
def province_overview(request, scope):
    if not scope.is_province:
        return None
    commands = list(
        MilitaryCommand.objects.visible_to(request.user)
        .communes()
        .with_staffing()
        .annotate(commander_name=commander_name())
        .select_related("commune")
        .order_by("has_commander", "-vacancies", "name")
    )
    lacking = [c for c in commands if not c.has_commander]
    totals = (
        MilitaryCommand.objects.visible_to(request.user)
        .communes()
        .with_staffing()
        .aggregate(quota=Sum("quota_total"), filled=Sum("filled_total"))
    )
    for command in commands:
        command.fill = rules.fill_rate(command.filled_total, command.quota_total)
        command.url = _command_url(command)
    return {
        "template": "commands/_home_province.html",
        "commands": commands,
        "lacking": lacking,
        "commander_fill": rules.fill_rate(len(commands) - len(lacking), len(commands)),
        "staff_fill": rules.fill_rate(totals["filled"] or 0, totals["quota"] or 0),
    }


@register_section(5)
def commune_todo(request, scope):
    if not scope.is_commune:
        return None
    return {"template": "core/_home_todo.html", "items": todo_items(request, scope)}


@register_section(10)
def commune_overview(request, scope):
    if not scope.is_commune:
        return None
    command = (
        MilitaryCommand.objects.visible_to(request.user)
        .with_staffing()
        .filter(commune_id=scope.commune_id)
        .select_related("commune")
        .first()
    )
    if command is None:
        return None
    context = get_config("commands.command").detail_context(request, command)
    return {
        "template": "commands/_home_commune.html",
        "command": command,
        "url": _command_url(command),
        **context,
    }


@register_todo
def staffing_todos(request, scope):
    if scope.is_nation:
        return []
    commands = MilitaryCommand.objects.visible_to(request.user).communes().with_staffing()
    if scope.is_commune:
        commands = commands.filter(commune_id=scope.commune_id)
    items = []
    lacking = commands.filter(has_commander=False)
    list_url = get_config("commands.command").url("list")
    if scope.is_province:
        count = lacking.count()
        if count:
            items.append(
                TodoItem(
                    ngettext(
                        "%(count)d commune command has no Commander in post",
                        "%(count)d commune commands have no Commander in post",
                        count,
                    )
                    % {"count": count},
                    url=f"{list_url}?has_commander=false&level=commune",
                    count=count,
                )
            )
        return items
    command = commands.first()
    if command is None:
        return items
    if not command.has_commander:
        items.append(TodoItem(_("The Commander post is vacant"), url=_command_url(command)))
    if command.vacancies:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d post of the staffing table is vacant",
                    "%(count)d posts of the staffing table are vacant",
                    command.vacancies,
                )
                % {"count": command.vacancies},
                url=_command_url(command),
                count=command.vacancies,
            )
        )
    return items
