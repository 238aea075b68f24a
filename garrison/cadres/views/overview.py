"""The cadres overview (a province's Commander fill rate and gaps, the posts falling vacant by a
horizon, the structure of the contingent, the entitlements due but missing; the nation sees it
per province or picks one; a commune sees its own command's holders), its workbook, and the
training priority list with its workbook. The figures come from `cadres.overview`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from garrison.cadres import overview
from garrison.cadres.models import CadreProfile
from garrison.core import audit
from garrison.core.dates import add_months
from garrison.core.exporting import workbook_bytes
from garrison.core.filtering import query_id
from garrison.core.registry import get_config
from garrison.core.scoping import Scope, scope_of
from garrison.territory.models import Province

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRIORITY_PAGE_SIZE = 50


def optional_url(name: str) -> str | None:
    """The URL of a page that may not exist yet (another part of the app builds it)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@dataclass
class Place:
    """What the overview shows: a commune's command, one province, or the nation's provinces."""

    scope: Scope
    today: datetime.date
    province: Province | None = None

    @property
    def mode(self) -> str:
        if self.scope.is_commune:
            return "commune"
        return "province" if self.province is not None else "nation"


def place_of(request: HttpRequest) -> Place:
    scope = scope_of(request.user)
    if scope is None:
        raise Http404
    today = timezone.localdate()
    if scope.is_commune:
        return Place(scope, today)
    provinces = Province.objects.visible_to(request.user)
    if scope.is_nation:
        pk = query_id(request.GET, "province")
        province = provinces.filter(pk=pk).first() if pk is not None else None
    else:
        province = provinces.filter(pk=scope.province_id).first()
        if province is None:
            raise Http404
    return Place(scope, today, province)


def _links() -> dict[str, str | None]:
    return {
        "profiles": reverse("cadres:profile_list"),
        "screening": reverse("cadres:screening"),
        "runs": optional_url("cadres:run_list"),
        "standards": reverse("cadres:standard_list"),
        "decisions": reverse("cadres:decision_list"),
        "succession": reverse("cadres:succession_list"),
        "courses": reverse("cadres:course_list"),
        "evaluations": reverse("cadres:evaluation_list"),
        "priority": reverse("cadres:priority"),
    }


def _entitlement_rows(request: HttpRequest, place: Place) -> list[dict[str, Any]]:
    profiles = CadreProfile.objects.visible_to(request.user).filter(province_id=place.province.pk)
    return [
        {"profile": p, "missing": overview.missing_kinds(p)}
        for p in overview.entitlement_gaps(profiles, place.today)
    ]


def _commune_context(request: HttpRequest, place: Place) -> dict[str, Any]:
    command = (
        overview.commune_commands(request.user)
        .filter(commune_id=place.scope.commune_id)
        .select_related("commune")
        .first()
    )
    holders = list(overview.command_holders(request.user, command, place.today)) if command else []
    return {
        "command": command,
        "holders": holders,
        "profile_count": CadreProfile.objects.visible_to(request.user).count(),
    }


def _province_context(request: HttpRequest, place: Place) -> dict[str, Any]:
    user, pk, today = request.user, place.province.pk, place.today
    months = overview.horizon_months(request.GET.get("horizon"))
    return {
        "fill": overview.commander_fill(user, pk, today),
        "gaps": list(overview.commander_gaps(user, pk, today)),
        "horizon": months,
        "horizons": overview.HORIZONS,
        "horizon_date": add_months(today, months),
        "vacancies": overview.vacancies(user, pk, today, months),
        "structure": overview.structure(overview.active_profiles(user, pk), today),
        "entitlement_gaps": _entitlement_rows(request, place),
        "can_add_entitlement": get_config("cadres.entitlement").user_can_add(user),
    }


def _nation_context(request: HttpRequest, place: Place) -> dict[str, Any]:
    user = request.user
    return {
        "provinces": overview.province_fill(user, place.today),
        "fill": overview.commander_fill(user, None, place.today),
        "structure": overview.structure(overview.active_profiles(user), place.today),
    }


class CadresOverviewView(LoginRequiredMixin, View):
    template_name = "cadres/overview.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        place = place_of(request)
        context: dict[str, Any] = {
            "place": place,
            "mode": place.mode,
            "today": place.today,
            "links": _links(),
        }
        if place.mode == "commune":
            context |= _commune_context(request, place)
        elif place.mode == "province":
            context |= _province_context(request, place)
        else:
            context |= _nation_context(request, place)
        context["picks_province"] = place.scope.is_nation
        if place.scope.is_nation:
            context["province_choices"] = list(Province.objects.visible_to(request.user))
        return render(request, self.template_name, context)


# --- the workbook -----------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _fill_section(request: HttpRequest, place: Place) -> tuple[str, list[str], list[list]]:
    rows = [
        [
            c.commune.name if c.commune_id else "",
            c.name,
            c.commander_name or "",
            _yes(c.has_commander),
            c.filled_total,
            c.quota_total,
            c.vacancies,
        ]
        for c in overview.fill_table(request.user, place.province.pk, place.today)
    ]
    headers = [
        _("commune"),
        _("command"),
        _("Commander"),
        _("Commander in post"),
        _("posts held"),
        _("posts in the staffing table"),
        _("vacant posts"),
    ]
    return _("Commander fill rate by commune"), headers, rows


