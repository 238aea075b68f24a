"""Placement proposal pages: the list, a new proposal (solved at once), the proposal with its
figures beside the greedy baseline's and every post explained, the hand adjustments (pin a
candidate, forbid a pair, remove either: each solves again), and the actions on the whole
proposal (solve again, discard, approve into decisions).

Importing this module registers the configuration (cadres/urls.py imports it). Every route
that names a row reads it through the scoped lookup for changing it, so another province (or a
commune) gets 404."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from garrison.cadres import services
from garrison.cadres.filters import PlacementRunFilterSet
from garrison.cadres.forms import (
    DEFAULT_HORIZON_DAYS,
    DEFAULT_POSTS,
    ApproveRunForm,
    ConfirmSolveForm,
    DiscardRunForm,
    PinForm,
    PlacementRunForm,
    post_key,
)
from garrison.cadres.models import PlacementMatch, PlacementPin, PlacementRun
from garrison.cadres.permissions import can_adjust_placement, can_propose_placement
from garrison.cadres.schemas import RunDetailOut, RunOut
from garrison.cadres.services.placement import parts_of, reason_label, taken_by, vacancy_label
from garrison.commands.rules import Position
from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.core.scoping import scope_of
from garrison.core.views import ConfiguredView, ObjectDetailView

#: the detail page's filters (GET), kept across the adjustments
FILTERS = ("empty", "strategic")
#: a refused pin's bound form, handed to the detail page it is shown on again
PIN_FORM_ATTR = "placement_pin_form"


# --- words for the stored figures and explanations -----------------------------------------
def _day(value: datetime.date | str) -> str:
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def vacancy_text(vacancy: list) -> str:
    """Why the post is in the proposal: "vacant", or "falls vacant on 15/09/2026: …"."""
    lines = []
    for iso, why in vacancy or []:
        if iso is None:
            lines.append(vacancy_label(why))
        else:
            lines.append(
                gettext("falls vacant on %(date)s: %(why)s")
                % {"date": _day(iso), "why": vacancy_label(why)}
            )
    return "; ".join(lines)


def explain(match: PlacementMatch) -> dict[str, Any]:
    """The parts of a match's points ("+9 for 3 years of local military work"), or why the
    post stays empty, in words."""
    data = match.explanation if isinstance(match.explanation, dict) else {}
    kind = data.get("kind")
    if kind == "match":
        return {
            "parts": [
                gettext("+%(points)s for %(what)s") % {"points": points, "what": label}
                for label, points in parts_of(data)
            ]
        }
    if kind == "none_eligible":
        reasons = data.get("reasons") or []
        if not reasons:
            return {"empty": gettext("No candidate meets the criteria: the pool is empty.")}
        counts = ", ".join(f"{count} × {reason_label(code)}" for code, count in reasons)
        return {
            "empty": gettext("No candidate meets the criteria: %(reasons)s.") % {"reasons": counts}
        }
    if kind == "taken":
        count = data.get("count") or 0
        others = "; ".join(f"{name} → {post}" for name, post in taken_by(data))
        if count > len(data.get("others") or []):
            others += "; …" if others else "…"
        return {
            "empty": ngettext(
                "Its %(n)d eligible candidate was placed in a post that weighs more: %(others)s.",
                "Its %(n)d eligible candidates were placed in posts that weigh more: %(others)s.",
                count,
            )
            % {"n": count, "others": others}
        }
    return {}


def _posts_label(run: PlacementRun) -> str:
    labels = dict(Position.choices)
    return ", ".join(str(labels.get(p, p)) for p in run.positions or [])


def _of(done: str, total: str):
    def value(run: PlacementRun) -> str:
        summary = run.summary or {}
        if total not in summary:
            return "—"
        return f"{summary.get(done, 0)}/{summary[total]}"

    return value


def comparison(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The proposal's figures beside the greedy baseline's, with the gain."""
    if not summary:
        return []
    rows = []
    for label, key, of in (
        (_("posts filled"), "filled", "posts"),
        (_("strategic posts filled"), "strategic_filled", "strategic_posts"),
        (_("total priority points"), "points", None),
    ):
        ours, greedy = summary.get(key, 0), summary.get(f"greedy_{key}", 0)
        rows.append(
            {
                "label": label,
                "key": key,
                "ours": ours,
                "greedy": greedy,
                "of": summary.get(of) if of else None,
                "gain": ours - greedy,
            }
        )
    return rows


