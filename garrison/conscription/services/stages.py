"""The stages of a candidate: screening, examination, background check, decisions, selection,
call-up order, enlistment day; and the printing of orders."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.conscription import rules
from garrison.conscription.models import (
    CallUpOrder,
    Campaign,
    Candidate,
    CommuneQuota,
    HealthExam,
    OrderBatch,
    RecordEvent,
    ServiceDecision,
    ServiceRecord,
)
from garrison.conscription.querysets import CALLABLE_OUTCOMES
from garrison.core import queueing
from garrison.core.services import require_editable
from garrison.territory.models import Commune

from .assessment import latest_exam, refresh_candidate, refresh_record_candidacies
from .guards import HEALTH_CLASSES_CALLABLE, check_no_conflict, record_event


# --- the stages of a candidate -----------------------------------------------------------------
def _candidate_action(actor: Any, candidate: Candidate) -> None:
    require_editable(actor, candidate)
    if candidate.campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("This campaign is closed."))
    check_no_conflict(actor, candidate.person)


def do_record_screening(*, actor: Any, candidate: Candidate, passed: bool) -> Candidate:
    _candidate_action(actor, candidate)
    with transaction.atomic():
        candidate.screening = Candidate.Screening.PASSED if passed else Candidate.Screening.FAILED
        candidate.save(update_fields=["screening", "updated_at"])
    return candidate


def do_record_health_exam(*, actor: Any, candidate: Candidate, **fields: Any) -> HealthExam:
    """Record a health-examination result; the candidate's outcome follows it at once."""
    _candidate_action(actor, candidate)
    exam = HealthExam(candidate=candidate, **fields)
    exam.full_clean(exclude=["commune", "province"])
    campaign = candidate.campaign
    if not (
        campaign.exam_start - datetime.timedelta(days=60)
        <= exam.examined_on
        <= campaign.handover_date
    ):
        raise ValidationError(
            {
                "examined_on": _(
                    "The examination date lies outside this campaign (examinations run from "
                    "%(start)s to %(end)s)."
                )
                % {
                    "start": campaign.exam_start.strftime("%d/%m/%Y"),
                    "end": campaign.exam_end.strftime("%d/%m/%Y"),
                }
            }
        )
    with transaction.atomic():
        exam.save()
        refresh_candidate(candidate)
    return exam


def do_record_background_check(
    *,
    actor: Any,
    candidate: Candidate,
    cleared: bool,
    checked_on: datetime.date,
    note: str = "",
) -> Candidate:
    """The political background check done with the commune police (TT148 4.2.a)."""
    _candidate_action(actor, candidate)
    with transaction.atomic():
        candidate.background = (
            Candidate.Background.CLEARED if cleared else Candidate.Background.NOT_CLEARED
        )
        candidate.background_checked_on = checked_on
        candidate.background_note = note[:255]
        candidate.save(
            update_fields=[
                "background",
                "background_checked_on",
                "background_note",
                "updated_at",
            ]
        )
        refresh_candidate(candidate)
    return candidate


def do_decide(
    *,
    actor: Any,
    record: ServiceRecord,
    kind: str,
    letter: str,
    evidence: str,
    decided_by: str,
    decided_on: datetime.date,
    until: datetime.date | None = None,
    decision_number: str = "",
    campaign: Campaign | None = None,
) -> ServiceDecision:
    """Record a deferral (NVQS 41.1) or an exemption (41.2) with its ground and evidence."""
    require_editable(actor, record)
    check_no_conflict(actor, record.person)
    letters = dict(
        rules.DEFERRAL_LETTERS if kind == ServiceDecision.Kind.DEFERRAL else rules.EXEMPTION_LETTERS
    )
    if kind not in ServiceDecision.Kind.values:
        raise ValidationError({"kind": _("Choose deferral or exemption.")})
    if letter not in letters:
        raise ValidationError(
            {
                "letter": _("Choose a ground listed in the law (Art 41): %(l)s.")
                % {"l": ", ".join(letters)}
            }
        )
    if not evidence.strip():
        raise ValidationError({"evidence": _("Describe the evidence the decision rests on.")})
    if kind == ServiceDecision.Kind.DEFERRAL and until is None:
        raise ValidationError(
            {"until": _("A deferral needs the date it ends: the law calls him when it lapses.")}
        )
    if until is not None and until <= decided_on:
        raise ValidationError({"until": _("The deferral must end after the decision date.")})
    if kind == ServiceDecision.Kind.EXEMPTION:
        until = None
    with transaction.atomic():
        decision = ServiceDecision.objects.create(
            record=record,
            campaign=campaign,
            kind=kind,
            letter=letter,
            evidence=evidence.strip(),
            decided_by=decided_by.strip(),
            decided_on=decided_on,
            until=until,
            decision_number=decision_number.strip(),
            recorded_by=actor,
        )
        record_event(
            record,
            RecordEvent.Kind.DEFERRED
            if kind == ServiceDecision.Kind.DEFERRAL
            else RecordEvent.Kind.EXEMPTED,
            actor,
            on=decided_on,
            note=f"{decision.citation} {decision_number}".strip(),
        )
        refresh_record_candidacies(record)
    return decision


