"""What the programmes registers put on each scope's home page (issue 18): sections and to-do items,
every figure from `indicators`.

- a commune: the programmes running today (its own and its province's), each with a link to add
  help given; a to-do item per running programme under which it has recorded no help yet;
- a province: the totals line of the programmes running today (people helped, help given, value
  given, persons helped more than once), linked to the totals page.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.home import TodoItem, register_section, register_todo

from . import indicators as ind
from .models import ProgrammeAid

MAX_ITEMS = 10


def _link(name, *args, **params):
    from garrison.operations.home import link

    return link(name, *args, **params)


def running_with_counts(user, today):
    """The programmes running today that `user` sees, with the help the user's scope recorded
    under each (one query)."""
    return list(
        ind.running_programmes(user, today)
        .annotate(
            aid_rows=Count(
                "aid", filter=Q(aid__in=ProgrammeAid.objects.visible_to(user).values("pk"))
            )
        )
        .order_by("ends_on", "name")[:MAX_ITEMS]
    )


@register_section(14)
def commune_programmes(request, scope):
    if not scope.is_commune:
        return None
    today = timezone.localdate()
    programmes = running_with_counts(request.user, today)
    if not programmes:
        return None
    for programme in programmes:
        programme.url = _link("operations:programme_detail", programme.pk)
        programme.give_url = _link("operations:programme_give_aid", programme.pk)
    return {"template": "operations/_home_programmes.html", "programmes": programmes}


@register_section(14)
def province_programmes(request, scope):
    if not scope.is_province:
        return None
    today = timezone.localdate()
    running = ind.running_programmes(request.user, today)
    aid = ProgrammeAid.objects.visible_to(request.user).filter(programme__in=running)
    rows = ind.programme_totals(request.user, ind.PROVINCE, aid=aid)
    if not rows:
        return None
    return {
        "template": "operations/_home_programmes_province.html",
        "total": ind.sum_rows(rows),
        "running": running.count(),
        "url": _link("operations:programme_totals"),
    }


@register_todo
def programme_todos(request, scope):
    if not scope.is_commune:
        return []
    today = timezone.localdate()
    items = []
    for programme in running_with_counts(request.user, today):
        if programme.aid_rows:
            continue
        items.append(
            TodoItem(
                _("Record the help given under %(programme)s") % {"programme": programme.name},
                url=_link("operations:programme_give_aid", programme.pk),
                due=programme.ends_on,
            )
        )
    return items
