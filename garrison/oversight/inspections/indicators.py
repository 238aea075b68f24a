"""The inspection figures of the indicator registry (`core.indicators`): the corrective actions
a commune owed in the year up to the day, and how many it put right on time. Each is one
aggregate query over the communes asked about.

Definitions taken:
- an action is *due* when its due date falls between 1 January of the day's year and the day
  (whatever its state: an action closed with its finding still fell due);
- it is *done on time* when the inspector had verified it by the day and the commune's answer
  (its latest, when an answer was returned and given again) came by the due date.
"""

from __future__ import annotations

import datetime

from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, counts_by_commune, register_indicator
from garrison.territory.models import Commune

from .models import ActionState, CorrectiveAction

#: the corrective actions' list (its filters: `commune` a code, `state`, `year` due in)
ACTION_LIST = "oversight:corrective_action_list"


def _due(ids: list[int], on: datetime.date):
    return CorrectiveAction.objects.filter(
        commune_id__in=ids, due_on__gte=datetime.date(on.year, 1, 1), due_on__lte=on
    )


def _actions_due(ids: list[int], on: datetime.date) -> dict[int, int]:
    return counts_by_commune(_due(ids, on))


def _actions_done_on_time(ids: list[int], on: datetime.date) -> dict[int, int]:
    done = _due(ids, on).filter(
        state=ActionState.VERIFIED, verified_on__lte=on, answered_on__lte=F("due_on")
    )
    return counts_by_commune(done)


def _list(**params: str):
    def url(commune_id: int, on: datetime.date) -> str | None:
        try:
            base = reverse(ACTION_LIST)
        except NoReverseMatch:  # the list is not there: the figure is shown unlinked
            return None
        query = {"commune": Commune.code_of(commune_id), "year": on.year, **params}
        return f"{base}?{urlencode(query)}"

    return url


register_indicator(
    Indicator(
        "oversight.actions_due",
        _("corrective actions due this year"),
        _("Inspections: corrective actions of the commune due between 1 January and the day"),
        _actions_due,
        unit=_("actions"),
        list_url=_list(),
    )
)
register_indicator(
    Indicator(
        "oversight.actions_done_on_time",
        _("corrective actions done on time this year"),
        _(
            "Inspections: corrective actions due between 1 January and the day, answered by "
            "their due date and verified by the inspector by the day"
        ),
        _actions_done_on_time,
        unit=_("actions"),
        list_url=_list(state=ActionState.VERIFIED),
    )
)
