"""Campaigns: commune quotas (summing to the province quota) and the pool."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from garrison.conscription import rules
from garrison.conscription.models import (
    CallUpOrder,
    Campaign,
    Candidate,
    CommuneQuota,
)
from garrison.conscription.querysets import CALLABLE_OUTCOMES
from garrison.core.services import require_editable
from garrison.territory.models import Commune


# --- campaigns and quotas ----------------------------------------------------------------------
def commune_by_code(code: int) -> Commune | None:
    """Any commune of the nation, by its official code: a hand-over may cross provinces."""
    return Commune.objects.filter(code=code).first()


def province_commune_codes(campaign: Campaign) -> dict[int, int]:
    """commune code → pk for the campaign's province."""
    return dict(Commune.objects.filter(province=campaign.province_id).values_list("code", "pk"))


def campaign_progress(user: Any, campaign: Campaign) -> list[dict[str, Any]]:
    """Per commune of the campaign that `user` sees: quota and the pool's stage counts."""
    quotas = dict(
        CommuneQuota.objects.visible_to(user)
        .filter(campaign=campaign)
        .values_list("commune_id", "quota")
    )
    rows = Candidate.objects.visible_to(user).filter(campaign=campaign)
    hidden = ("commune_id", "commune__name", "commune__code")
    return [
        {
            **{k: v for k, v in row.items() if k not in hidden},
            "commune_code": row["commune__code"],
            "commune_name": row["commune__name"],
            "quota": quotas.get(row["commune_id"], 0),
        }
        for row in rows.progress_by_commune()
    ]


def province_communes(campaign: Campaign) -> Any:
    return Commune.objects.filter(province=campaign.province_id).order_by("name")


def current_quotas(campaign: Campaign) -> dict[int, int]:
    return dict(CommuneQuota.objects.filter(campaign=campaign).values_list("commune_id", "quota"))


ROLLUP_COUNTS = (
    "pool",
    "callable",
    "screened",
    "examined",
    "cleared",
    "selected",
    "ordered",
    "enlisted",
    "absent",
)


def commune_rollup(campaign: Campaign) -> list[dict[str, Any]]:
    """Per commune: quota, pool, stage counts and fulfilment (one GROUP BY + the quotas); a
    commune given a quota but no candidate yet has its row too, its pool empty. `over_pool`:
    the quota is larger than the eligible (callable) pool — it cannot be met."""
    quotas = current_quotas(campaign)
    rows = list(Candidate.objects.filter(campaign=campaign).progress_by_commune())
    seen = {row["commune_id"] for row in rows}
    missing = [pk for pk, quota in quotas.items() if quota and pk not in seen]
    for pk, name, code in Commune.objects.filter(pk__in=missing).values_list("pk", "name", "code"):
        rows.append(
            {"commune_id": pk, "commune__name": name, "commune__code": code}
            | dict.fromkeys(ROLLUP_COUNTS, 0)
        )
    rows.sort(key=lambda row: row["commune__name"])
    for row in rows:
        quota = quotas.get(row["commune_id"], 0)
        row["quota"] = quota
        row["fulfilment"] = round(100 * row["enlisted"] / quota) if quota else None
        row["over_pool"] = quota > row["callable"]
    return rows


def rollup_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The total row: every column summed, fulfilment over the totals, and how many communes
    have a quota above their eligible pool."""
    totals: dict[str, Any] = {key: sum(r[key] for r in rows) for key in ("quota", *ROLLUP_COUNTS)}
    quota = totals["quota"]
    totals["fulfilment"] = round(100 * totals["enlisted"] / quota) if quota else None
    totals["over_pool"] = sum(1 for r in rows if r["over_pool"])
    return totals


def ensure_quota_rows(campaign: Campaign) -> None:
    """One quota row per commune of the province (a commune created after the campaign gets
    its row, at 0, the next time the pool is built or quotas are set)."""
    CommuneQuota.objects.bulk_create(
        [
            CommuneQuota(campaign=campaign, commune_id=pk, province_id=campaign.province_id)
            for pk in province_communes(campaign).values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


def has_order(candidate: Candidate) -> bool:
    """Through the reverse one-to-one, whose answer (even "none") Django caches on the row, so
    the several action buttons of a page ask the database once."""
    try:
        candidate.order  # noqa: B018
    except CallUpOrder.DoesNotExist:
        return False
    return True


def pool_sizes(campaign: Campaign) -> dict[int, int]:
    """Callable candidates per commune of the campaign's province (one GROUP BY)."""
    rows = (
        Candidate.objects.filter(campaign=campaign, outcome__in=CALLABLE_OUTCOMES)
        .values("commune_id")
        .annotate(n=Count("pk"))
    )
    return {row["commune_id"]: row["n"] for row in rows}


def suggest_quotas(campaign: Campaign) -> dict[int, int]:
    """The province quota split over its communes in proportion to each eligible pool."""
    communes = Commune.objects.filter(province=campaign.province_id).order_by("code")
    pools = pool_sizes(campaign)
    weights = {c.pk: pools.get(c.pk, 0) for c in communes}
    return rules.split_quota(campaign.quota, weights)


def do_set_commune_quotas(
    *, actor: Any, campaign: Campaign, quotas: dict[int, int]
) -> list[CommuneQuota]:
    """Save every commune's quota at once; the sum must equal the province quota."""
    require_editable(actor, campaign)
    communes = dict(Commune.objects.filter(province=campaign.province_id).values_list("pk", "name"))
    unknown = set(quotas) - set(communes)
    if unknown:
        raise ValidationError(_("Some communes are not in this province."))
    negative = [communes[pk] for pk, n in quotas.items() if n is None or n < 0]
    if negative:
        raise ValidationError(
            _("A quota cannot be negative or empty: %(names)s.") % {"names": ", ".join(negative)}
        )
    total = sum(quotas.get(pk, 0) for pk in communes)
    if total != campaign.quota:
        raise ValidationError(
            _(
                "The commune quotas add up to %(total)s but the province quota is %(quota)s: "
                "%(fix)s."
            )
            % {
                "total": total,
                "quota": campaign.quota,
                "fix": (
                    _("take %(n)s off") % {"n": total - campaign.quota}
                    if total > campaign.quota
                    else _("add %(n)s more") % {"n": campaign.quota - total}
                ),
            }
        )
    with transaction.atomic():
        existing = {q.commune_id: q for q in CommuneQuota.objects.filter(campaign=campaign)}
        saved = []
        for pk in communes:
            n = quotas.get(pk, 0)
            row = existing.get(pk)
            if row is None:
                row = CommuneQuota(
                    campaign=campaign, commune_id=pk, province_id=campaign.province_id
                )
            if row.pk is None or row.quota != n:
                row.quota = n
                row.save()
            saved.append(row)
    return saved


def do_build_pool(*, actor: Any, campaign: Campaign, communes: Any | None = None) -> dict[str, int]:
    """Put every registered citizen who can be of call-up age on the hand-over day into the
    campaign's pool (or refresh his outcome), now, in one transaction (`pool.build_pool`; the
    pages queue it as a task with `do_start_pool_build`). Returns {"added", "refreshed"}."""
    from .pool import build_pool

    counts = build_pool(actor=actor, campaign=campaign, communes=communes)
    return {"added": counts["added"], "refreshed": counts["refreshed"]}