def _filters(query: Any) -> dict[str, str]:
    return {name: "1" for name in FILTERS if query.get(name) == "1"}


def _detail_url(run: PlacementRun, query: Any) -> str:
    url = reverse("cadres:run_detail", kwargs={"pk": run.pk})
    filters = _filters(query)
    return f"{url}?{urlencode(filters)}" if filters else url


# --- the actions on the whole proposal ---------------------------------------------------
def _draft(run: PlacementRun, user: Any) -> bool:
    return run.is_draft


def _solved(run: PlacementRun) -> str:
    summary = run.summary or {}
    posts = summary.get("posts", 0)
    return ngettext(
        "The proposal was solved again: %(filled)d of %(posts)d post filled.",
        "The proposal was solved again: %(filled)d of %(posts)d posts filled.",
        posts,
    ) % {"filled": summary.get("filled", 0), "posts": posts}


def _solve(request: HttpRequest, run: PlacementRun, data: dict[str, Any]) -> str:
    return _solved(services.do_solve_run(actor=request.user, run=run))


def _discard(request: HttpRequest, run: PlacementRun, data: dict[str, Any]) -> str:
    services.do_discard_run(actor=request.user, run=run)
    return gettext("The proposal was discarded.")


def _approve(request: HttpRequest, run: PlacementRun, data: dict[str, Any]) -> str:
    decisions = services.do_approve_run(
        actor=request.user,
        run=run,
        first_number=data["first_number"],
        symbol=data["symbol"],
        signed_on=data["signed_on"],
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
    )
    n = len(decisions)
    days = sorted({d.effective_on for d in decisions})
    if len(days) == 1:
        return ngettext(
            "%(n)d decision issued; the assignment takes effect on %(day)s.",
            "%(n)d decisions issued; the assignments take effect on %(day)s.",
            n,
        ) % {"n": n, "day": _day(days[0])}
    return ngettext(
        "%(n)d decision issued; the assignments take effect from %(first)s to %(last)s.",
        "%(n)d decisions issued; the assignments take effect from %(first)s to %(last)s.",
        n,
    ) % {"n": n, "first": _day(days[0]), "last": _day(days[-1])}


