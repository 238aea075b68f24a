"""The forces overview: a commune sees its units, a province its communes, the nation its
provinces — strength against establishment and population, terms ending this year and whom to
recruit, training completion, reserve readiness; with charts for the roll-ups and the same table
as an Excel workbook."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from garrison.core import audit
from garrison.core.exporting import workbook_bytes
from garrison.core.scoping import scope_of

from .models import MilitiaUnit
from .rollups import Row, forces_rollup, readiness_by_reserve_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rollup(request: HttpRequest):
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    today = timezone.localdate()
    return scope, today, *forces_rollup(request.user, scope, today)


def _grouping_label(grouping: str) -> str:
    return {"unit": _("unit"), "commune": _("commune"), "province": _("province")}[grouping]


def _charts(rows: list[Row]) -> dict[str, Any]:
    labels = [row.name for row in rows]
    return {
        "strength": {
            "labels": labels,
            "datasets": [
                {"label": _("establishment"), "data": [r.establishment for r in rows]},
                {"label": _("strength"), "data": [r.strength for r in rows]},
            ],
            "percent": False,
        },
        "readiness": {
            "labels": labels,
            "datasets": [
                {
                    "label": _("training complete (per cent)"),
                    "data": [r.trained_percent or 0 for r in rows],
                },
                {
                    "label": _("reservists checked (per cent)"),
                    "data": [r.checked_percent or 0 for r in rows],
                },
                {
                    "label": _("reservists assigned (per cent)"),
                    "data": [r.assigned_percent or 0 for r in rows],
                },
            ],
            "percent": True,
        },
    }


class ForcesOverviewView(LoginRequiredMixin, View):
    template_name = "forces/overview.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        scope, today, grouping, rows, total = _rollup(request)
        return render(
            request,
            self.template_name,
            {
                "scope": scope,
                "is_commune": scope.is_commune,
                "grouping": grouping,
                "grouping_label": _grouping_label(grouping),
                "rows": rows,
                "total": total,
                "year": today.year,
                "charts": _charts(rows),
                "show_chart": not scope.is_commune and len(rows) > 1,
                "reserve_units": readiness_by_reserve_unit(request.user, today),
            },
        )


class ForcesOverviewExportView(LoginRequiredMixin, View):
    """The overview table as a workbook: one row per unit, commune or province, then the total,
    in the order of the staff's book (strength, gaps, terms ending, training, reserve)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _scope, today, grouping, rows, total = _rollup(request)
        headers = [
            _grouping_label(grouping),
            _("population"),
            _("establishment"),
            _("strength"),
            _("gap"),
            _("strength per population (per cent)"),
            _("target (per cent)"),
            _("terms ending %(year)s") % {"year": today.year},
            _("to recruit"),
            _("in training"),
            _("training complete"),
            _("behind"),
            _("reservists registered"),
            _("assigned to a unit"),
            _("checked %(year)s") % {"year": today.year},
            _("1st class"),
            _("technical means"),
            _("means assigned"),
        ]
        total.name = _("Total")

        def line(row: Row) -> list[Any]:
            return [
                row.name,
                row.population,
                row.establishment,
                row.strength,
                row.gap,
                row.strength_percent,
                float(row.target_percent) if row.target_percent is not None else None,
                row.completing,
                row.to_recruit,
                row.trainees,
                row.trained,
                row.behind,
                row.reservists,
                row.assigned,
                row.checked,
                row.class_1,
                row.means,
                row.means_assigned,
            ]

        body = [line(row) for row in rows] + [line(total)]
        audit.log_export(  # like every export: who took which figures, when
            actor=request.user,
            model=MilitiaUnit,
            count=len(rows),
            fmt="xlsx",
            filters={"overview": grouping},
            request=request,
        )
        response = HttpResponse(workbook_bytes(headers, iter(body)), content_type=XLSX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="forces-{stamp}.xlsx"'
        return response
