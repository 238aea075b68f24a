"""The assessment's pages beyond the generic ones: compute a run, copy last year's criteria,
compare a run with the registers now (never saved), the ranking as a Decree 30/2020 PDF, the
trend of a province's runs, the provinces compared (the Ministry's), and a commune's own
scorecard. Each reads rows through the configs' scoped querysets and `get_for`; every change
goes through `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from garrison.commands.rules import provincial_command_name
from garrison.core import audit
from garrison.core.pdf import render_pdf
from garrison.core.scoping import get_for, scope_of
from garrison.core.views import add_service_error
from garrison.territory.models import Province

from . import permissions, rules, services, tables
from .forms import ComputeRunForm, CopyCriteriaForm, TrendForm
from .models import CommuneScore, Period, RunState
from .views import CriterionConfig, RunConfig, ScoreConfig

RANKING_PDF = "oversight/assessment_ranking_pdf.html"


def _own_province(request: HttpRequest, form: forms.Form) -> Province:
    """The province a form names (the nation's staff choose it) or the user's own."""
    chosen = form.cleaned_data.get("province")
    if chosen is not None:
        return chosen
    scope = scope_of(request.user)
    if scope is None or scope.province_id is None:
        raise Http404
    return get_for(request.user, Province.objects.all(), pk=scope.province_id)


class _FormPage(LoginRequiredMixin, View):
    """A page with one form whose valid POST calls a service (refusals shown on the form)."""

    template_name = "oversight/assessment_form_page.html"
    form_class: type[forms.Form]
    title: Any = ""
    intro: Any = ""
    button: Any = ""
    icon = "check-lg"

    def cancel_url(self) -> str:
        raise NotImplementedError

    def allowed(self, user: Any) -> bool:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not self.allowed(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form: forms.Form, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": self.title,
            "intro": self.intro,
            "button": self.button,
            "icon": self.icon,
            "cancel_url": self.cancel_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_form(self.form_class(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form_class(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            return self.perform(form, _own_province(request, form))
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.render_form(form, status=400)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.render_form(form, status=403)

    def perform(self, form: forms.Form, province: Province) -> HttpResponse:
        raise NotImplementedError


class ComputeRunView(_FormPage):
    form_class = ComputeRunForm
    title = gettext_lazy("Compute an assessment")
    intro = gettext_lazy(
        "Every commune's figures, score and rank are read from the registers as they stood on "
        "the period's last day (today while it runs), with the year's targets and weights. A "
        "draft of the same period is computed again; an approved one is frozen."
    )
    button = gettext_lazy("Compute")
    icon = "calculator"

    def cancel_url(self) -> str:
        return RunConfig.url("list") or "/"

    def allowed(self, user: Any) -> bool:
        return permissions.can_compute_run(user)

    def perform(self, form: forms.Form, province: Province) -> HttpResponse:
        year, period = form.cleaned_data["year"], form.cleaned_data["period"]
        try:
            as_of = rules.period_as_of(year, period, timezone.localdate())
        except ValueError:
            raise ValidationError(
                {"period": _("This period has not begun yet: it can be assessed once it has.")}
            ) from None
        run = services.do_compute_run(
            actor=self.request.user, province=province, year=year, period=period, as_of=as_of
        )
        messages.success(
            self.request,
            _("The assessment was computed from the registers as of %(day)s.")
            % {"day": as_of.strftime("%d/%m/%Y")},
        )
        return HttpResponseRedirect(RunConfig.url("detail", run))


class CopyCriteriaView(_FormPage):
    form_class = CopyCriteriaForm
    title = gettext_lazy("Copy last year's criteria")
    intro = gettext_lazy(
        "The year takes the measures, targets and weights of the year before, for the measures "
        "it has none for yet; those set already are kept. Change them afterwards as needed."
    )
    button = gettext_lazy("Copy")
    icon = "files"

    def cancel_url(self) -> str:
        return CriterionConfig.url("list") or "/"

    def allowed(self, user: Any) -> bool:
        return permissions.can_set_criteria(user)

    def perform(self, form: forms.Form, province: Province) -> HttpResponse:
        year = form.cleaned_data["year"]
        made = services.do_copy_criteria(actor=self.request.user, province=province, year=year)
        messages.success(
            self.request,
            _("%(n)s measures of %(last)s were given to %(year)s.")
            % {"n": len(made), "last": year - 1, "year": year},
        )
        return HttpResponseRedirect(f"{CriterionConfig.url('list')}?year={year}")


def _ranked_run(request: HttpRequest, pk: int) -> Any:
    """The run `pk` the user sees, for the pages of the whole ranking (a province's and the
    Ministry's: a commune sees its own scorecard instead)."""
    if not permissions.can_view_ranking(request.user):
        raise Http404
    return get_for(request.user, RunConfig.queryset(request), pk=pk)


class RunCompareView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = _ranked_run(request, pk)
        comparison = services.compare_run(run)
        return render(
            request,
            "oversight/assessment_compare.html",
            {
                "run": run,
                "comparison": comparison,
                "moved": comparison.moved,
                "run_url": RunConfig.url("detail", run),
                "frozen": run.is_frozen,
            },
        )


def ranking_pdf_context(run: Any, rows: list[tables.RankingRow]) -> dict[str, Any]:
    """The ranking as an official report (always in Vietnamese)."""
    province = run.province
    with translation.override("vi"):
        period = str(run.get_period_display())
        columns = [
            {"label": c.label, "target": c.target, "weight": c.weight, "unit": c.unit}
            for c in tables.columns_of(run)
        ]
    return {
        "issuer_parent": "",
        "issuer": provincial_command_name(province.name, province.code),
        "place": province.short_name,
        "issued_on": timezone.localdate(),
        "run": run,
        "period": period,
        "columns": columns,
        "rows": rows,
        "approved": run.is_frozen,
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signature_hint": True,
        "recipients": [
            "Cơ quan quân sự cấp trên",
            "Ban CHQS các xã, phường, đặc khu",
            "Lưu: VT",
        ],
    }


class RunPdfView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = _ranked_run(request, pk)
        from .views import FigureConfig

        rows = tables.ranking(run, ScoreConfig.queryset(request), FigureConfig.queryset(request))
        pdf = render_pdf(RANKING_PDF, ranking_pdf_context(run, rows))
        audit.log_export(
            actor=request.user,
            model=CommuneScore,
            count=len(rows),
            fmt="pdf",
            filters={"run": run.pk},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"xep-hang-danh-gia-{run.province.code}-{run.year}-{run.period}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class TrendView(LoginRequiredMixin, View):
    """The scores across the province's runs: the communes' mean, lowest and highest in each,
    and one commune's score and rank beside them."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_view_ranking(request.user):
            raise Http404
        form = TrendForm(request.GET or None, user=request.user)
        province = commune = None
        if form.is_bound and form.is_valid():
            province, commune = form.cleaned_data["province"], form.cleaned_data["commune"]
        scope = scope_of(request.user)
        if province is None and commune is not None:
            province = commune.province
        if province is None and scope is not None and scope.province_id is not None:
            province = get_for(request.user, Province.objects.all(), pk=scope.province_id)
        rows: list[tables.TrendRow] = []
        chart = None
        if province is not None:
            runs = RunConfig.queryset(request).filter(province=province)
            rows = tables.trend(
                runs, ScoreConfig.queryset(request), commune.pk if commune is not None else None
            )
            series = [(_("mean score of the communes"), [r.mean for r in rows])]
            if commune is not None:
                series.append((commune.name, [r.commune_score for r in rows]))
            if rows:
                chart = tables.bar_chart([f"{r.run}" for r in rows], series)
        return render(
            request,
            "oversight/assessment_trend.html",
            {
                "form": form,
                "province": province,
                "commune": commune,
                "rows": rows,
                "chart": chart,
                "choose_province": scope is not None and scope.is_nation,
            },
        )


class ProvincesView(LoginRequiredMixin, View):
    """The Ministry's view: each province's approved assessment of a year, compared."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_view_provinces_compared(request.user):
            raise Http404
        scores = ScoreConfig.queryset(request)
        years = sorted(
            set(
                RunConfig.queryset(request)
                .filter(state=RunState.APPROVED, period=Period.YEAR)
                .values_list("year", flat=True)
            ),
            reverse=True,
        )
        try:
            year = int(request.GET.get("year") or (years[0] if years else 0))
        except ValueError:
            year = 0
        if year not in years:
            year = years[0] if years else timezone.localdate().year
        rows = tables.provinces_compared(scores, year)
        chart = (
            tables.bar_chart(
                [r.name for r in rows], [(_("mean score of the communes"), [r.mean for r in rows])]
            )
            if rows
            else None
        )
        return render(
            request,
            "oversight/assessment_provinces.html",
            {"year": year, "years": years, "rows": rows, "chart": chart},
        )


class OurScorecardView(LoginRequiredMixin, View):
    """A commune's own scorecard: its latest assessment (else a page saying there is none)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_view_our_scorecard(request.user):
            raise Http404
        scope = scope_of(request.user)
        latest = (
            ScoreConfig.queryset(request)
            .filter(commune_id=scope.commune_id)
            .order_by("-run__as_of", "-run__year", "-run__period")
            .first()
        )
        if latest is not None:
            return HttpResponseRedirect(ScoreConfig.url("detail", latest))
        return render(request, "oversight/assessment_no_scorecard.html", {})
