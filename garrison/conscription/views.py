"""Pages of the military-service register, declared on core's generic views: each register is a
ModelConfig; each state change is an ObjectAction that calls one service."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from garrison.core.registry import (
    Column,
    ModelConfig,
    ObjectAction,
    register,
    register_detail_panel,
)
from garrison.core.scoping import scope_of
from garrison.people.rules import MALE

from . import rules, services
from .filters import (
    AdmissionFilterSet,
    CallUpOrderFilterSet,
    CampaignFilterSet,
    CandidateFilterSet,
    ServiceRecordFilterSet,
    TransferFilterSet,
)
from .forms import (
    AdmissionForm,
    BackgroundCheckForm,
    CampaignForm,
    ConfirmForm,
    DecisionForm,
    DeclaredRelationshipForm,
    EnlistmentForm,
    HandOverForm,
    HealthExamForm,
    NewServiceRecordForm,
    OrderForm,
    QuotaForm,
    ReceiveForm,
    ScreeningForm,
    ServiceRecordForm,
    order_initial,
)
from .models import (
    Admission,
    CallUpOrder,
    Campaign,
    Candidate,
    CommuneQuota,
    DeclaredRelationship,
    RecordTransfer,
    ServiceRecord,
)
from .querysets import CALLABLE_OUTCOMES, STAGE_LABELS


def outcome_label(code: str) -> str:
    return str(rules.OUTCOME_LABELS.get(code, code))


def grounds_display(grounds: list[str]) -> list[dict[str, str]]:
    return [{"code": g, "label": str(rules.GROUND_LABELS.get(g, ""))} for g in grounds]


def _decide(request, record: ServiceRecord, data: dict[str, Any], campaign=None) -> str:
    decision = services.do_decide(
        actor=request.user,
        record=record,
        kind=data["kind"],
        letter=data["letter_code"],
        evidence=data["evidence"],
        decided_by=data["decided_by"],
        decided_on=data["decided_on"],
        until=data.get("until"),
        decision_number=data.get("decision_number", ""),
        campaign=campaign,
    )
    return _g("Recorded: %(d)s.") % {"d": decision}


# --- the register --------------------------------------------------------------------------------
def _hand_over(request, record, data) -> str:
    transfer = services.do_hand_over_record(
        actor=request.user,
        record=record,
        to_commune=data["to_commune"],
        reason=data["reason"],
        on=data["on"],
    )
    return _g("Handed over to %(c)s: it waits there to be received.") % {"c": transfer.to_commune}


@register
class ServiceRecordConfig(ModelConfig):
    model = ServiceRecord
    name = "record"
    namespace = "conscription"
    nav_label = _("Military service")
    nav_order = 50
    select_related = ["person", "commune"]
    list_columns = [
        Column(
            "person__full_name", label=_("full name"), order_by="person__name_sort_key", link=True
        ),
        Column("person__citizen_id", label=_("citizen ID (CCCD)"), order_by="person__citizen_id"),
        Column("person__date_of_birth", label=_("date of birth"), order_by="person__date_of_birth"),
        Column("commune", order_by="commune__name"),
        Column("status", order_by="status"),
        Column("registered_on", order_by="registered_on"),
    ]
    export_columns = [
        Column("person__citizen_id", label=_("citizen ID (CCCD)")),
        Column("person__full_name", label=_("full name")),
        Column("person__date_of_birth", label=_("date of birth")),
        Column("person__sex", label=_("sex")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("status"),
        Column("registered_on"),
        Column("certificate_number"),
        Column("education_grade"),
        Column("study_level"),
        Column("course_end"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__citizen_id__startswith", "person__full_name__icontains"]
    filterset_class = ServiceRecordFilterSet
    form_class = ServiceRecordForm
    add_form_class = NewServiceRecordForm
    can_delete = False  # a record is removed from the register (status), never deleted
    audit_reads = True
    detail_template = "conscription/record_detail.html"
    detail_fields = [
        "person__citizen_id",
        "person__date_of_birth",
        "commune",
        "status",
        "registered_on",
        "certificate_number",
        "education_grade",
        "study_level",
        "study_status",
        "course_end",
        "notes",
    ]
    actions = [
        ObjectAction(
            "hand_over",
            _("Hand over to another commune"),
            HandOverForm,
            _hand_over,
            icon="box-arrow-right",
            available=lambda r, user: r.status == ServiceRecord.Status.REGISTERED,
            help_text=_(
                "When a citizen moves: the record goes to the new commune, which receives it "
                "(NVQS 17.2: he registers there within 5 working days)."
            ),
        ),
        ObjectAction(
            "decide",
            _("Record a deferral or exemption"),
            DecisionForm,
            lambda request, record, data: _decide(request, record, data),
            icon="file-earmark-check",
            available=lambda r, user: r.status == ServiceRecord.Status.REGISTERED,
        ),
    ]

    @classmethod
    def after_save(cls, request, obj, created):
        services.record_saved(actor=request.user, record=obj, created=created)

    @classmethod
    def detail_context(cls, request, obj):
        answer = services.current_outcome(obj, timezone.localdate())
        return {
            "answer": answer,
            "outcome_label": outcome_label(answer["outcome"]),
            "grounds": grounds_display(answer.get("grounds", [])),
            "events": obj.events.visible_to(request.user).select_related("actor", "commune")[:50],
            "transfers": obj.transfers.visible_to(request.user).select_related(
                "from_commune", "to_commune"
            ),
            "decisions": obj.decisions.visible_to(request.user),
            "candidacies": obj.candidacies.visible_to(request.user).select_related("campaign"),
        }


def person_service_panel(request, person) -> str:
    """The person's page shows his military-service standing and its legal grounds."""
    record = (
        ServiceRecord.objects.visible_to(request.user)
        .select_related("person", "commune")
        .filter(person=person)
        .first()
    )
    today = timezone.localdate()
    if record is not None:
        answer = services.current_outcome(record, today)
    else:
        from .screening import assess_unregistered

        answer = assess_unregistered(person, today).as_dict()
    return render_to_string(
        "conscription/_person_panel.html",
        {
            "record": record,
            "answer": answer,
            "outcome_label": outcome_label(answer["outcome"]),
            "grounds": grounds_display(answer.get("grounds", [])),
            "record_url": ServiceRecordConfig.url("detail", record) if record else None,
            "can_register": record is None
            and ServiceRecordConfig.user_can_add(request.user)
            and person.sex == MALE,
            "add_url": ServiceRecordConfig.url("add"),
            "person": person,
        },
        request=request,
    )