@register
class PlacementRunConfig(ModelConfig):
    model = PlacementRun
    name = "run"
    namespace = "cadres"
    can_delete = False  # a proposal is discarded, never deleted: its decisions point at it
    select_related = ["province", "created_by", "approved_by"]
    list_columns = [
        Column("title", order_by="title", link=True),
        Column("province", order_by="province__code"),
        Column("effective_on", order_by="effective_on"),
        Column("status", order_by="status"),
        Column("positions", label=_("posts"), accessor=_posts_label),
        Column("filled", label=_("posts filled"), accessor=_of("filled", "posts")),
        Column(
            "strategic_filled",
            label=_("strategic posts filled"),
            accessor=_of("strategic_filled", "strategic_posts"),
        ),
        Column("created_at", order_by="created_at"),
    ]
    default_ordering = ["-created_at"]
    search_fields = ["title__icontains"]
    filterset_class = PlacementRunFilterSet
    form_class = PlacementRunForm
    api = ApiSpec(
        path="/cadres/placements",
        id_param="run_id",
        out=RunOut,
        detail_out=RunDetailOut,
        exclude=frozenset({"create", "patch"}),  # made and solved again by domain actions
        summaries={
            "list": "List placement proposals",
            "get": "Get a placement proposal: figures (with the greedy baseline), pins and matches",
        },
        descriptions={
            "list": "A province's staff see its proposals, the Ministry all; communes see none. "
            "`status` draft, approved or discarded; `province` a province code.",
            "get": "Each match names the post, why it is open, and the cadre with the parts of "
            "the points; an empty post says why (nobody passes screening, with the reasons; or "
            "those eligible take other posts).",
        },
    )

    @classmethod
    def api_detail(cls, request, obj):
        from garrison.cadres.querysets import run_with_rows

        return run_with_rows(request.user, obj.pk)

    detail_template = "cadres/run_detail.html"
    detail_fields = [
        "status",
        "effective_on",
        "horizon",
        "home_commune_rule",
        "created_by",
        "solved_at",
        "approved_by",
        "approved_at",
    ]
    actions = [
        ObjectAction(
            "solve",
            _("Solve again"),
            ConfirmSolveForm,
            _solve,
            icon="arrow-repeat",
            available=_draft,
            help_text=_(
                "The proposal is solved again from the registers as they are now, keeping its "
                "pins and forbidden pairs."
            ),
        ),
        ObjectAction(
            "approve",
            _("Approve"),
            ApproveRunForm,
            _approve,
            icon="check2-circle",
            available=_draft,
            style="success",
            help_text=_(
                "One decision per filled post, numbered from the first number; each creates the "
                "assignment. If the registers changed since the last solve, nothing is issued: "
                "solve again, then approve."
            ),
        ),
        ObjectAction(
            "discard",
            _("Discard"),
            DiscardRunForm,
            _discard,
            icon="x-circle",
            available=_draft,
            style="outline-danger",
        ),
    ]

    @classmethod
    def user_can_write(cls, user: Any) -> bool:
        return can_propose_placement(user)

    @classmethod
    def new_instance(cls, request: HttpRequest) -> PlacementRun:
        scope = scope_of(request.user)
        today = timezone.localdate()
        return PlacementRun(
            province_id=getattr(scope, "province_id", None),
            effective_on=today,
            horizon=today + datetime.timedelta(days=DEFAULT_HORIZON_DAYS),
            positions=list(DEFAULT_POSTS),
        )

    @classmethod
    def create(cls, actor: Any, form: PlacementRunForm) -> PlacementRun:
        run, data = form.instance, form.cleaned_data
        return services.do_create_run(
            actor=actor,
            province_id=run.province_id,
            title=data["title"],
            effective_on=data["effective_on"],
            horizon=data["horizon"],
            positions=list(data["positions"]),
            home_commune_rule=data["home_commune_rule"],
        )

    @classmethod
    def change_refusal(cls, obj: PlacementRun) -> str:
        return gettext(
            "A proposal is not edited: adjust it with pins and forbidden pairs, solve it again, "
            "or discard it and make a new one."
        )

    @classmethod
    def detail_context(cls, request: HttpRequest, obj: PlacementRun) -> dict[str, Any]:
        filters = _filters(request.GET)
        matches = obj.matches.select_related("command", "profile__person")
        if "empty" in filters:
            matches = matches.filter(profile__isnull=True)
        if "strategic" in filters:
            matches = matches.filter(strategic=True)
        adjustable = can_adjust_placement(request.user, obj)
        context: dict[str, Any] = {
            "rows": [
                {
                    "match": m,
                    "key": post_key(m.command_id, m.position),
                    "vacancy": vacancy_text(m.vacancy),
                    **explain(m),
                }
                for m in matches
            ],
            "filters": filters,
            "filter_query": urlencode(filters),
            "comparison": comparison(obj.summary or {}),
            "posts_label": _posts_label(obj),
            "pins": obj.pins.select_related("profile__person", "command").order_by(
                "kind", "command__name", "position"
            ),
            "adjustable": adjustable,
            "decisions": (
                []
                if obj.is_draft
                else obj.decisions.select_related("profile__person", "command").order_by("pk")
            ),
        }
        if adjustable:
            context["pin_form"] = getattr(request, PIN_FORM_ATTR, None) or PinForm(
                run=obj, user=request.user, initial={"post": request.GET.get("pin", "")}
            )
            context["approve_form"] = ApproveRunForm()
        return context


