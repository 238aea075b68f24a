"""What the cadres app puts on a province's home page: its cadres to-do list (Commander posts
vacant today, posts falling vacant within six months, cadres on the training priority list not
yet enrolled, draft placement proposals waiting). A province has no to-do box of its own on the
home page (`core.home.todo_items` is shown to communes), so the items come as a section; the
figures are a fixed handful of queries, whatever the size of the province."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from garrison.core.home import TodoItem, register_section

from . import overview
from .views.overview import optional_url


def province_items(request, scope) -> list[TodoItem]:
    today = timezone.localdate()
    counts = overview.home_counts(request.user, scope.province_id, today)
    overview_url = reverse("cadres:overview")
    items: list[TodoItem] = []
    if n := counts["commander_vacant"]:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d Commander post is vacant today",
                    "%(count)d Commander posts are vacant today",
                    n,
                )
                % {"count": n},
                url=f"{overview_url}#gaps",
                count=n,
            )
        )
    if n := counts["falling_vacant"]:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d Commander or Deputy Commander post falls vacant within "
                    "%(months)d months: prepare the successor",
                    "%(count)d Commander or Deputy Commander posts fall vacant within "
                    "%(months)d months: prepare the successors",
                    n,
                )
                % {"count": n, "months": overview.HOME_HORIZON},
                url=f"{overview_url}?horizon={overview.HOME_HORIZON}#vacancies",
                count=n,
            )
        )
    if n := counts["not_enrolled"]:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d cadre on a political body lacks advanced political theory and "
                    "is not yet enrolled on a course",
                    "%(count)d cadres on political bodies lack advanced political theory and "
                    "are not yet enrolled on a course",
                    n,
                )
                % {"count": n},
                url=f"{reverse('cadres:priority')}?enrolled=no",
                count=n,
            )
        )
    if n := counts["draft_runs"]:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d draft placement proposal is waiting for a decision",
                    "%(count)d draft placement proposals are waiting for a decision",
                    n,
                )
                % {"count": n},
                url=optional_url("cadres:run_list"),
                count=n,
            )
        )
    return items


@register_section(12)
def province_cadres(request, scope):
    if not scope.is_province:
        return None
    items = province_items(request, scope)
    if not items:
        return None
    return {
        "template": "cadres/_home_province.html",
        "items": items,
        "url": reverse("cadres:overview"),
    }