register_detail_panel("people.person", person_service_panel)


def _receive(request, transfer, data) -> str:
    record = services.do_receive_record(actor=request.user, transfer=transfer, on=data["on"])
    return _g("Received: %(p)s is now registered in %(c)s.") % {
        "p": record.person,
        "c": record.commune,
    }


def _cancel(request, transfer, data) -> str:
    services.do_cancel_hand_over(actor=request.user, transfer=transfer)
    return _g("Hand-over cancelled: the record is back in your register.")


def _on_side(transfer, user, side: str) -> bool:
    scope = scope_of(user)
    if scope is None or transfer.status != RecordTransfer.Status.PENDING:
        return False
    return scope.commune_id is None or getattr(transfer, side) == scope.commune_id


@register
class TransferConfig(ModelConfig):
    model = RecordTransfer
    name = "transfer"
    namespace = "conscription"
    select_related = ["record__person", "from_commune", "to_commune"]
    list_columns = [
        Column("record", label=_("citizen"), order_by="record__person__name_sort_key", link=True),
        Column("from_commune", order_by="from_commune__name"),
        Column("to_commune", order_by="to_commune__name"),
        Column("status", order_by="status"),
        Column("handed_over_on", order_by="handed_over_on"),
        Column("received_on", order_by="received_on"),
    ]
    default_ordering = ["-handed_over_on"]
    search_fields = ["record__person__full_name__icontains", "record__person__citizen_id"]
    filterset_class = TransferFilterSet
    can_add = False
    can_delete = False
    detail_fields = [
        "record",
        "from_commune",
        "to_commune",
        "reason",
        "status",
        "handed_over_on",
        "received_on",
    ]
    actions = [
        ObjectAction(
            "receive",
            _("Receive the record"),
            ReceiveForm,
            _receive,
            icon="box-arrow-in-left",
            style="primary",
            available=lambda t, user: _on_side(t, user, "to_commune_id"),
        ),
        ObjectAction(
            "cancel",
            _("Cancel the hand-over"),
            ConfirmForm,
            _cancel,
            icon="x-circle",
            style="outline-danger",
            available=lambda t, user: _on_side(t, user, "from_commune_id"),
        ),
    ]