# --- hand adjustments ------------------------------------------------------------------------
def _detail_again(request: HttpRequest, run: PlacementRun, pin_form: PinForm | None) -> Any:
    """The proposal's page once more, after a refused adjustment: the errors above it (the
    messages), and the pin form as the user filled it."""
    if pin_form is not None:
        setattr(request, PIN_FORM_ATTR, pin_form)
    view = ObjectDetailView(config=PlacementRunConfig)
    view.setup(request, pk=run.pk)
    response = view.get(request, pk=run.pk)
    response.status_code = 400
    return response


class RunPinView(ConfiguredView):
    """POST: pin a candidate to a post of the proposal (or, as `run_forbid`, forbid the pair),
    then solve again. A refused pin shows the service's reasons and keeps the form."""

    config = PlacementRunConfig
    kind = PlacementPin.Kind.PIN
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_object("change")
        data = request.POST.copy()
        if "pair" in data:  # a row's forbid button: "command:position:profile"
            data["post"], _sep, data["profile"] = data["pair"].rpartition(":")
        form = PinForm(data, run=run, user=request.user)
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
            return _detail_again(request, run, form if self.kind == PlacementPin.Kind.PIN else None)
        cleaned = form.cleaned_data
        try:
            services.do_set_pin(
                actor=request.user,
                run=run,
                kind=self.kind,
                command=cleaned["command"],
                position=cleaned["position"],
                profile=cleaned["profile"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return _detail_again(request, run, form if self.kind == PlacementPin.Kind.PIN else None)
        words = {
            "name": cleaned["profile"].person.full_name,
            "post": Position(cleaned["position"]).label,
            "command": cleaned["command"].name,
        }
        done = (
            gettext("%(name)s is pinned to %(post)s, %(command)s.")
            if self.kind == PlacementPin.Kind.PIN
            else gettext("%(name)s will not be proposed for %(post)s, %(command)s.")
        ) % words
        run.refresh_from_db(fields=["summary"])
        messages.success(request, f"{done} {_solved(run)}")
        return HttpResponseRedirect(_detail_url(run, request.GET))


class PlacementPinConfig(ModelConfig):
    """Not registered and without pages of its own: the scoped lookup of a pin for its remove
    button (the pin's proposal must be one the user may change)."""

    model = PlacementPin
    name = "pin"
    namespace = "cadres"
    can_add = False
    can_delete = False
    select_related = ["run", "profile__person", "command"]


class PinRemoveView(ConfiguredView):
    """POST: remove a pin or a forbidden pair (pk = the pin), then solve again."""

    config = PlacementPinConfig
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pin = self.get_object("change")
        run = pin.run
        try:
            services.do_remove_pin(actor=request.user, pin=pin)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            run.refresh_from_db(fields=["summary"])
            removed = (
                gettext("The pin of %(name)s is removed.")
                if pin.kind == PlacementPin.Kind.PIN
                else gettext("%(name)s may again be proposed for %(post)s, %(command)s.")
            ) % {
                "name": pin.profile.person.full_name,
                "post": pin.get_position_display(),
                "command": pin.command.name,
            }
            messages.success(request, f"{removed} {_solved(run)}")
        return HttpResponseRedirect(_detail_url(run, request.GET))


# `config` passed explicitly: the scoping test finds the object a route names through it
run_pin = RunPinView.as_view(config=PlacementRunConfig)
run_forbid = RunPinView.as_view(config=PlacementRunConfig, kind=PlacementPin.Kind.FORBID)
run_unpin = PinRemoveView.as_view(config=PlacementPinConfig)
