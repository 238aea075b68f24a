"""Pages of the assessment registers, declared on core's generic views: the year's criteria
(targets and weights, set by the province), the runs (list; a run's page is its ranking, with
the actions "Compute again" and "Approve"), the communes' scores (a score's page is the
commune's scorecard) and the figures behind them. Scores and figures are never typed: no add or
edit page. Importing this module registers the four."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import (
    ApiSpec,
    Column,
    ModelConfig,
    NavLink,
    ObjectAction,
    register,
    register_nav_link,
)
from garrison.core.scoping import NATION, PROVINCE

from . import permissions, services, tables
from .filters import CriterionFilterSet, FigureFilterSet, RunFilterSet, ScoreFilterSet
from .forms import ConfirmForm, CriterionForm
from .measures import MEASURES, get_measure, measure_label
from .models import AssessmentCriterion, AssessmentRun, CommuneScore, RunState, ScoreFigure

PROVINCE_AND_NATION = frozenset({NATION, PROVINCE})
#: a commune's place in a ranking (the model's "rank" is also an officer's rank in the catalogue)
RANK = pgettext_lazy("ranking", "rank")


def _measure(obj: Any) -> str:
    return measure_label(obj.measure)


def _measure_context(obj: Any) -> dict[str, Any]:
    """The measure a criterion or a figure is about, by its name and its evidence."""
    return {"measure": get_measure(obj.measure), "measure_label": measure_label(obj.measure)}


# --- criteria ----------------------------------------------------------------------------------
@register
class CriterionConfig(ModelConfig):
    model = AssessmentCriterion
    name = "assessment_criterion"
    namespace = "oversight"
    select_related = ["province"]
    list_columns = [
        Column("measure", label=_("measure"), accessor=_measure, order_by="measure", link=True),
        Column("year", order_by="year"),
        Column("target", order_by="target"),
        Column("weight", order_by="weight"),
        Column("province", order_by="province__name"),
    ]
    export_columns = [
        Column("province__code", label=_("province code")),
        Column("province__name", label=_("province")),
        Column("year"),
        Column("measure", label=_("measure code")),
        Column("measure_label", label=_("measure"), accessor=_measure),
        Column("target"),
        Column("weight"),
    ]
    default_ordering = ["-year", "measure"]
    filterset_class = CriterionFilterSet
    form_class = CriterionForm
    picker = False  # never chosen in a form
    list_template = "oversight/assessment_criterion_list.html"
    detail_template = "oversight/assessment_measure_detail.html"
    detail_fields = ["province", "year", "target", "weight"]
    nav_label = _("Assessment criteria")
    nav_group = "oversight"
    nav_order = 60
    nav_levels = PROVINCE_AND_NATION
    api = ApiSpec(
        path="/oversight/assessment-criteria",
        id_param="assessment_criterion_id",
        summaries={
            "list": "List the assessment criteria (measure, target, weight) of the years",
            "get": "Get an assessment criterion",
            "create": "Set a measure's target and weight for a year",
            "patch": "Change a criterion's target or weight",
            "delete": "Remove a measure from a year's assessment",
        },
        descriptions={
            "list": "Filters: `year`; `measure` a measure code; `province` a province code.",
            "create": "`measure` one of the measure codes (GET the list's `measure` filter for "
            "them); `target` in the measure's unit (a percentage, at most 100, for a rate); "
            "`weight` 1 to 100. The province's staff only.",
        },
    )

    @classmethod
    def user_can_add(cls, user: Any) -> bool:
        return cls.form_class is not None and permissions.can_set_criteria(user)

    @classmethod
    def create(cls, actor, form):
        return services.do_save_criterion(actor=actor, criterion=form.save(commit=False))

    @classmethod
    def update(cls, actor, form, expected_version):
        return services.do_save_criterion(
            actor=actor, criterion=form.save(commit=False), expected_version=expected_version
        )

    @classmethod
    def detail_context(cls, request, obj):
        return _measure_context(obj)


# --- runs --------------------------------------------------------------------------------------
def _recompute(request, run, data) -> str:
    services.do_recompute_run(actor=request.user, run=run)
    return gettext("The assessment was computed again from the registers.")


def _approve(request, run, data) -> str:
    services.do_approve_run(actor=request.user, run=run)
    return gettext("The assessment is approved: its figures are frozen.")


@register
class RunConfig(ModelConfig):
    model = AssessmentRun
    name = "assessment_run"
    namespace = "oversight"
    select_related = ["province", "approved_by"]
    list_columns = [
        Column("year", order_by="year", link=True),
        Column("period", order_by="period"),
        Column("province", order_by="province__name"),
        Column("as_of", order_by="as_of"),
        Column("state", order_by="state"),
        Column("computed_at", order_by="computed_at"),
        Column("approved_at", order_by="approved_at"),
    ]
    export_columns = [
        Column("province__code", label=_("province code")),
        Column("province__name", label=_("province")),
        Column("year"),
        Column("period"),
        Column("as_of"),
        Column("state"),
        Column("computed_at"),
        Column("approved_at"),
    ]
    default_ordering = ["-year", "period", "province__name"]
    filterset_class = RunFilterSet
    list_template = "oversight/assessment_run_list.html"
    detail_template = "oversight/assessment_run_detail.html"
    detail_fields = ["province", "year", "period", "as_of", "state", "computed_at", "approved_at"]
    nav_label = _("Assessment of the communes")
    nav_group = "oversight"
    nav_order = 61
    nav_levels = PROVINCE_AND_NATION
    actions = [
        ObjectAction(
            "recompute",
            _("Compute again"),
            ConfirmForm,
            _recompute,
            icon="arrow-repeat",
            available=lambda run, user: (
                not run.is_frozen and permissions.can_compute_run(user, run)
            ),
            help_text=_(
                "The figures are read again from the registers as they stood on the run's day, "
                "with the year's targets and weights as they are now."
            ),
        ),
        ObjectAction(
            "approve",
            _("Approve"),
            ConfirmForm,
            _approve,
            icon="patch-check",
            style="primary",
            available=lambda run, user: (
                not run.is_frozen and permissions.can_approve_run(user, run)
            ),
            help_text=_(
                "An approved assessment is frozen: its figures, scores and ranks never change "
                "again. It can still be compared with the registers."
            ),
        ),
    ]
    api = ApiSpec(
        path="/oversight/assessment-runs",
        id_param="assessment_run_id",
        summaries={
            "list": "List the assessments of the communes (runs)",
            "get": "Get an assessment run",
            "delete": "Delete a draft assessment run",
        },
        descriptions={
            "list": "Filters: `year`; `period` year, h1, h2; `state` draft, approved; "
            "`province` a province code.",
        },
    )

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} — {obj.province}"

    @classmethod
    def change_refusal(cls, obj):
        return services.frozen_message() if obj.is_frozen else None

    @classmethod
    def detail_context(cls, request, obj):
        user = request.user
        rows = tables.ranking(
            obj,
            ScoreConfig.queryset(request),
            FigureConfig.queryset(request),
        )
        return {
            "columns": tables.columns_of(obj),
            "ranking": rows,
            "frozen": obj.is_frozen,
            "compare_url": reverse("oversight:assessment_run_compare", kwargs={"pk": obj.pk}),
            "pdf_url": reverse("oversight:assessment_run_pdf", kwargs={"pk": obj.pk}),
            "xlsx_url": f"{ScoreConfig.url('export')}?run={obj.pk}&format=xlsx",
            "trend_url": f"{reverse('oversight:assessment_trend')}?province={obj.province.code}",
            "can_compute": permissions.can_compute_run(user, obj),
        }


register_nav_link(
    NavLink(
        "oversight",
        62,
        _("Assessment trend"),
        "oversight:assessment_trend",
        permissions.can_view_ranking,
    )
)
register_nav_link(
    NavLink(
        "oversight",
        63,
        _("Provinces compared"),
        "oversight:assessment_provinces",
        permissions.can_view_provinces_compared,
    )
)
register_nav_link(
    NavLink(
        "oversight",
        64,
        _("Our scorecard"),
        "oversight:assessment_our_scorecard",
        permissions.can_view_our_scorecard,
    )
)


# --- scores ------------------------------------------------------------------------------------
def _value_of(index: int):
    return lambda score: getattr(score, f"m{index}", None)


@register
class ScoreConfig(ModelConfig):
    model = CommuneScore
    name = "assessment_score"
    namespace = "oversight"
    select_related = ["run", "run__province", "commune"]
    list_columns = [
        Column("commune", order_by="commune__name", link=True),
        Column("run", label=_("assessment"), order_by="run__year"),
        Column("rank", label=RANK, order_by="rank"),
        Column("score", order_by="score"),
        Column("weight_counted", order_by="weight_counted"),
    ]
    export_columns = [
        Column("run__province__name", label=_("province")),
        Column("run__year", label=_("year")),
        Column("run__period", label=_("period")),
        Column("run__state", label=_("state")),
        Column("rank", label=RANK),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("score"),
        Column("weight_counted"),
        *[Column(f"m{i}", label=m.label, accessor=_value_of(i)) for i, m in enumerate(MEASURES)],
    ]
    default_ordering = ["-run__year", "run__period", "rank", "commune__name"]
    filterset_class = ScoreFilterSet
    can_add = False
    can_delete = False
    picker = False
    detail_template = "oversight/assessment_scorecard.html"
    detail_fields = ["run", "commune", "score", "weight_counted"]  # the rank: in the summary
    api = ApiSpec(
        path="/oversight/assessment-scores",
        id_param="assessment_score_id",
        summaries={
            "list": "List the communes' assessment scores and ranks",
            "get": "Get a commune's score in an assessment",
        },
        descriptions={
            "list": "Filters: `run` an assessment run id; `year`; `period` year, h1, h2; "
            "`commune` a commune code. Written by the compute service only.",
        },
    )

    @classmethod
    def base_queryset(cls):
        qs = super().base_queryset()
        values = {}
        for i, measure in enumerate(MEASURES):
            figure = ScoreFigure.objects.filter(
                run_id=OuterRef("run_id"), commune_id=OuterRef("commune_id"), measure=measure.code
            ).values("value")[:1]
            values[f"m{i}"] = Subquery(figure)
        return qs.annotate(**values)

    @classmethod
    def detail_context(cls, request, obj):
        figures = FigureConfig.queryset(request)
        history = tables.trend(
            RunConfig.queryset(request).filter(province_id=obj.province_id),
            cls.queryset(request).filter(commune_id=obj.commune_id),
            obj.commune_id,
        )
        return {
            "run": obj.run,
            "rows": tables.scorecard(obj, figures),
            "communes": tables.communes_in_run(obj.run_id),
            "sees_province": permissions.can_view_ranking(request.user),
            "run_url": RunConfig.url("detail", obj.run),
            "history": [row for row in history if row.commune_score is not None],
            "frozen": obj.run.state == RunState.APPROVED,
        }


# --- figures -----------------------------------------------------------------------------------
@register
class FigureConfig(ModelConfig):
    model = ScoreFigure
    name = "assessment_figure"
    namespace = "oversight"
    select_related = ["run", "commune"]
    list_columns = [
        Column("measure", label=_("measure"), accessor=_measure, order_by="measure", link=True),
        Column("commune", order_by="commune__name"),
        Column("run", label=_("assessment"), order_by="run__year"),
        Column("numerator"),
        Column("denominator"),
        Column("value", order_by="value"),
        Column("target"),
        Column("weight"),
        Column("points", order_by="points"),
    ]
    export_columns = [
        Column("run__year", label=_("year")),
        Column("run__period", label=_("period")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("measure", label=_("measure code")),
        Column("measure_label", label=_("measure"), accessor=_measure),
        Column("numerator"),
        Column("denominator"),
        Column("value"),
        Column("target"),
        Column("weight"),
        Column("points"),
    ]
    default_ordering = ["-run__year", "commune__name", "measure"]
    filterset_class = FigureFilterSet
    can_add = False
    can_delete = False
    picker = False
    detail_template = "oversight/assessment_measure_detail.html"
    detail_fields = [
        "run",
        "commune",
        "numerator",
        "denominator",
        "value",
        "target",
        "weight",
        "points",
    ]
    api = ApiSpec(
        path="/oversight/assessment-figures",
        id_param="assessment_figure_id",
        summaries={
            "list": "List the figures behind the communes' scores",
            "get": "Get one figure of a commune's score",
        },
        descriptions={
            "list": "Filters: `run` an assessment run id; `commune` a commune code; `measure` "
            "a measure code. `value` is empty where the measure does not apply (nothing to "
            "count): its weight is then not counted.",
        },
    )

    @classmethod
    def detail_context(cls, request, obj):
        return _measure_context(obj)