@register
class DeclaredRelationshipConfig(ModelConfig):
    model = DeclaredRelationship
    name = "relationship"
    namespace = "conscription"
    select_related = ["person", "relative"]
    list_columns = [
        Column("person", order_by="person__name_sort_key", link=True),
        Column("relative", order_by="relative__name_sort_key"),
        Column("kind"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__full_name__icontains", "relative__full_name__icontains"]
    form_class = DeclaredRelationshipForm


# --- campaigns -----------------------------------------------------------------------------------
def _quota_form_kwargs(request, campaign) -> dict[str, Any]:
    communes = services.province_communes(campaign)
    current = services.current_quotas(campaign)
    initial = current if any(current.values()) else services.suggest_quotas(campaign)
    return {
        "communes": communes,
        "initial_quotas": initial,
        "pools": services.pool_sizes(campaign),
    }


def _set_quotas(request, campaign, data) -> str:
    quotas = {int(key[1:]): value for key, value in data.items() if key.startswith("c")}
    services.do_set_commune_quotas(actor=request.user, campaign=campaign, quotas=quotas)
    return _g("Commune quotas saved: %(n)s in all.") % {"n": campaign.quota}


def _build_pool(request, campaign, data) -> str:
    counts = services.do_build_pool(actor=request.user, campaign=campaign)
    return _g("Pool built: %(added)s added, %(refreshed)s re-assessed.") % counts


@register
class CampaignConfig(ModelConfig):
    model = Campaign
    name = "campaign"
    namespace = "conscription"
    select_related = ["province"]
    list_columns = [
        Column("year", order_by="year", link=True),
        Column("province", order_by="province__code"),
        Column("quota", order_by="quota"),
        Column("status", order_by="status"),
        Column("handover_date", order_by="handover_date"),
    ]
    default_ordering = ["-year", "province__code"]
    filterset_class = CampaignFilterSet
    form_class = CampaignForm
    can_delete = False
    detail_template = "conscription/campaign_detail.html"
    actions = [
        ObjectAction(
            "quotas",
            _("Set commune quotas"),
            QuotaForm,
            _set_quotas,
            icon="pie-chart",
            form_kwargs=_quota_form_kwargs,
            help_text=_(
                "Proposed in proportion to each commune's eligible pool; change any figure. "
                "The quotas must add up to the province quota."
            ),
        ),
        ObjectAction(
            "build_pool",
            _("Build the pool"),
            ConfirmForm,
            _build_pool,
            icon="people",
            available=lambda c, user: c.status != Campaign.Status.CLOSED,
            help_text=_(
                "Puts every registered citizen who can be of call-up age on the hand-over day "
                "into the pool, and assesses each against the law."
            ),
        ),
    ]

    @classmethod
    def detail_context(cls, request, obj):
        candidates = Candidate.objects.visible_to(request.user).filter(campaign=obj)
        rollup = services.commune_rollup(obj) if scope_of(request.user).commune_id is None else []
        stage_counts = dict(
            candidates.with_stage()
            .values_list("stage")
            .annotate(n=Count("pk"))
            .values_list("stage", "n")
        )
        outcomes = [
            {
                "outcome": outcome_label(row["outcome"]),
                "code": row["outcome"],
                "ground": row["ground"],
                "ground_label": str(rules.GROUND_LABELS.get(row["ground"], "")),
                "n": row["n"],
            }
            for row in candidates.outcomes_by_ground()
        ]
        totals = {
            key: sum(r[key] for r in rollup)
            for key in ("quota", "pool", "callable", "selected", "ordered", "enlisted", "absent")
        }
        return {
            "rollup": rollup,
            "totals": totals,
            "stages": [
                {"code": code, "label": label, "n": stage_counts.get(code, 0)}
                for code, label in STAGE_LABELS.items()
            ],
            "outcomes": outcomes,
            "candidate_list": CandidateConfig.url("list"),
            "filter_query": f"campaign={obj.pk}",
        }


def _print_orders(request, quota: CommuneQuota, data) -> str:
    batch = services.do_start_order_batch(
        actor=request.user, campaign=quota.campaign, commune=quota.commune
    )
    return _g("Printing %(n)s orders in the background: the file appears below when ready.") % {
        "n": batch.total
    }


def _build_commune_pool(request, quota: CommuneQuota, data) -> str:
    counts = services.do_build_pool(
        actor=request.user, campaign=quota.campaign, communes=[quota.commune]
    )
    return _g("Pool built: %(added)s added, %(refreshed)s re-assessed.") % counts


@register
class CommuneQuotaConfig(ModelConfig):
    """A commune's part of a campaign: its quota, pool and progress (the commune's campaign
    page)."""

    model = CommuneQuota
    name = "commune_campaign"
    namespace = "conscription"
    nav_label = _("Enlistment")
    nav_order = 51
    select_related = ["campaign", "commune"]
    list_columns = [
        Column("campaign", order_by="campaign__year", link=True),
        Column("commune", order_by="commune__name"),
        Column("quota", order_by="quota"),
        Column("pool_size", label=_("eligible pool"), order_by="pool_size"),
        Column("selected_count", label=_("selected"), order_by="selected_count"),
        Column("enlisted_count", label=_("enlisted"), order_by="enlisted_count"),
    ]
    default_ordering = ["-campaign__year", "commune__name"]
    filterset_class = None
    can_add = False
    can_delete = False
    detail_template = "conscription/commune_campaign_detail.html"
    actions = [
        ObjectAction(
            "build_pool",
            _("Build this commune's pool"),
            ConfirmForm,
            _build_commune_pool,
            icon="people",
            available=lambda q, user: q.campaign.status != Campaign.Status.CLOSED,
        ),
        ObjectAction(
            "print_orders",
            _("Print all call-up orders (PDF)"),
            ConfirmForm,
            _print_orders,
            icon="printer",
        ),
    ]

    @classmethod
    def base_queryset(cls):
        return super().base_queryset().with_progress()

    @classmethod
    def detail_context(cls, request, obj):
        candidates = Candidate.objects.visible_to(request.user).filter(
            campaign=obj.campaign, commune=obj.commune
        )
        stage_counts = dict(
            candidates.with_stage()
            .values_list("stage")
            .annotate(n=Count("pk"))
            .values_list("stage", "n")
        )
        pending = candidates.filter(outcome__in=CALLABLE_OUTCOMES).aggregate(
            not_screened=Count("pk", filter=Q(screening="")),
            not_examined=Count("pk", filter=Q(screening="passed", exams__isnull=True)),
            not_checked=Count("pk", filter=Q(background="")),
        )
        from .models import OrderBatch

        today = timezone.localdate()
        campaign = obj.campaign
        deadlines = [
            (_("health examinations"), campaign.exam_start, campaign.exam_end),
            (_("call-up orders delivered by"), None, campaign.notice_deadline),
            (_("hand-over day"), None, campaign.handover_date),
        ]
        return {
            "stages": [
                {"code": code, "label": label, "n": stage_counts.get(code, 0)}
                for code, label in STAGE_LABELS.items()
            ],
            "pending": pending,
            "deadlines": [
                {"label": label, "start": start, "end": end, "days_left": (end - today).days}
                for label, start, end in deadlines
            ],
            "batches": OrderBatch.objects.visible_to(request.user).filter(
                campaign=campaign, commune=obj.commune
            )[:5],
            "candidate_list": CandidateConfig.url("list"),
            "filter_query": f"campaign={obj.campaign_id}&commune={obj.commune_id}",
        }


# --- candidates ----------------------------------------------------------------------------------
def _not_closed(c: Candidate) -> bool:
    return c.campaign.status != Campaign.Status.CLOSED


def _screening(request, c, data) -> str:
    services.do_record_screening(actor=request.user, candidate=c, passed=data["passed"])
    return _g("Preliminary screening recorded.")


def _exam(request, c, data) -> str:
    exam = services.do_record_health_exam(actor=request.user, candidate=c, **data)
    c.refresh_from_db()
    return _g("%(exam)s recorded. Outcome now: %(o)s.") % {
        "exam": exam,
        "o": outcome_label(c.outcome),
    }


def _background(request, c, data) -> str:
    services.do_record_background_check(actor=request.user, candidate=c, **data)
    return _g("Background check recorded.")


def _select(request, c, data) -> str:
    services.do_select(actor=request.user, candidate=c, selected=True)
    return _g("%(p)s is on the list of citizens to call up.") % {"p": c.person}


def _deselect(request, c, data) -> str:
    services.do_select(actor=request.user, candidate=c, selected=False)
    return _g("%(p)s is off the list.") % {"p": c.person}


def _order(request, c, data) -> str:
    order = services.do_issue_order(actor=request.user, candidate=c, **data)
    return _g("Call-up order %(n)s issued.") % {"n": order.number}


def _enlistment(request, c, data) -> str:
    services.do_record_enlistment(
        actor=request.user,
        candidate=c,
        reported=data["reported"],
        reason=data.get("absence_reason", ""),
    )
    return _g("Enlistment day recorded.")


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
        Column("person__citizen_id", label=_("citizen ID (CCCD)")),
        Column("person__full_name", label=_("full name")),
        Column("person__date_of_birth", label=_("date of birth")),
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
    search_fields = ["person__full_name__icontains", "person__citizen_id__startswith"]
    filterset_class = CandidateFilterSet
    can_add = False
    can_delete = False
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
            lambda request, c, data: _decide(request, c.record, data, campaign=c.campaign),
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
        Column("candidate__person__citizen_id", label=_("citizen ID (CCCD)")),
        Column("candidate__person__full_name", label=_("full name")),
        Column("commune__name", label=_("commune")),
        Column("issued_on"),
        Column("report_at"),
        Column("report_place"),
        Column("signer_name"),
    ]
    default_ordering = ["-year", "commune__name", "sequence"]
    search_fields = ["number__icontains", "candidate__person__full_name__icontains"]
    filterset_class = CallUpOrderFilterSet
    can_add = False
    can_delete = False
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
        Column("person__citizen_id", label=_("citizen ID (CCCD)")),
        Column("person__full_name", label=_("full name")),
        Column("person__date_of_birth", label=_("date of birth")),
        Column("commune__name", label=_("commune")),
        Column("year"),
        Column("school"),
        Column("programme"),
        Column("health_class"),
        Column("result"),
        Column("notes"),
    ]
    default_ordering = ["-year", "person__name_sort_key"]
    search_fields = ["person__full_name__icontains", "school__icontains"]
    filterset_class = AdmissionFilterSet
    form_class = AdmissionForm
