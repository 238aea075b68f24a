"""The works roll-up (issue 18, section 1): for a province, each of its communes; for the
Ministry, each province — the works by kind and state, the works due for inspection and those
inspected this year, each figure linked to the filtered works list; then the degraded works one
by one. The figures are one aggregate query (`indicators.works_rollup`), the places' names one
more, the degraded works one; the Excel workbook is the same table, built in the request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from garrison.core import audit
from garrison.core.exporting import XLSX, workbook_bytes
from garrison.core.replica import ReplicaReadsMixin
from garrison.core.scoping import scope_of
from garrison.territory.models import Commune, Province

from . import indicators as ind
from .models import DefenceWork, WorkKind, WorkState

#: degraded works listed one by one on the page (the list behind the link has them all)
MAX_DEGRADED = 100


def _link(**params: Any) -> str | None:
    from garrison.operations.home import link

    return link("operations:work_list", **params)


@dataclass
class KindRow:
    kind: str
    label: str
    cells: list[tuple[int, str | None]]
    total: int


@dataclass
class GroupRow:
    pk: int
    name: str
    code: int
    figures: ind.WorkFigures
    kinds: list[KindRow] = field(default_factory=list)
    links: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Rollup:
    by_province: bool
    today: Any
    rows: list[GroupRow]
    total: ind.WorkFigures
    degraded: list[Any]
    degraded_count: int
    states: list[tuple[str, str]]


def _place(by_province: bool, code: int | None) -> dict[str, Any]:
    return {"province" if by_province else "commune": code}


def build_rollup(request: HttpRequest) -> Rollup:
    user = request.user
    scope = scope_of(user)
    by_province = scope is not None and scope.is_nation
    by = ind.BY_PROVINCE if by_province else ind.BY_COMMUNE
    today = timezone.localdate()
    figures = ind.works_rollup(user, today, by)
    model = Province if by_province else Commune
    places = model.objects.visible_to(user).filter(pk__in=list(figures)).order_by("name")
    states = [(s.value, str(s.label)) for s in WorkState]
    rows, total = [], ind.WorkFigures()
    for place in places.only("pk", "name", "code"):
        f = figures[place.pk]
        total.add(f)
        where = _place(by_province, place.code)
        kinds = []
        for kind in WorkKind:
            counts = [f.by_kind_state.get((kind.value, s), 0) for s, _label in states]
            if not any(counts):
                continue
            cells = [
                (n, _link(kind=kind.value, state=s, **where) if n else None)
                for n, (s, _label) in zip(counts, states, strict=True)
            ]
            kinds.append(KindRow(kind.value, str(kind.label), cells, sum(counts)))
        rows.append(
            GroupRow(
                place.pk,
                place.name,
                place.code,
                f,
                kinds,
                {
                    "all": _link(**where),
                    "degraded": _link(state=WorkState.DEGRADED, **where),
                    "due": _link(due="true", **where),
                },
            )
        )
    degraded = ind.degraded_works(user)
    return Rollup(
        by_province=by_province,
        today=today,
        rows=rows,
        total=total,
        degraded=list(degraded[:MAX_DEGRADED]),
        degraded_count=total.degraded,
        states=states,
    )


class WorksRollupView(LoginRequiredMixin, ReplicaReadsMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        r = build_rollup(request)
        return render(
            request,
            "operations/works_rollup.html",
            {
                "r": r,
                "degraded_url": _link(state=WorkState.DEGRADED),
                "due_url": _link(due="true"),
            },
        )


def table_rows(r: Rollup) -> tuple[list[str], list[list[Any]]]:
    """The workbook's headers and rows: one row per place and kind, then the place's totals."""
    headers = [
        _("province") if r.by_province else _("commune"),
        _("code"),
        _("kind"),
        *[label for _s, label in r.states],
        _("total"),
        _("due for inspection"),
        _("inspected this year"),
    ]
    rows: list[list[Any]] = []
    for row in r.rows:
        for k in row.kinds:
            rows.append(
                [row.name, row.code, k.label, *[n for n, _u in k.cells], k.total, None, None]
            )
        f = row.figures
        rows.append(
            [
                row.name,
                row.code,
                _("all kinds"),
                *[f.by_state(s) for s, _label in r.states],
                f.total,
                f.due,
                f.inspected_this_year,
            ]
        )
    return headers, rows


class WorksRollupExportView(LoginRequiredMixin, ReplicaReadsMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        r = build_rollup(request)
        headers, rows = table_rows(r)
        audit.log_export(
            actor=request.user,
            model=DefenceWork,
            count=r.total.total,
            fmt="xlsx",
            filters={"works_rollup": r.today.isoformat()},
            request=request,
        )
        response = HttpResponse(workbook_bytes(headers, rows), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="cong-trinh-phong-thu-{r.today:%Y%m%d}.xlsx"'
        )
        return response