def selected_count(campaign: Campaign, commune_id: int) -> int:
    return Candidate.objects.filter(campaign=campaign, commune_id=commune_id, selected=True).count()


def commune_quota(campaign: Campaign, commune_id: int) -> int | None:
    row = CommuneQuota.objects.filter(campaign=campaign, commune_id=commune_id).first()
    return row.quota if row else None


def do_select(*, actor: Any, candidate: Candidate, selected: bool = True) -> Candidate:
    """Put a candidate on (or take him off) the commune's list of citizens to call up."""
    _candidate_action(actor, candidate)
    if selected:
        problems = []
        if candidate.outcome not in CALLABLE_OUTCOMES:
            problems.append(
                _("his outcome is “%(o)s” (%(g)s)")
                % {
                    "o": rules.OUTCOME_LABELS.get(candidate.outcome, candidate.outcome),
                    "g": ", ".join(candidate.grounds),
                }
            )
        exam = latest_exam(candidate)
        if exam is None or exam.health_class not in HEALTH_CLASSES_CALLABLE:
            problems.append(_("he has no health class 1–3 result"))
        if candidate.background != Candidate.Background.CLEARED:
            problems.append(_("his background check is not cleared"))
        quota = commune_quota(candidate.campaign, candidate.commune_id)
        if quota is not None and selected_count(candidate.campaign, candidate.commune_id) >= quota:
            problems.append(_("the commune's quota of %(n)s is already selected") % {"n": quota})
        if problems:
            raise ValidationError(
                _("%(name)s cannot be selected: %(why)s.")
                % {"name": candidate.person.full_name, "why": "; ".join(problems)}
            )
    elif hasattr(candidate, "order"):
        raise ValidationError(_("A call-up order was issued: the candidate stays selected."))
    with transaction.atomic():
        candidate.selected = selected
        candidate.save(update_fields=["selected", "updated_at"])
        if selected:
            record_event(candidate.record, RecordEvent.Kind.SELECTED, actor)
    return candidate


def do_issue_order(
    *,
    actor: Any,
    candidate: Candidate,
    issued_on: datetime.date,
    report_at: datetime.datetime,
    report_place: str,
    signer_name: str,
) -> CallUpOrder:
    """Issue the commune Chairman's call-up decision for a selected candidate, numbered in the
    commune's yearly sequence. It must reach him 15 days before the date in it (NVQS 34.6)."""
    _candidate_action(actor, candidate)
    if not candidate.selected:
        raise ValidationError(_("Only a selected candidate can be called up."))
    if hasattr(candidate, "order"):
        raise ValidationError(
            _("An order was already issued: number %(n)s.") % {"n": candidate.order.number}
        )
    report_day = (
        timezone.localtime(report_at).date() if timezone.is_aware(report_at) else (report_at.date())
    )
    if (report_day - issued_on).days < 15:
        raise ValidationError(
            {
                "issued_on": _(
                    "The order must reach the citizen at least 15 days before he reports "
                    "(NVQS 34.6): issue it on or before %(d)s."
                )
                % {"d": (report_day - datetime.timedelta(days=15)).strftime("%d/%m/%Y")}
            }
        )
    if not signer_name.strip() or not report_place.strip():
        raise ValidationError(_("Give the signer's name and the place to report to."))
    year = candidate.campaign.year
    with transaction.atomic():
        last = (
            CallUpOrder.objects.select_for_update()
            .filter(commune_id=candidate.commune_id, year=year)
            .aggregate(m=Max("sequence"))["m"]
        )
        sequence = (last or 0) + 1
        order = CallUpOrder.objects.create(
            candidate=candidate,
            year=year,
            sequence=sequence,
            number=f"{sequence:03d}/QĐ-UBND",
            issued_on=issued_on,
            report_at=report_at,
            report_place=report_place.strip(),
            signer_name=signer_name.strip(),
            issued_by=actor,
        )
        record_event(
            candidate.record, RecordEvent.Kind.ORDERED, actor, on=issued_on, note=order.number
        )
    return order


