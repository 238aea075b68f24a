"""The works figures (issue 18): one definition per figure, registered in the core indicator
registry; the home sections, the roll-up page and bench/defence_zone.py read them.

`works_rollup(user, on, by)` computes every figure of the works of the user's area per province
or per commune in ONE aggregate query. A work's state is the one the register holds now (the
register keeps no history of states); "due for inspection on `on`" compares the stored due date
with that day; "inspected in the year" counts the works with an inspection between 1 January of
`on`'s year and `on` itself (the history of inspections is kept, so a past day is honoured).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, counts_by_commune, register_indicator
from garrison.territory.models import Commune

from .filters import due_q
from .models import DefenceWork, WorkInspection, WorkKind, WorkState

BY_PROVINCE, BY_COMMUNE = "province", "commune"
KINDS = [k.value for k in WorkKind]
STATES = [s.value for s in WorkState]


@dataclass
class WorkFigures:
    total: int = 0
    #: {(kind, state): works}
    by_kind_state: dict[tuple[str, str], int] = field(default_factory=dict)
    #: {kind: works ready}
    ready_by_kind: dict[str, int] = field(default_factory=dict)
    degraded: int = 0
    due: int = 0
    inspected_this_year: int = 0

    @property
    def ready(self) -> int:
        return sum(self.ready_by_kind.values())

    def by_state(self, state: str) -> int:
        return sum(n for (_kind, s), n in self.by_kind_state.items() if s == state)

    def add(self, other: WorkFigures) -> None:
        self.total += other.total
        self.degraded += other.degraded
        self.due += other.due
        self.inspected_this_year += other.inspected_this_year
        for key, n in other.by_kind_state.items():
            self.by_kind_state[key] = self.by_kind_state.get(key, 0) + n
        for kind, n in other.ready_by_kind.items():
            self.ready_by_kind[kind] = self.ready_by_kind.get(kind, 0) + n


def _cell(kind: str, state: str) -> str:
    return f"n__{kind}__{state}"


def _aggregates(on: datetime.date) -> dict[str, Any]:
    counts: dict[str, Any] = {"total": Count("pk")}
    for kind in KINDS:
        for state in STATES:
            counts[_cell(kind, state)] = Count("pk", filter=Q(kind=kind, state=state))
    counts["due"] = Count("pk", filter=due_q(on))
    counts["inspected"] = Count("pk", filter=Q(inspected_in_year=True))
    return counts


def rollup_rows(works: Any, on: datetime.date, by: str) -> dict[int, WorkFigures]:
    """{group id: figures} of the works of the queryset `works`, grouped by province or
    commune, in one aggregate query."""
    group = "province_id" if by == BY_PROVINCE else "commune_id"
    inspected = WorkInspection.objects.filter(
        work=OuterRef("pk"),
        inspected_on__gte=datetime.date(on.year, 1, 1),
        inspected_on__lte=on,
    )
    rows = (
        works.annotate(inspected_in_year=Exists(inspected))
        .order_by()
        .values(group)
        .annotate(**_aggregates(on))
    )
    result = {}
    for row in rows:
        cells = {
            (kind, state): row[_cell(kind, state)]
            for kind in KINDS
            for state in STATES
            if row[_cell(kind, state)]
        }
        result[row[group]] = WorkFigures(
            total=row["total"],
            by_kind_state=cells,
            ready_by_kind={k: n for (k, s), n in cells.items() if s == WorkState.READY},
            degraded=sum(n for (_k, s), n in cells.items() if s == WorkState.DEGRADED),
            due=row["due"],
            inspected_this_year=row["inspected"],
        )
    return result


def works_rollup(user: Any, on: datetime.date, by: str) -> dict[int, WorkFigures]:
    """The figures of the works `user` sees, per province or per commune (`by`)."""
    return rollup_rows(DefenceWork.objects.visible_to(user), on, by)


def degraded_works(user: Any) -> Any:
    """The degraded works `user` sees, the longest unchecked first."""
    return (
        DefenceWork.objects.visible_to(user)
        .filter(state=WorkState.DEGRADED)
        .select_related("commune", "commune__province", "village")
        .order_by("last_inspected_on", "commune__name", "name")
    )


def due_works(user: Any, on: datetime.date) -> Any:
    return DefenceWork.objects.visible_to(user).filter(due_q(on))


# --- the registry ----------------------------------------------------------------------------
def _for(ids: list[int], on: datetime.date) -> dict[int, WorkFigures]:
    return rollup_rows(DefenceWork.objects.filter(commune_id__in=ids), on, BY_COMMUNE)


def _ready(ids: list[int], on: datetime.date) -> dict[int, int]:
    return {pk: f.ready for pk, f in _for(ids, on).items()}


def _in_service(ids: list[int], on: datetime.date) -> dict[int, int]:
    """Works built and in use: ready or degraded (the state the register holds now; what
    `WorkFigures.ready + degraded` counts, without the roll-up's other aggregates)."""
    works = DefenceWork.objects.filter(
        commune_id__in=ids, state__in=(WorkState.READY, WorkState.DEGRADED)
    )
    return counts_by_commune(works)


def _ready_of(kind: str):
    def compute(ids: list[int], on: datetime.date) -> dict[int, int]:
        return {pk: f.ready_by_kind.get(kind, 0) for pk, f in _for(ids, on).items()}

    return compute


def _inspected(ids: list[int], on: datetime.date) -> dict[int, int]:
    return {pk: f.inspected_this_year for pk, f in _for(ids, on).items()}


def _due(ids: list[int], on: datetime.date) -> dict[int, int]:
    return {pk: f.due for pk, f in _for(ids, on).items()}


def _list(**params: str):
    def url(commune_id: int, on: datetime.date) -> str | None:
        from garrison.operations.home import link

        return link("operations:work_list", commune=Commune.code_of(commune_id), **params)

    return url


register_indicator(
    Indicator(
        "operations.works_ready",
        _("defence works ready"),
        _("Defence works register: works in the state ready"),
        _ready,
        unit=_("works"),
        list_url=_list(state=WorkState.READY),
    )
)
register_indicator(
    Indicator(
        "operations.works_in_service",
        _("defence works built and in use"),
        _("Defence works register: works in the state ready or degraded"),
        _in_service,
        unit=_("works"),
        list_url=_list(),
    )
)
for _kind in WorkKind:
    register_indicator(
        Indicator(
            f"operations.works_ready.{_kind.value}",
            format_lazy("{}: {}", _("defence works ready"), _kind.label),
            format_lazy(
                "{} ({})", _("Defence works register: works in the state ready"), _kind.label
            ),
            _ready_of(_kind.value),
            unit=_("works"),
            list_url=_list(state=WorkState.READY, kind=_kind.value),
        )
    )
register_indicator(
    Indicator(
        "operations.works_inspected_this_year",
        _("defence works inspected this year"),
        _(
            "Defence works register: works with an inspection between 1 January and the day "
            "asked about"
        ),
        _inspected,
        unit=_("works"),
    )
)
register_indicator(
    Indicator(
        "operations.works_due_for_inspection",
        _("defence works due for inspection"),
        _(
            "Defence works register: works (not out of use) whose next inspection is due on or "
            "before the day asked about"
        ),
        _due,
        unit=_("works"),
        list_url=_list(due="true"),
    )
)
