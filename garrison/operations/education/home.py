"""What the education registers put on each scope's home page (issue 18): a commune's to-do
item (its cadres due for defence and security education), a line in the province's section,
and the coverage page in the menu — every figure from `indicators`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from garrison.core.home import TodoItem, register_section, register_todo
from garrison.core.registry import NavLink, register_nav_link
from garrison.operations.home import link
from garrison.territory.models import Commune

from . import indicators as ind
from . import permissions

register_nav_link(
    NavLink(
        "operations",
        72,
        gettext_lazy("Defence and security education coverage"),
        "operations:education_coverage",
        permissions.can_view_coverage,
    )
)


def cadres_due(user, on) -> int:
    figures = ind.education_rollup(user, on.year, on, ind.BY_COMMUNE)
    return sum(f.due or 0 for groups in figures.values() for f in groups.values())


@register_todo
def education_todos(request, scope):
    if not scope.is_commune:
        return []
    today = timezone.localdate()
    due = cadres_due(request.user, today)
    if not due:
        return []
    return [
        TodoItem(
            ngettext(
                "%(count)d cadre is due for defence and security education",
                "%(count)d cadres are due for defence and security education",
                due,
            )
            % {"count": due},
            url=link(
                "operations:edugroupmember_list",
                commune=Commune.code_of(scope.commune_id),
                due="true",
            ),
            count=due,
        )
    ]


@register_section(13)
def province_education(request, scope):
    """A line for the province: its cadres trained within the cycle, those due, the sessions of
    the year, linked to the coverage page."""
    if not scope.is_province:
        return None
    today = timezone.localdate()
    figures = ind.education_rollup(request.user, today.year, today, ind.BY_PROVINCE)
    total = ind.empty_groups()
    for groups in figures.values():
        for g, f in groups.items():
            total[g].add(f)
    members = sum(total[g].members or 0 for g in ind.CADRES)
    trained = sum(total[g].trained or 0 for g in ind.CADRES)
    sessions = sum(f.sessions for f in total.values())
    if not (members or sessions):
        return None
    return {
        "template": "operations/_home_education.html",
        "members": members,
        "trained": trained,
        "due": members - trained,
        "sessions": sessions,
        "year": today.year,
        "url": link("operations:education_coverage", year=today.year),
    }
