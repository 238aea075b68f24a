"""A record's outcome under the law today, with any decision on file taking precedence."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q

from garrison.conscription import screening
from garrison.conscription.law_facts import ServiceOutcome
from garrison.conscription.models import (
    Campaign,
    Candidate,
    ServiceDecision,
    ServiceRecord,
)


# --- assessment of one record ------------------------------------------------------------------
def latest_exam(candidate: Candidate | None) -> screening.Exam | None:
    if candidate is None:
        return None
    exam = candidate.exams.order_by("-examined_on", "-pk").first()
    if exam is None:
        return None
    return screening.Exam(
        health_class=exam.health_class,
        myopia_d=float(exam.myopia_d) if exam.myopia_d is not None else None,
        hyperopia=exam.hyperopia,
        bmi=float(exam.bmi) if exam.bmi is not None else None,
        drug_addicted=exam.drug_addicted,
    )


def _political(candidate: Candidate | None) -> bool | None:
    if candidate is None or not candidate.background:
        return None
    return candidate.background == Candidate.Background.CLEARED


def active_decision(record: ServiceRecord, on: datetime.date) -> ServiceDecision | None:
    """The exemption, or the deferral still running on `on`, that binds this record."""
    return (
        record.decisions.filter(
            Q(kind=ServiceDecision.Kind.EXEMPTION)
            | Q(kind=ServiceDecision.Kind.DEFERRAL, until__gte=on)
            | Q(kind=ServiceDecision.Kind.DEFERRAL, until__isnull=True)
        )
        .order_by("-decided_on", "-pk")
        .first()
    )


_UNSET: Any = object()


def current_outcome(
    record: ServiceRecord,
    ref_date: datetime.date,
    candidate: Candidate | None = None,
    decision: ServiceDecision | None = _UNSET,
) -> dict[str, Any]:
    """The engine's answer for the record, with a decision already taken overriding it (the
    decision is the legal act; the engine's own view is kept under `engine`). Pass `decision`
    when it is already known (bulk screening) to save the query."""
    campaign = candidate.campaign if candidate else None
    outcome = screening.assess_record(
        record,
        ref_date,
        exam=latest_exam(candidate),
        political_ok=_political(candidate),
        grade7_authorised=bool(campaign and campaign.grade7_authorised),
    )
    answer = outcome.as_dict()
    if decision is _UNSET:
        decision = active_decision(record, ref_date)
    if decision is not None:
        answer = {
            "outcome": (
                ServiceOutcome.EXEMPT
                if decision.kind == ServiceDecision.Kind.EXEMPTION
                else ServiceOutcome.DEFERRED
            ).value,
            "grounds": [decision.citation],
            "letter": decision.letter,
            "decided_by": decision.decided_by,
            "engine": outcome.as_dict(),
        }
        if decision.until:
            answer["until"] = decision.until.isoformat()
    return answer


def apply_answer(candidate: Candidate, answer: dict[str, Any]) -> None:
    """Copy an assessment's answer (outcome, grounds, until) onto the candidate, unsaved; used
    here and by the campaign services."""
    candidate.outcome = answer["outcome"]
    candidate.grounds = list(answer.get("grounds", []))
    candidate.ground = candidate.grounds[0] if candidate.grounds else ""
    until = answer.get("until")
    candidate.outcome_until = datetime.date.fromisoformat(until) if until else None


def refresh_candidate(candidate: Candidate) -> Candidate:
    answer = current_outcome(candidate.record, candidate.campaign.handover_date, candidate)
    apply_answer(candidate, answer)
    candidate.save(update_fields=["outcome", "grounds", "ground", "outcome_until", "updated_at"])
    return candidate


def refresh_record_candidacies(record: ServiceRecord) -> None:
    for candidate in record.candidacies.exclude(campaign__status=Campaign.Status.CLOSED):
        refresh_candidate(candidate)
