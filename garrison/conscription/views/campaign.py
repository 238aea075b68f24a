"""A campaign's pages: the province's view (quotas, fulfilment, stages, outcomes by ground) and
each commune's enlistment page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.conscription import rules, services
from garrison.conscription.filters import (
    CampaignFilterSet,
)
from garrison.conscription.forms import (
    CampaignForm,
    ConfirmForm,
    QuotaForm,
)
from garrison.conscription.models import (
    Campaign,
    Candidate,
    CommuneQuota,
    PoolBuild,
)
from garrison.conscription.querysets import CALLABLE_OUTCOMES, STAGE_LABELS
from garrison.conscription.schemas import CampaignDetailOut, CampaignOut
from garrison.core.registry import (
    ApiSpec,
    Column,
    ModelConfig,
    ObjectAction,
    get_config,
    register,
)
from garrison.core.scoping import is_commune_scope

from .common import outcome_label


def funnel_steps(funnel: dict[str, int]) -> list[dict[str, Any]]:
    """The stages as a funnel: how many reached each, and their share of the pool."""
    pool = funnel.get("pool") or 0
    return [
        {
            "code": code,
            "label": label,
            "n": funnel.get(code, 0),
            "percent": round(100 * funnel.get(code, 0) / pool) if pool else 0,
            "exit": code in ("absent", "out"),
        }
        for code, label in STAGE_LABELS.items()
    ]


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
    return gettext("Commune quotas saved: %(n)s in all.") % {"n": campaign.quota}


def _build_pool(request, campaign, data) -> str:
    services.do_start_pool_build(actor=request.user, campaign=campaign)
    return gettext(
        "Building the pool in the background: its progress is shown below, and the counts when "
        "it is done."
    )


def _latest_build(user, campaign, commune=None):
    """The latest build of this pool the user sees, for its progress bar (None: never built)."""
    return (
        PoolBuild.objects.visible_to(user)
        .filter(campaign=campaign, commune=commune)
        .select_related("campaign")
        .first()
    )


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

    @classmethod
    def picker_search(cls, qs, term):
        """A campaign is found by its year and its province's name ("2027 Điện Biên")."""
        for word in term.split()[:6]:
            if word.isdigit() and len(word) <= 4:
                qs = qs.filter(year=int(word))
            else:
                qs = qs.filter(province__name__icontains=word)
        return qs

    can_delete = False
    api = ApiSpec(
        path="/conscription/campaigns",
        id_param="campaign_id",
        out=CampaignOut,
        detail_out=CampaignDetailOut,
        summaries={
            "list": "List enlistment campaigns",
            "get": "Get a campaign with quota fulfilment and stage counts by commune",
        },
    )
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
        rollup = services.commune_rollup(obj) if not is_commune_scope(request.user) else []
        funnel = candidates.funnel()
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
        totals = services.rollup_totals(rollup)
        build = _latest_build(request.user, obj)
        return {
            "build": build,
            "build_progress": services.progress_of(build) if build else None,
            "rollup": rollup,
            "totals": totals,
            "stages": funnel_steps(funnel),
            "outcomes": outcomes,
            "candidate_list": get_config("conscription.candidate").url("list"),
            "filter_query": f"campaign={obj.pk}",
        }


def _print_orders(request, quota: CommuneQuota, data) -> str:
    batch = services.do_start_order_batch(
        actor=request.user, campaign=quota.campaign, commune=quota.commune
    )
    return gettext(
        "Printing %(n)s orders in the background: the file appears below when ready."
    ) % {"n": batch.total}


def _build_commune_pool(request, quota: CommuneQuota, data) -> str:
    services.do_start_pool_build(actor=request.user, campaign=quota.campaign, commune=quota.commune)
    return gettext(
        "Building the pool in the background: its progress is shown below, and the counts when "
        "it is done."
    )


def _quota_against_pool(quota: CommuneQuota) -> str:
    if quota.quota > getattr(quota, "pool_size", quota.quota):
        return gettext("%(quota)s — above the eligible pool") % {"quota": quota.quota}
    return str(quota.quota)


@register
class CommuneQuotaConfig(ModelConfig):
    """A commune's part of a campaign: its quota, pool and progress (the commune's campaign
    page)."""

    model = CommuneQuota
    name = "commune_campaign"
    namespace = "conscription"
    nav_label = _("Enlistment")
    nav_order = 51
    nav_group = "citizens"
    select_related = ["campaign", "commune"]
    list_columns = [
        Column("campaign", order_by="campaign__year", link=True),
        Column("commune", order_by="commune__name"),
        Column("quota", order_by="quota", accessor=_quota_against_pool),
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
        funnel = candidates.funnel()
        pending = candidates.filter(outcome__in=CALLABLE_OUTCOMES).aggregate(
            not_screened=Count("pk", filter=Q(screening="")),
            not_examined=Count("pk", filter=Q(screening="passed", exams__isnull=True)),
            not_checked=Count("pk", filter=Q(background="")),
        )
        from garrison.conscription.models import OrderBatch

        today = timezone.localdate()
        campaign = obj.campaign
        deadlines = [
            (_("health examinations"), campaign.exam_start, campaign.exam_end),
            (_("call-up orders delivered by"), None, campaign.notice_deadline),
            (_("hand-over day"), None, campaign.handover_date),
        ]
        build = _latest_build(request.user, campaign, obj.commune)
        return {
            "build": build,
            "build_progress": services.progress_of(build) if build else None,
            "stages": funnel_steps(funnel),
            "pending": pending,
            "deadlines": [
                {"label": label, "start": start, "end": end, "days_left": (end - today).days}
                for label, start, end in deadlines
            ],
            "batches": OrderBatch.objects.visible_to(request.user).filter(
                campaign=campaign, commune=obj.commune
            )[:5],
            "candidate_list": get_config("conscription.candidate").url("list"),
            "filter_query": f"campaign={obj.campaign_id}&commune={obj.commune.code}",
        }
