"""What inspections put on each scope's home page, every figure linked to the list behind it:

- a commune: to-do items for its corrective actions to answer, overdue ones and those due within
  `rules.DUE_SOON_DAYS` days;
- the province (its staff and its inspector): a section with the open findings, the answers
  waiting for the inspector's verification and the overdue actions by commune, and the year's
  plan page.

The menu gains the year's plan page for the province and the Ministry."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from garrison.core.home import TodoItem, register_section, register_todo
from garrison.core.registry import NavLink, register_nav_link

from . import permissions
from . import querysets as q
from .models import CorrectiveAction, Finding
from .pages import actions_link, findings_link, link

#: at most this many communes are listed one by one in the home section
MAX_COMMUNES = 10

register_nav_link(
    NavLink(
        "oversight",
        5,
        gettext_lazy("Inspections of the year"),
        "oversight:inspection_year",
        permissions.can_view_plan_page,
    )
)


def _commune_todos(request, today) -> list[TodoItem]:
    actions = CorrectiveAction.objects.visible_to(request.user)
    todo = q.commune_todo_actions(actions, today)
    overdue = list(todo.filter(q.overdue_q(today)).values_list("due_on", flat=True))
    soon = list(todo.filter(q.due_soon_q(today)).values_list("due_on", flat=True))
    items = []
    if overdue:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d corrective action is overdue: answer it",
                    "%(count)d corrective actions are overdue: answer them",
                    len(overdue),
                )
                % {"count": len(overdue)},
                url=actions_link(overdue="true", to_answer="true"),
                due=min(overdue),
                count=len(overdue),
            )
        )
    if soon:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d corrective action to answer soon",
                    "%(count)d corrective actions to answer soon",
                    len(soon),
                )
                % {"count": len(soon)},
                url=actions_link(to_answer="true"),
                due=min(soon),
                count=len(soon),
            )
        )
    return items


@register_todo
def inspection_todos(request, scope):
    if not scope.is_commune:
        return []  # the province's part is its home section (a province has no to-do box)
    return _commune_todos(request, timezone.localdate())


@register_section(40)
def inspections_overview(request, scope):
    if not scope.is_province:
        return None
    user = request.user
    today = timezone.localdate()
    actions = CorrectiveAction.objects.visible_to(user)
    open_findings = q.open_findings(Finding.objects.visible_to(user)).count()
    overdue = q.overdue_by_commune(actions, today)
    waiting = q.awaiting_verification(actions).count()
    if not (open_findings or overdue or waiting):
        return None
    for row in overdue:
        row["url"] = actions_link(commune=row["commune__code"], overdue="true")
    return {
        "template": "oversight/_home_inspections.html",
        "open_findings": open_findings,
        "open_findings_url": findings_link(state="open"),
        "waiting": waiting,
        "waiting_url": actions_link(state="answered"),
        "overdue": overdue[:MAX_COMMUNES],
        "overdue_more": max(len(overdue) - MAX_COMMUNES, 0),
        "overdue_total": sum(row["count"] for row in overdue),
        "overdue_url": actions_link(overdue="true"),
        "year_url": link("inspection_year"),
    }
