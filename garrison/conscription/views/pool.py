"""The pool and its stages (one action per step), call-up orders and military admissions."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.conscription import services
from garrison.conscription.filters import (
    AdmissionFilterSet,
    CallUpOrderFilterSet,
    CandidateFilterSet,
)
from garrison.conscription.forms import (
    AdmissionForm,
    BackgroundCheckForm,
    ConfirmForm,
    DecisionForm,
    EnlistmentForm,
    HealthExamForm,
    OrderForm,
    ScreeningForm,
    order_initial,
)
from garrison.conscription.models import (
    Admission,
    CallUpOrder,
    Campaign,
    Candidate,
)
from garrison.conscription.querysets import CALLABLE_OUTCOMES, STAGE_LABELS
from garrison.conscription.schemas import CandidateOut, OrderOut
from garrison.core.registry import (
    ApiSpec,
    Column,
    ModelConfig,
    ObjectAction,
    register,
)

from .common import decide_on_record, grounds_display, outcome_label, person_columns
from .register import ServiceRecordConfig


# --- candidates ----------------------------------------------------------------------------------
def _not_closed(c: Candidate) -> bool:
    return c.campaign.status != Campaign.Status.CLOSED


def _screening(request, c, data) -> str:
    services.do_record_screening(actor=request.user, candidate=c, passed=data["passed"])
    return gettext("Preliminary screening recorded.")


def _exam(request, c, data) -> str:
    exam = services.do_record_health_exam(actor=request.user, candidate=c, **data)
    c.refresh_from_db()
    return gettext("%(exam)s recorded. Outcome now: %(o)s.") % {
        "exam": exam,
        "o": outcome_label(c.outcome),
    }


def _background(request, c, data) -> str:
    services.do_record_background_check(actor=request.user, candidate=c, **data)
    return gettext("Background check recorded.")


def _select(request, c, data) -> str:
    services.do_select(actor=request.user, candidate=c, selected=True)
    return gettext("%(p)s is on the list of citizens to call up.") % {"p": c.person}


def _deselect(request, c, data) -> str:
    services.do_select(actor=request.user, candidate=c, selected=False)
    return gettext("%(p)s is off the list.") % {"p": c.person}


def _order(request, c, data) -> str:
    order = services.do_issue_order(actor=request.user, candidate=c, **data)
    return gettext("Call-up order %(n)s issued.") % {"n": order.number}


def _enlistment(request, c, data) -> str:
    services.do_record_enlistment(
        actor=request.user,
        candidate=c,
        reported=data["reported"],
        reason=data.get("absence_reason", ""),
    )
    return gettext("Enlistment day recorded.")


_has_order = services.has_order


@register
class CandidateConfig(ModelConfig):
    model = Candidate
    name = "candidate"
    namespace = "conscription"
    select_related = ["person", "commune", "campaign"]
    list_columns = [
        Column(
            "person__full_name", label=_("full name"), order_by="person__name_sort_key", link=True
        ),
        Column("person__date_of_birth", label=_("date of birth"), order_by="person__date_of_birth"),
        Column("commune", order_by="commune__name"),
        Column("outcome", accessor=lambda c: outcome_label(c.outcome), order_by="outcome"),
        Column("ground", order_by="ground"),
        Column("stage", label=_("stage"), accessor=lambda c: STAGE_LABELS.get(c.stage, "")),
    ]
    export_columns = [
        *person_columns("person"),
        Column("commune__name", label=_("commune")),
        Column("outcome", accessor=lambda c: outcome_label(c.outcome)),
        Column("grounds", accessor=lambda c: ", ".join(c.grounds)),
        Column("outcome_until"),
        Column("stage", label=_("stage"), accessor=lambda c: STAGE_LABELS.get(c.stage, "")),
        Column("screening"),
        Column("background"),
        Column("selected"),
        Column("enlistment"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__search_name__words", "person__citizen_id__startswith"]
    filterset_class = CandidateFilterSet
    can_add = False
    can_delete = False
    api = ApiSpec(
        path="/conscription/candidates",
        id_param="candidate_id",
        out=CandidateOut,
        summaries={"list": "List a campaign's pool"},
    )
    audit_reads = True
    detail_template = "conscription/candidate_detail.html"
    detail_fields = ["campaign", "commune", "screening", "background", "selected", "enlistment"]
    actions = [
        ObjectAction(
            "screening",
            _("Preliminary screening"),
            ScreeningForm,
            _screening,
            icon="clipboard-check",
            available=lambda c, u: _not_closed(c) and c.outcome in CALLABLE_OUTCOMES,
        ),
        ObjectAction(
            "health_exam",
            _("Record a health examination"),
            HealthExamForm,
            _exam,
            icon="heart-pulse",
            available=lambda c, u: _not_closed(c) and not c.selected,
        ),
        ObjectAction(
            "background",
            _("Record the background check"),
            BackgroundCheckForm,
            _background,
            icon="shield-check",
            available=lambda c, u: _not_closed(c) and not c.selected,
        ),
        ObjectAction(
            "decide",
            _("Record a deferral or exemption"),
            DecisionForm,
            lambda request, c, data: decide_on_record(request, c.record, data, campaign=c.campaign),
            icon="file-earmark-check",
            available=lambda c, u: _not_closed(c) and not c.selected,
        ),
        ObjectAction(
            "select",
            _("Select for enlistment"),
            ConfirmForm,
            _select,
            icon="check2-square",
            style="primary",
            available=lambda c, u: (
                _not_closed(c) and not c.selected and c.outcome in CALLABLE_OUTCOMES
            ),
        ),
        ObjectAction(
            "deselect",
            _("Take off the list"),
            ConfirmForm,
            _deselect,
            icon="dash-square",
            style="outline-danger",
            available=lambda c, u: _not_closed(c) and c.selected and not _has_order(c),
        ),
        ObjectAction(
            "order",
            _("Issue the call-up order"),
            OrderForm,
            _order,
            icon="envelope-paper",
            style="primary",
            available=lambda c, u: _not_closed(c) and c.selected and not _has_order(c),
            form_kwargs=lambda request, c: {"initial": order_initial(c.campaign)},
        ),
        ObjectAction(
            "enlistment",
            _("Record enlistment day"),
            EnlistmentForm,
            _enlistment,
            icon="flag",
            available=lambda c, u: _not_closed(c) and _has_order(c) and not c.enlistment,
        ),
    ]

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().with_stage()

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "outcome_label": outcome_label(obj.outcome),
            "grounds": grounds_display(obj.grounds),
            "stage_label": STAGE_LABELS.get(obj.stage, ""),
            "exams": obj.exams.visible_to(request.user),
            "decisions": obj.record.decisions.visible_to(request.user),
            "order": CallUpOrder.objects.visible_to(request.user).filter(candidate=obj).first(),
            "record_url": ServiceRecordConfig.url("detail", obj.record),
        }


# --- orders and admissions -----------------------------------------------------------------------
@register
class CallUpOrderConfig(ModelConfig):
    model = CallUpOrder
    name = "order"
    namespace = "conscription"
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    select_related = ["candidate__person", "commune"]
    list_columns = [
        Column("number", order_by="sequence", link=True),
        Column("candidate", label=_("citizen"), order_by="candidate__person__name_sort_key"),
        Column("commune", order_by="commune__name"),
        Column("issued_on", order_by="issued_on"),
        Column("report_at", order_by="report_at"),
        Column("report_place"),
    ]
    export_columns = [
        Column("number"),
        *person_columns("candidate__person"),
        Column("commune__name", label=_("commune")),
        Column("issued_on"),
        Column("report_at"),
        Column("report_place"),
        Column("signer_name"),
    ]
    default_ordering = ["-year", "commune__name", "sequence"]
    search_fields = ["number__icontains", "candidate__person__search_name__words"]
    filterset_class = CallUpOrderFilterSet
    can_add = False
    can_delete = False
    api = ApiSpec(
        path="/conscription/orders",
        id_param="order_id",
        out=OrderOut,
        summaries={"list": "List call-up orders issued"},
    )
    detail_template = "conscription/order_detail.html"
    detail_fields = [
        "number",
        "candidate",
        "commune",
        "issued_on",
        "report_at",
        "report_place",
        "signer_name",
    ]


@register
class AdmissionConfig(ModelConfig):
    model = Admission
    name = "admission"
    namespace = "conscription"
    select_related = ["person", "commune"]
    list_columns = [
        Column("person", order_by="person__name_sort_key", link=True),
        Column("year", order_by="year"),
        Column("school", order_by="school"),
        Column("commune", order_by="commune__name"),
        Column("health_class", order_by="health_class"),
        Column("result", order_by="result"),
    ]
    export_columns = [
        *person_columns("person"),
        Column("commune__name", label=_("commune")),
        Column("year"),
        Column("school"),
        Column("programme"),
        Column("health_class"),
        Column("result"),
        Column("notes"),
    ]
    default_ordering = ["-year", "person__name_sort_key"]
    search_fields = ["person__search_name__words", "school__icontains"]
    filterset_class = AdmissionFilterSet
    form_class = AdmissionForm
