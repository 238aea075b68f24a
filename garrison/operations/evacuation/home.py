"""What the evacuation plan puts on each scope's home page (issue 18), every figure from
`indicators`:

- a commune: to-do items "villages without an evacuation area" and "evacuation areas over
  capacity", when there are any, each linked to the coverage page;
- a province: one line of its communes' plan (villages without an area, areas over capacity,
  people to move against capacity), linked to the coverage page per commune."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import ngettext

from garrison.core.home import TodoItem, register_section, register_todo

from .indicators import evacuation_coverage, totals


def _coverage_url() -> str:
    return reverse("operations:evacuation_coverage")


@register_todo
def evacuation_todos(request, scope):
    if not scope.is_commune:
        return []
    row = evacuation_coverage(request.user, "commune").get(scope.commune_id)
    if row is None:
        return []
    items = []
    uncovered = row["villages_uncovered"]
    if uncovered:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d village has no evacuation area",
                    "%(count)d villages have no evacuation area",
                    uncovered,
                )
                % {"count": uncovered},
                url=_coverage_url(),
                count=uncovered,
            )
        )
    over = row["areas_over_capacity"]
    if over:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d evacuation area is over capacity",
                    "%(count)d evacuation areas are over capacity",
                    over,
                )
                % {"count": over},
                url=_coverage_url(),
                count=over,
            )
        )
    return items


@register_section(13)
def province_evacuation(request, scope):
    if not scope.is_province:
        return None
    rows = evacuation_coverage(request.user, "commune", province_id=scope.province_id)
    if not rows:
        return None
    return {
        "template": "operations/_home_evacuation.html",
        "total": totals(rows),
        "url": _coverage_url(),
    }
