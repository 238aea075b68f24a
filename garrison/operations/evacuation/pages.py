"""The coverage of the evacuation plan (`operations:evacuation_coverage`, and its JSON in the API).

- a commune (a commune's staff, or `?commune=<code>` for a province or the Ministry): each
  village with its population to move, its areas and its flag (uncovered, partly covered);
  each evacuation area with its capacity against the people assigned, and its flag (over
  capacity, capacity unknown);
- a province (its staff, or `?province=<code>` for the Ministry): one row per commune (villages
  uncovered, areas over capacity...), each drilling down to the commune;
- the nation: one row per province, each drilling down to the province.

Every level is read through the user's scope (404 beyond it); the summaries are two aggregate
queries (`indicators.evacuation_coverage`), a commune's page three queries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from garrison.core.filtering import query_id
from garrison.core.scoping import get_for, scope_of
from garrison.operations.works.models import DefenceWork
from garrison.territory.models import Commune, Province, Village

from . import permissions, rules
from .indicators import EVACUATION_AREA, FIGURES, evacuation_coverage, totals
from .models import EvacuationAssignment
from .querysets import with_assigned, with_coverage


def commune_coverage(user: Any, commune: Commune) -> dict[str, Any]:
    """The villages and the evacuation areas of `commune`, each with its figures and flag."""
    assignments = (
        EvacuationAssignment.objects.visible_to(user).select_related("area").order_by("area__name")
    )
    villages = (
        with_coverage(Village.objects.visible_to(user).filter(commune_id=commune.pk))
        .prefetch_related(Prefetch("evacuation_assignments", queryset=assignments))
        .order_by("name")
    )
    village_rows = []
    for village in villages:
        areas = list(village.evacuation_assignments.all())
        sent = [rules.people_sent(a.people, village.to_move) for a in areas]
        flag = rules.village_coverage(village.to_move, sent)
        village_rows.append(
            {
                "id": village.pk,
                "name": village.name,
                "declared_population": village.population,
                "registered": village.registered,
                "to_move": village.to_move,
                "sent": sum(sent),
                "areas": [
                    {"id": a.area_id, "name": a.area.name, "people": s}
                    for a, s in zip(areas, sent, strict=True)
                ],
                "flag": flag,
                "flag_label": rules.flag_label(flag),
            }
        )
    areas = with_assigned(
        DefenceWork.objects.visible_to(user).filter(commune_id=commune.pk, kind=EVACUATION_AREA)
    ).order_by("name")
    area_rows = []
    for area in areas:
        capacity = rules.area_capacity(area.capacity_people, area.assigned)
        area_rows.append(
            {
                "id": area.pk,
                "name": area.name,
                "state": area.state,
                "capacity": area.capacity_people,
                "assigned": area.assigned,
                "excess": capacity.excess,
                "flag": capacity.flag,
                "flag_label": rules.flag_label(capacity.flag),
            }
        )
    return {
        "level": "commune",
        "commune": {"code": commune.code, "name": commune.name},
        "villages": village_rows,
        "areas": area_rows,
        "villages_uncovered": sum(1 for r in village_rows if r["flag"] == rules.UNCOVERED),
        "areas_over_capacity": sum(1 for r in area_rows if r["flag"] == rules.OVER_CAPACITY),
    }


def _summary(places: list[Any], figures: dict[Any, dict[str, int]], param: str) -> list[dict]:
    url = reverse("operations:evacuation_coverage")
    return [
        {
            "code": place.code,
            "name": place.name,
            "url": f"{url}?{param}={place.code}",
            **figures.get(place.pk, dict.fromkeys(FIGURES, 0)),
        }
        for place in places
    ]


def coverage(user: Any, commune_code: int | None, province_code: int | None) -> dict[str, Any]:
    """What the coverage page shows `user` for the level asked (see the module); 404 beyond
    the user's scope."""
    scope = scope_of(user)
    if scope is None or not permissions.can_view_coverage(user):
        raise Http404
    if commune_code is None and scope.is_commune:
        commune_code = Commune.code_of(scope.commune_id)
    if commune_code is not None:
        commune = get_for(user, Commune.objects.select_related("province"), code=commune_code)
        return commune_coverage(user, commune)
    if province_code is None and scope.is_province:
        province_code = (
            Province.objects.visible_to(user)
            .filter(pk=scope.province_id)
            .values_list("code", flat=True)
            .first()
        )
    if province_code is not None:
        province = get_for(user, Province, code=province_code)
        communes = list(
            Commune.objects.visible_to(user).filter(province_id=province.pk).order_by("name")
        )
        figures = evacuation_coverage(user, "commune", province_id=province.pk)
        rows = _summary(communes, figures, "commune")
        level = {"level": "province", "province": {"code": province.code, "name": province.name}}
    else:
        provinces = list(Province.objects.visible_to(user).order_by("code"))
        rows = _summary(provinces, evacuation_coverage(user, "province"), "province")
        level = {"level": "nation"}
    return {**level, "rows": rows, "total": totals({i: r for i, r in enumerate(rows)})}


class CoverageView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        data = coverage(
            request.user, query_id(request.GET, "commune"), query_id(request.GET, "province")
        )
        return render(request, "operations/evacuation_coverage.html", data)
