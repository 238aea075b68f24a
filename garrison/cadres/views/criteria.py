"""Standards per post, and the screening page: one candidate against one post, with every
reason."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from garrison.cadres.forms import PostStandardForm, ScreeningForm
from garrison.cadres.models import PostStandard
from garrison.cadres.services import facts
from garrison.core.registry import Column, ModelConfig, register


def _bounds(low, high) -> str:
    if low in (None, "") and high in (None, ""):
        return "—"
    return f"{low if low not in (None, '') else '…'} – {high if high not in (None, '') else '…'}"


@register
class PostStandardConfig(ModelConfig):
    model = PostStandard
    name = "standard"
    namespace = "cadres"
    select_related = ["province"]
    list_columns = [
        Column(
            "province",
            label=_("set by"),
            order_by="province__code",
            link=True,
            accessor=lambda s: s.province.short_name if s.province_id else _("Ministry"),
        ),
        Column("position", order_by="position"),
        Column("area", order_by="area"),
        Column("age", label=_("age"), accessor=lambda s: _bounds(s.min_age, s.max_age)),
        Column(
            "ranks",
            label=_("rank"),
            accessor=lambda s: _bounds(s.get_min_rank_display(), s.get_max_rank_display()),
        ),
        Column("min_political_theory"),
        Column("party_required"),
        Column("max_health_class"),
        Column("min_local_military_years"),
    ]
    default_ordering = ["province__code", "position", "area"]
    form_class = PostStandardForm

    @classmethod
    def new_instance(cls, request):
        scope = getattr(request.user, "scope", None)
        return PostStandard(province_id=getattr(scope, "province_id", None))


class ScreeningView(LoginRequiredMixin, View):
    """Pick a cadre and a post: pass or fail, with every reason and the standards applied,
    and the priority points the match would be worth."""

    template_name = "cadres/screening.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        bound = {"profile", "command", "position"} <= set(request.GET)
        initial = {
            k: request.GET[k] for k in ("profile", "command", "position") if k in request.GET
        }
        form = ScreeningForm(request.GET if bound else None, user=request.user, initial=initial)
        context = {"form": form}
        if bound and form.is_valid():
            data = form.cleaned_data
            result, points, parts = facts.screen(
                data["profile"],
                data["command"],
                data["position"],
                data["on"],
                home_rule=data["home_rule"],
            )
            context |= {"result": result, "points": points, "parts": parts, "data": data}
        return render(request, self.template_name, context)
