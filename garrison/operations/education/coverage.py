"""The defence and security education coverage (issue 18 §3), `operations:education_coverage`
with `?year=` (default: this year):

- a commune (its own, or one a province or the Ministry drills down to with `?commune=<code>`):
  per audience group, the sessions held in the year, the people attending (named, counted, in
  all); for the four cadre groups the cadres in the group and those trained within the cycle,
  and the list of the cadres not yet trained, each linked to their person page;
- a province: the same figures per commune (`?province=<code>` for the Ministry), each commune
  linked to its own coverage;
- the Ministry: per province, each linked to the province's communes.

Two aggregate queries per level (`indicators.education_rollup`), whatever the number of places;
the workbook (`operations:education_coverage_export`) holds the same table.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View

from garrison.core import audit, numbers
from garrison.core.exporting import XLSX, workbook_bytes
from garrison.core.scoping import scope_of
from garrison.territory.models import Commune, Province

from . import indicators as ind
from . import permissions
from .models import CADRE_GROUPS, AudienceGroup, AudienceMember, EducationSession


class CoverageForm(forms.Form):
    year = numbers.IntegerField(
        label=gettext_lazy("year"), min_value=2000, max_value=2100, required=False
    )


@dataclass
class Row:
    pk: int | None
    name: str
    url: str | None = None
    code: int | None = None
    groups: dict[str, ind.GroupFigures] = field(default_factory=ind.empty_groups)

    @property
    def cells(self) -> list[tuple[str, str, ind.GroupFigures]]:
        """(group, its label, its figures) in the order of the groups."""
        labels = dict(AudienceGroup.choices)
        return [(g, str(labels[g]), self.groups[g]) for g in ind.GROUPS]


@dataclass
class Coverage:
    year: int
    on: datetime.date
    shows: str  # "groups" (one commune's), "communes" (of a province), "provinces"
    title: str
    commune: Commune | None = None
    province: Province | None = None
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None
    due: list[AudienceMember] = field(default_factory=list)
    errors: Any = None
    up_url: str | None = None

    @property
    def query(self) -> str:
        params = [f"year={self.year}"]
        if self.commune is not None:
            params.append(f"commune={self.commune.code}")
        elif self.province is not None:
            params.append(f"province={self.province.code}")
        return "?" + "&".join(params)


def _url(**params: Any) -> str:
    from garrison.operations.home import link

    return link("operations:education_coverage", **params) or ""


def _place(user, model, code: str):
    """The commune or province of `code` the user sees, else 404."""
    if not code.isdigit():
        raise Http404
    found = model.objects.visible_to(user).filter(code=int(code)).first()
    if found is None:
        raise Http404
    return found


def build_coverage(request: HttpRequest) -> Coverage:
    user = request.user
    if not permissions.can_view_coverage(user):
        raise Http404
    scope = scope_of(user)
    today = timezone.localdate()
    form = CoverageForm(request.GET)
    year = today.year
    errors = None
    if form.is_valid():
        year = form.cleaned_data.get("year") or today.year
    else:
        errors = form.errors
    on = ind.year_end(year, today)
    sessions = EducationSession.objects.visible_to(user)
    members = AudienceMember.objects.visible_to(user)
    commune = None
    if scope.is_commune:
        commune = Commune.objects.visible_to(user).get(pk=scope.commune_id)
    elif request.GET.get("commune"):
        commune = _place(user, Commune, request.GET["commune"])
    if commune is not None:
        c = Coverage(year, on, "groups", commune.name, commune=commune, errors=errors)
        if scope.is_province:
            c.up_url = _url(year=year)
        elif scope.is_nation:
            c.up_url = _url(year=year, province=commune.province.code)
        figures = ind.rollup(
            sessions.filter(commune_id=commune.pk),
            members.filter(commune_id=commune.pk),
            year,
            on,
            ind.BY_COMMUNE,
        ).get(commune.pk, {})
        c.total = Row(
            commune.pk, commune.name, code=commune.code, groups={**ind.empty_groups(), **figures}
        )
        c.due = list(
            members.filter(commune_id=commune.pk)
            .due_on(on)
            .select_related("person")
            .order_by("audience", "person__name_sort_key")
        )
        return c
    province = None
    if scope.is_province:
        province = Province.objects.visible_to(user).get(pk=scope.province_id)
    elif request.GET.get("province"):
        province = _place(user, Province, request.GET["province"])
    if province is not None:
        c = Coverage(year, on, "communes", province.name, province=province, errors=errors)
        by, places = ind.BY_COMMUNE, Commune.objects.visible_to(user).filter(province=province)
        if scope.is_nation:
            c.up_url = _url(year=year)
        sessions = sessions.filter(province_id=province.pk)
        members = members.filter(province_id=province.pk)
    else:
        c = Coverage(year, on, "provinces", _("Nation"), errors=errors)
        by, places = ind.BY_PROVINCE, Province.objects.visible_to(user)
    figures = ind.rollup(sessions, members, year, on, by)
    found = places.filter(pk__in=list(figures)).values_list("pk", "name", "code")
    total = Row(None, _("Total"))
    for pk, name, code in found:
        key = "commune" if by == ind.BY_COMMUNE else "province"
        row = Row(pk, name, _url(year=year, **{key: code}), code=code)
        row.groups.update(figures[pk])
        c.rows.append(row)
        for group, f in row.groups.items():
            total.groups[group].add(f)
    c.rows.sort(key=lambda r: r.name)
    c.total = total
    return c


class CoverageView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        c = build_coverage(request)
        return render(
            request,
            "operations/education_coverage.html",
            {
                "c": c,
                "groups": AudienceGroup.choices,
                "cadre_groups": [(g.value, g.label) for g in CADRE_GROUPS],
            },
        )


# --- the workbook --------------------------------------------------------------------------------
def _figures(f: ind.GroupFigures, cadres: bool) -> list[Any]:
    cells: list[Any] = [f.sessions, f.named, f.counted, f.people]
    if cadres:
        cells += [f.members, f.trained, f.due, f.trained_share]
    return cells


def table_rows(c: Coverage) -> tuple[list[str], list[list[Any]]]:
    """The headers and rows of the coverage's workbook: a commune's groups (then its cadres not
    yet trained), or one row per place (the total last)."""
    labels = dict(AudienceGroup.choices)
    figure_names = [
        _("sessions held"),
        _("people named"),
        _("people counted"),
        _("people attending"),
    ]
    cadre_names = [_("cadres"), _("trained within the cycle"), _("due"), _("trained (per cent)")]
    if c.shows == "groups":
        headers = [pgettext("education", "group"), *figure_names, *cadre_names]
        rows = [[label, *_figures(f, g in ind.CADRES)] for g, label, f in c.total.cells]
        if c.due:
            rows.append([])
            rows.append([_("cadres not yet trained"), _("person"), _("citizen ID"), _("position")])
            rows += [
                [str(m.get_audience_display()), m.person.full_name, m.person.citizen_id, m.position]
                for m in c.due
            ]
        return headers, rows
    headers = [_("commune") if c.shows == "communes" else _("province")]
    for g in ind.GROUPS:
        names = figure_names + (cadre_names if g in ind.CADRES else [])
        headers += [f"{labels[g]}: {name}" for name in names]
    rows = []
    for row in [*c.rows, c.total]:
        cells: list[Any] = [row.name]
        for g, _label, f in row.cells:
            cells += _figures(f, g in ind.CADRES)
        rows.append(cells)
    return headers, rows


class CoverageExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        c = build_coverage(request)
        headers, rows = table_rows(c)
        audit.log_export(
            actor=request.user,
            model=AudienceMember,
            count=len(c.rows) or len(c.due),
            fmt="xlsx",
            filters={"education_coverage": c.query},
            request=request,
        )
        response = HttpResponse(workbook_bytes(headers, rows), content_type=XLSX)
        name = f"giao-duc-qp-an-{c.year}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
