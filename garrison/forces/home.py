"""What the forces registers put on each scope's home page, and their to-do items: terms ending
this year, members behind in training, reservists and means due for the yearly check."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from garrison.core.home import TodoItem, register_section, register_todo

from .models import MilitiaMember, MilitiaUnit, Reservist, TechnicalMeans
from .rollups import Row, establishment_sum


def training_totals(request, today: datetime.date) -> tuple[int, int, int]:
    """(serving members, trained in full, behind) this year over the user's scope: one query,
    kept on the request because the home section and the to-do list both need it."""
    cached = getattr(request, "_forces_training_totals", None)
    if cached is None:
        totals = [0, 0, 0]
        members = MilitiaMember.objects.visible_to(request.user)
        for item in members.training_by("province", today.year, today):
            totals[0] += item["members"]
            totals[1] += item["complete_n"]
            totals[2] += item["behind_n"]
        cached = request._forces_training_totals = tuple(totals)
    return cached


@register_section(30)
def forces_summary(request, scope):
    """The figures that matter now, each one aggregate over the user's scope and each a link to
    the list behind it (the overview has the rest). Training completion is shown to communes and
    provinces: for the nation it would read every attendance row of the year on each visit."""
    today = timezone.localdate()
    year = today.year
    user = request.user
    total = Row(None, "")
    units = MilitiaUnit.objects.visible_to(user).filter(is_active=True)
    total.establishment = units.aggregate(e=establishment_sum())["e"] or 0
    members = MilitiaMember.objects.visible_to(user)
    for item in members.strength_by("province", today):
        total.strength += item["strength"]
        total.completing += item["completing"]
    show_training = not scope.is_nation
    if show_training:
        total.trainees, total.trained, total.behind = training_totals(request, today)
    for item in Reservist.objects.visible_to(user).readiness_by("province", today):
        total.reservists += item["registered"]
        total.checked += item["checked"]
    if not (total.establishment or total.strength or total.reservists):
        return None
    member_list = reverse("forces:member_list")
    return {
        "template": "forces/_home.html",
        "total": total,
        "year": year,
        "show_training": show_training,
        "url": reverse("forces:overview"),
        "ending_url": f"{member_list}?status=open&term_ends_in={year}",
        "trained_url": f"{member_list}?training=complete",
        "behind_url": f"{member_list}?training=behind",
        "checked_url": f"{reverse('forces:reservist_list')}?readiness=due_check",
    }


@register_todo
def forces_todos(request, scope):
    if scope.is_nation:
        return []
    today = timezone.localdate()
    year = today.year
    items: list[TodoItem] = []
    member_list = reverse("forces:member_list")
    members = MilitiaMember.objects.visible_to(request.user)
    ending = members.completing_in(year).count()
    if ending:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d militia term ends in %(year)d: decide completion or extension",
                    "%(count)d militia terms end in %(year)d: decide completion or extension",
                    ending,
                )
                % {"count": ending, "year": year},
                url=f"{member_list}?status=open&term_ends_in={year}",
                due=datetime.date(year, 12, 31),
                count=ending,
            )
        )
    behind = training_totals(request, today)[2]
    if behind:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d militia member has missed training sessions this year",
                    "%(count)d militia members have missed training sessions this year",
                    behind,
                )
                % {"count": behind},
                url=f"{member_list}?training=behind",
                count=behind,
            )
        )
    due = Reservist.objects.visible_to(request.user).due_for_check(year).count()
    if due:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d reservist is due for the yearly check",
                    "%(count)d reservists are due for the yearly check",
                    due,
                )
                % {"count": due},
                url=f"{reverse('forces:reservist_list')}?readiness=due_check",
                due=datetime.date(year, 12, 31),
                count=due,
            )
        )
    means_due = TechnicalMeans.objects.visible_to(request.user).due_for_check(year).count()
    if means_due:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d reserve technical means is due for the yearly check",
                    "%(count)d reserve technical means are due for the yearly check",
                    means_due,
                )
                % {"count": means_due},
                url=f"{reverse('forces:means_list')}?due=true",
                due=datetime.date(year, 12, 31),
                count=means_due,
            )
        )
    return items