def do_record_enlistment(
    *, actor: Any, candidate: Candidate, reported: bool, reason: str = ""
) -> Candidate:
    """Enlistment day: he reported (the record becomes `enlisted`) or did not (with why)."""
    _candidate_action(actor, candidate)
    if not hasattr(candidate, "order"):
        raise ValidationError(_("No call-up order was issued to this candidate."))
    if not reported and not reason.strip():
        raise ValidationError({"absence_reason": _("Say why he did not report.")})
    with transaction.atomic():
        candidate.enlistment = (
            Candidate.Enlistment.REPORTED if reported else Candidate.Enlistment.ABSENT
        )
        candidate.absence_reason = "" if reported else reason.strip()[:255]
        candidate.save(update_fields=["enlistment", "absence_reason", "updated_at"])
        record = candidate.record
        if reported:
            record.status = ServiceRecord.Status.ENLISTED
            record.save(update_fields=["status", "updated_at"])
        record_event(
            record,
            RecordEvent.Kind.ENLISTED if reported else RecordEvent.Kind.ABSENT,
            actor,
            on=candidate.campaign.handover_date,
            note=candidate.absence_reason,
        )
    return candidate


# --- call-up orders as PDF ---------------------------------------------------------------------
def order_context(order: CallUpOrder) -> dict[str, Any]:
    """The call-up order template's context (see callup_order_pdf.html)."""
    candidate = order.candidate
    person = candidate.person
    commune = candidate.commune
    province = commune.province
    place = commune.name.split(" ", 1)[1] if " " in commune.name else commune.name
    return {
        "order": {
            "number": order.number,
            "issued_on": order.issued_on,
            "report_at": order.report_at,
            "report_place": order.report_place,
            "signer_name": order.signer_name,
            "signer_title": order.signer_title,
            "year": order.year,
        },
        "commune": {"name": commune.name, "province_name": province.name, "place": place},
        "person": {
            "full_name": person.full_name,
            "date_of_birth": person.date_of_birth,
            "citizen_id": person.citizen_id,
            "ethnicity": person.ethnicity,
            "address": person.address,
            "residence": f"{commune.name}, {province.name}",
        },
    }


def do_start_order_batch(*, actor: Any, campaign: Campaign, commune: Commune) -> OrderBatch:
    """Queue the printing of all of a commune's call-up orders into one PDF."""
    if not Commune.objects.visible_to(actor).filter(pk=commune.pk).exists():
        raise PermissionDenied(_("You may not print this commune's orders."))
    total = CallUpOrder.objects.filter(candidate__campaign=campaign, commune=commune).count()
    if not total:
        raise ValidationError(_("No call-up orders have been issued in this commune yet."))
    from garrison.conscription.tasks import ORDER_BATCHES, print_order_batch

    with transaction.atomic():
        batch = OrderBatch.objects.create(
            campaign=campaign, commune=commune, actor=actor, total=total
        )
        queueing.enqueue_on_commit(print_order_batch, batch, kind=ORDER_BATCHES)
    return batch


def do_rerun_order_batch(*, actor: Any, batch: OrderBatch) -> OrderBatch:
    """Print a failed batch again (its task could not be queued, or its worker died): the same
    orders, from the first."""
    if not Commune.objects.visible_to(actor).filter(pk=batch.commune_id).exists():
        raise PermissionDenied(_("You may not print this commune's orders."))
    from garrison.conscription.tasks import ORDER_BATCHES, print_order_batch

    if not queueing.rerun(print_order_batch, batch, kind=ORDER_BATCHES, reset={"done": 0}):
        raise ValidationError(_("Only a batch that failed can be printed again."))
    batch.refresh_from_db()
    return batch
