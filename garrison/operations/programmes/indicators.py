"""The programmes figures (issue 18): one definition per figure, registered in the core indicator
registry; the home sections, the roll-up pages and bench/defence_zone.py read them.

- `programme_totals(user, by, programme=None)`: per commune (`by="commune"`) or per province
  (`by="province"`), in ONE aggregate query: people helped (distinct persons; for a family its
  head), help given (rows), the value given in all and by kind, and the help given to persons
  helped more than once under the same programme (flagged rows);
- the registry's figures per commune on a day: people helped (distinct persons) and value given
  (VND), counting the help given in the day's year up to the day, under every programme.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, register_indicator
from garrison.territory.models import Commune

from .filters import helped_twice_q
from .models import AidKind, MassProgramme, ProgrammeAid

COMMUNE, PROVINCE = "commune", "province"
KINDS = list(AidKind.values)
#: the group key of each level and the names read with it
GROUPS = {
    COMMUNE: ("commune_id", "commune__code", "commune__name"),
    PROVINCE: ("province_id", "province__code", "province__name"),
}


def totals_rows(aid: QuerySet[ProgrammeAid], by: str) -> QuerySet:
    """The totals of `aid` per commune or per province: one GROUP BY."""
    key, code, name = GROUPS[by]
    by_kind = {
        f"value_{kind}": Coalesce(Sum("value_vnd", filter=Q(kind=kind)), 0) for kind in KINDS
    }
    qty_kind = {
        f"quantity_{kind}": Coalesce(Sum("quantity", filter=Q(kind=kind)), 0) for kind in KINDS
    }
    return (
        aid.order_by()
        .values(key, code, name)
        .annotate(
            people=Count("person_id", distinct=True),
            rows=Count("pk"),
            value=Coalesce(Sum("value_vnd"), 0),
            flagged=Count("pk", filter=helped_twice_q()),
            **by_kind,
            **qty_kind,
        )
        .order_by(name)
    )


def programme_totals(
    user: Any, by: str, programme: MassProgramme | None = None, aid: QuerySet | None = None
) -> list[dict[str, Any]]:
    """The totals of the help `user` sees (of `programme`, or of every programme), one dict per
    commune or province: {id, code, name, people, rows, value, flagged, value_<kind>,
    quantity_<kind>, values: [(kind label, value)]}."""
    if by not in GROUPS:
        raise ValueError(f"unknown level {by!r}")
    rows = aid if aid is not None else ProgrammeAid.objects.visible_to(user)
    if programme is not None:
        rows = rows.filter(programme=programme)
    key, code, name = GROUPS[by]
    answer = []
    for row in totals_rows(rows, by):
        row["id"], row["code"], row["name"] = row[key], row[code], row[name]
        row["by_kind"] = [
            (label, row[f"quantity_{kind}"], row[f"value_{kind}"])
            for kind, label in AidKind.choices
        ]
        answer.append(row)
    return answer


def sum_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The total line of a totals table (people helped add up across communes: a person lives
    in one commune; across programmes the same person may count once in each)."""
    fields = ["people", "rows", "value", "flagged"]
    fields += [f"value_{k}" for k in KINDS] + [f"quantity_{k}" for k in KINDS]
    total = {f: sum(r[f] for r in rows) for f in fields}
    total["by_kind"] = [
        (label, total[f"quantity_{kind}"], total[f"value_{kind}"])
        for kind, label in AidKind.choices
    ]
    return total


def persons_helped_twice(aid: QuerySet[ProgrammeAid]) -> QuerySet:
    """(programme, person) helped more than once, with how many times and the last day."""
    return (
        aid.order_by()
        .values("programme_id", "person_id", "person__full_name", "commune__name")
        .annotate(times=Count("pk"), last=Max("given_on"))
        .filter(times__gt=1)
        .order_by("commune__name", "person__full_name")
    )


def running_programmes(user: Any, on: datetime.date) -> QuerySet[MassProgramme]:
    """The programmes `user` sees that run on `on`."""
    return MassProgramme.objects.visible_to(user).filter(starts_on__lte=on, ends_on__gte=on)


# --- the core registry (figures per commune, for report forms and assessments) -------------------
def _year_aid(ids: list[int], on: datetime.date) -> QuerySet[ProgrammeAid]:
    return ProgrammeAid.objects.filter(
        commune_id__in=ids, given_on__gte=datetime.date(on.year, 1, 1), given_on__lte=on
    ).order_by()


def _people_helped(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = _year_aid(ids, on).values("commune_id").annotate(n=Count("person_id", distinct=True))
    return {row["commune_id"]: row["n"] for row in rows}


def _value_given(ids: list[int], on: datetime.date) -> dict[int, int]:
    rows = _year_aid(ids, on).values("commune_id").annotate(n=Sum("value_vnd"))
    return {row["commune_id"]: row["n"] or 0 for row in rows}


def _aid_list(commune_id: int, on: datetime.date) -> str | None:
    from garrison.operations.home import link

    return link("operations:aid_list", commune=Commune.code_of(commune_id))


register_indicator(
    Indicator(
        "operations.people_helped",
        _("people helped by mass-mobilisation programmes"),
        _(
            "Mass-mobilisation programmes: distinct people (for a family its head) helped in "
            "the year up to the day, under every programme"
        ),
        _people_helped,
        unit=_("people"),
        list_url=_aid_list,
    )
)
register_indicator(
    Indicator(
        "operations.value_given",
        _("value given by mass-mobilisation programmes"),
        _(
            "Mass-mobilisation programmes: value in VND of the gifts, money, work days and "
            "houses given in the year up to the day, under every programme"
        ),
        _value_given,
        unit=_("VND"),
        list_url=_aid_list,
    )
)
