"""What the assessment puts on the home pages: for a province, its latest assessment (state,
communes ranked, mean score) and, for the staff who approve them, the drafts of periods that
have ended; for a commune, its latest score and rank, linked to its scorecard."""

from __future__ import annotations

from django.db.models import Avg, Count
from django.utils import timezone

from garrison.core.home import register_section

from . import permissions, rules, tables
from .models import AssessmentRun, CommuneScore, RunState


def _latest_run(request, scope):
    return (
        AssessmentRun.objects.visible_to(request.user)
        .filter(province_id=scope.province_id)
        .order_by("-as_of", "-year", "-period")
        .first()
    )


def _awaiting_approval(request, scope) -> list[dict]:
    """The province's draft runs of periods that have ended, for the staff who approve them."""
    if not scope.is_province or not permissions.can_approve_run(request.user):
        return []
    today = timezone.localdate()
    drafts = AssessmentRun.objects.editable_by(request.user).filter(
        province_id=scope.province_id, state=RunState.DRAFT
    )
    return [
        {"run": run, "url": tables.run_url(run.pk)}
        for run in drafts.order_by("year", "period")
        if rules.period_bounds(run.year, run.period)[1] < today
    ]


@register_section(40)
def assessment_overview(request, scope):
    if scope.is_nation:
        return None
    run = _latest_run(request, scope)
    if run is None:
        return None
    scores = CommuneScore.objects.visible_to(request.user).filter(run=run)
    own = scores.filter(commune_id=scope.commune_id).first() if scope.is_commune else None
    if scope.is_commune and own is None:
        return None
    figures = scores.aggregate(n=Count("pk"), mean=Avg("score"))
    return {
        "template": "oversight/_home_assessment.html",
        "run": run,
        "run_url": tables.run_url(run.pk),
        "own": own,
        "own_url": tables.score_url(own.pk) if own else None,
        "communes": tables.communes_in_run(run.pk),
        "mean": figures["mean"],
        "frozen": run.is_frozen,
        "awaiting": _awaiting_approval(request, scope),
    }
