"""What the works registers put on each scope's home page (issue 18): sections and to-do items,
every figure from `indicators`.

- a commune: a to-do item "works due for inspection" (their count, linked to the filtered list);
- a province and the Ministry: a section with the works degraded and due for inspection (linked
  to the lists), the degraded works one by one, and the roll-up by kind and state; the province
  also gets the to-do item for the works of its communes that are due.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from garrison.core.home import TodoItem, register_section, register_todo
from garrison.core.registry import NavLink, register_nav_link
from garrison.operations.home import MAX_ITEMS, link

from . import indicators as ind
from . import permissions
from .models import WorkState

register_nav_link(
    NavLink(
        "operations",
        6,
        gettext_lazy("Defence works by kind and state"),
        "operations:works_rollup",
        permissions.can_view_rollup,
    )
)


@register_todo
def works_todos(request, scope):
    if scope.is_nation:
        return []
    today = timezone.localdate()
    due = ind.due_works(request.user, today)
    count = due.count()
    if not count:
        return []
    oldest = due.order_by("inspection_due_on").values_list("inspection_due_on", flat=True)[0]
    return [
        TodoItem(
            ngettext(
                "%(count)d defence work is due for inspection",
                "%(count)d defence works are due for inspection",
                count,
            )
            % {"count": count},
            url=link("operations:work_list", due="true"),
            due=oldest,
            count=count,
        )
    ]


@register_section(13)
def works_overview(request, scope):
    if scope.is_commune:
        return None
    user = request.user
    today = timezone.localdate()
    by = ind.BY_PROVINCE if scope.is_nation else ind.BY_COMMUNE
    total = ind.WorkFigures()
    for figures in ind.works_rollup(user, today, by).values():
        total.add(figures)
    if not total.total:
        return None
    return {
        "template": "operations/_home_works.html",
        "total": total,
        "degraded": list(ind.degraded_works(user)[:MAX_ITEMS]),
        "degraded_url": link("operations:work_list", state=WorkState.DEGRADED),
        "due_url": link("operations:work_list", due="true"),
        "ready_url": link("operations:work_list", state=WorkState.READY),
        "rollup_url": link("operations:works_rollup"),
    }