def _vacancy_section(
    request: HttpRequest, place: Place, months: int
) -> tuple[str, list[str], list[list]]:
    rows = [
        [
            v.command.name,
            v.position_label,
            v.holder_name,
            v.date or place.today,
            v.why_label,
        ]
        for v in overview.vacancies(request.user, place.province.pk, place.today, months)
    ]
    headers = [_("command"), _("post"), _("holder"), _("vacant from"), _("reason")]
    title = _("Posts vacant or falling vacant by %(day)s") % {
        "day": add_months(place.today, months).strftime("%d/%m/%Y")
    }
    return title, headers, rows


def _structure_sections(profiles, today) -> list[tuple[str, list[str], list[list]]]:
    return [
        (str(t["title"]), [str(t["heading"]), _("cadres")], [list(r) for r in t["rows"]])
        for t in overview.structure(profiles, today)
    ]


def _entitlement_section(request: HttpRequest, place: Place) -> tuple[str, list[str], list[list]]:
    rows = [
        [
            str(r["profile"]),
            r["profile"].commune.name if r["profile"].commune_id else "",
            ", ".join(label for _kind, label in r["missing"]),
        ]
        for r in _entitlement_rows(request, place)
    ]
    headers = [_("cadre"), _("serving in"), _("missing entitlement")]
    return _("Entitlements due but missing"), headers, rows


def _sections(request: HttpRequest, place: Place) -> list[tuple[str, list[str], list[list]]]:
    user = request.user
    if place.mode == "commune":
        ctx = _commune_context(request, place)
        rows = [
            [a.get_position_display(), a.person.full_name, a.start_date, a.end_date]
            for a in ctx["holders"]
        ]
        title = ctx["command"].name if ctx["command"] else _("Commune command")
        return [(title, [_("post"), _("holder"), _("from"), _("until")], rows)]
    if place.mode == "nation":
        rows = [
            [
                r["province"].name,
                r["commands"],
                r["filled"],
                r["vacant"],
                round(r["rate"] * 100) if r["rate"] is not None else None,
            ]
            for r in overview.province_fill(user, place.today)
        ]
        headers = [
            _("province"),
            _("commune commands"),
            _("with a Commander"),
            _("without a Commander"),
            _("fill rate (per cent)"),
        ]
        return [
            (_("Commander fill rate by province"), headers, rows),
            *_structure_sections(overview.active_profiles(user), place.today),
        ]
    months = overview.horizon_months(request.GET.get("horizon"))
    return [
        _fill_section(request, place),
        _vacancy_section(request, place, months),
        *_structure_sections(overview.active_profiles(user, place.province.pk), place.today),
        _entitlement_section(request, place),
    ]


def sections_workbook(title: str, sections: list[tuple[str, list[str], list[list]]]) -> bytes:
    """One sheet, the sections one under the other: a blank line, the section's title, its
    column headers, its rows (`workbook_bytes` writes a single sheet)."""

    def body():
        for name, headers, rows in sections:
            yield []
            yield [name]
            yield headers
            yield from rows

    return workbook_bytes([title], body())


class CadresOverviewExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        place = place_of(request)
        sections = _sections(request, place)
        where = place.province.name if place.province else request.user.scope_label
        title = _("Cadres — %(place)s — %(day)s") % {
            "place": where,
            "day": place.today.strftime("%d/%m/%Y"),
        }
        audit.log_export(
            actor=request.user,
            model=CadreProfile,
            count=sum(len(rows) for _name, _headers, rows in sections),
            fmt="xlsx",
            filters={
                "overview": place.mode,
                **({"province": place.province.pk} if place.province else {}),
                **({"horizon": request.GET["horizon"]} if "horizon" in request.GET else {}),
            },
            request=request,
        )
        response = HttpResponse(sections_workbook(title, sections), content_type=XLSX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cadres-{stamp}.xlsx"'
        return response


# --- training priority ------------------------------------------------------------------------


def _enrolled_filter(request: HttpRequest) -> bool | None:
    return {"yes": True, "no": False}.get(request.GET.get("enrolled", ""))


class TrainingPriorityView(LoginRequiredMixin, View):
    """Cadres sitting on a Party committee or a People's Council without advanced political
    theory: whom to send to the next advanced course."""

    template_name = "cadres/priority.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if scope_of(request.user) is None:
            raise Http404
        enrolled = _enrolled_filter(request)
        qs = overview.priority_list(request.user, enrolled)
        page = Paginator(qs, PRIORITY_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            self.template_name,
            {
                "page": page,
                "rows": [{"profile": p, "seats": overview.seats_label(p)} for p in page],
                "enrolled": request.GET.get("enrolled", ""),
                "query": query.urlencode(),
                "courses_url": reverse("cadres:course_list"),
                "overview_url": reverse("cadres:overview"),
            },
        )


class TrainingPriorityExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if scope_of(request.user) is None:
            raise Http404
        enrolled = _enrolled_filter(request)
        qs = overview.priority_list(request.user, enrolled)
        headers = [
            _("full name"),
            _("rank"),
            _("serving in"),
            _("seats on political bodies"),
            _("political theory level"),
            _("enrolled on an advanced course"),
        ]
        rows = [
            [
                p.person.full_name,
                p.get_rank_display(),
                p.commune.name if p.commune_id else "",
                overview.seats_label(p),
                p.get_political_theory_display(),
                _yes(p.enrolled),
            ]
            for p in qs.iterator(chunk_size=2000)
        ]
        audit.log_export(
            actor=request.user,
            model=CadreProfile,
            count=len(rows),
            fmt="xlsx",
            filters={"training_priority": True, "enrolled": request.GET.get("enrolled", "")},
            request=request,
        )
        response = HttpResponse(workbook_bytes(headers, iter(rows)), content_type=XLSX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="training-priority-{stamp}.xlsx"'
        return response
