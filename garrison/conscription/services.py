"""Every state change of the military-service register: one function per action, one
transaction each, validated, scoped to the actor, written to the history and the audit log."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.scoping import scope_of, scope_q
from garrison.people.models import Person
from garrison.people.rules import MALE
from garrison.territory.models import Commune

from . import rules, screening
from .models import (
    CallUpOrder,
    Campaign,
    Candidate,
    CommuneQuota,
    DeclaredRelationship,
    HealthExam,
    OrderBatch,
    RecordEvent,
    RecordTransfer,
    ServiceDecision,
    ServiceRecord,
)
from .querysets import CALLABLE_OUTCOMES, OUT_OF_POOL_OUTCOMES

HEALTH_CLASSES_CALLABLE = (1, 2, 3)  # TT105 4.1.a; TT148 4.3.a


# --- guards ------------------------------------------------------------------------------------
def _require_editable(actor: Any, obj: Any) -> None:
    """The row must be one the actor may change (the views already fetched it that way; tasks,
    commands and tests call the services directly, so check again)."""
    model = type(obj)
    if not model._default_manager.filter(scope_q(model, scope_of(actor), "change"), pk=obj.pk):
        raise PermissionDenied(_("You may not change this record."))


def _check_no_conflict(actor: Any, person: Person) -> None:
    """A member of the command may not decide about a declared relative (either direction)."""
    own = getattr(actor, "person_id", None)
    if own is None:
        return
    if own == person.pk:
        raise ValidationError(_("You cannot take a decision about yourself."))
    tie = DeclaredRelationship.objects.filter(
        Q(person=person, relative_id=own) | Q(person_id=own, relative=person)
    ).first()
    if tie is not None:
        raise ValidationError(
            _(
                "%(person)s is your declared relative (%(kind)s): another member of the command "
                "must take this decision."
            )
            % {"person": person.full_name, "kind": tie.get_kind_display()}
        )


def _event(
    record: ServiceRecord,
    kind: str,
    actor: Any,
    on: datetime.date | None = None,
    note: str = "",
    commune: Commune | None = None,
) -> RecordEvent:
    return RecordEvent.objects.create(
        record=record,
        commune=commune or record.commune,
        kind=kind,
        on=on or timezone.localdate(),
        note=note[:255],
        actor=actor if getattr(actor, "pk", None) else None,
    )


# --- registration ------------------------------------------------------------------------------
def registration_due(commune_qs: Any, year: int) -> Any:
    """People of the communes who must make their first registration in `year` and have not:
    men turning 17 in the year (NVQS 12.1, 16 as amended) and men of call-up age never
    registered (NVQS 16.1). One query; the caller pages it."""
    earliest, _latest = rules.call_up_birth_window(datetime.date(year, 12, 31), extended=False)
    return (
        Person.objects.filter(residence_commune__in=commune_qs, sex=MALE)
        .filter(date_of_birth__year__lte=year - 17, date_of_birth__gte=earliest)
        .filter(service_record__isnull=True)
        .order_by("-date_of_birth", "name_sort_key")
    )


def do_register_people(
    *, actor: Any, people: Iterable[Person], registered_on: datetime.date
) -> list[ServiceRecord]:
    """First registration of each person at the commune where they reside (NVQS 15.1)."""
    created = []
    with transaction.atomic():
        for person in people:
            if ServiceRecord.objects.filter(person=person).exists():
                raise ValidationError(
                    _("%(name)s is already registered.") % {"name": person.full_name}
                )
            if person.date_of_birth > registered_on:
                raise ValidationError(_("The registration date is before the date of birth."))
            record = ServiceRecord(
                person=person,
                commune=person.residence_commune,
                registered_on=registered_on,
                education_grade=None,
            )
            record.save()
            _require_editable(actor, record)
            _event(record, RecordEvent.Kind.REGISTERED, actor, on=registered_on)
            created.append(record)
    return created


def record_saved(*, actor: Any, record: ServiceRecord, created: bool) -> None:
    """After the register page saved a record: its history line (first or supplementary
    registration, NVQS 16–17) and the outcome of its open campaigns, which follow the facts."""
    kind = RecordEvent.Kind.REGISTERED if created else RecordEvent.Kind.UPDATED
    _event(record, kind, actor, on=record.registered_on if created else None)
    if not created:
        refresh_record_candidacies(record)


def do_hand_over_record(
    *,
    actor: Any,
    record: ServiceRecord,
    to_commune: Commune,
    reason: str,
    on: datetime.date | None = None,
) -> RecordTransfer:
    """The commune a citizen leaves hands his record to the commune he moves to (NVQS 17.2).
    The record stays where it is, frozen, until the new commune receives it."""
    _require_editable(actor, record)
    if to_commune.pk == record.commune_id:
        raise ValidationError(_("The record is already held by %(c)s.") % {"c": to_commune})
    if record.status != ServiceRecord.Status.REGISTERED:
        raise ValidationError(
            _("Only a registered record can be handed over; this one is %(s)s.")
            % {"s": record.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError(_("Say why the record is handed over (e.g. moved residence)."))
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != ServiceRecord.Status.REGISTERED:
            raise ValidationError(_("The record is already being handed over."))
        transfer = RecordTransfer.objects.create(
            record=record,
            from_commune=record.commune,
            to_commune=to_commune,
            reason=reason.strip(),
            handed_over_on=on,
            handed_over_by=actor,
        )
        ServiceRecord.objects.filter(pk=record.pk).update(status=ServiceRecord.Status.IN_TRANSFER)
        record.status = ServiceRecord.Status.IN_TRANSFER
        _event(record, RecordEvent.Kind.HANDED_OVER, actor, on=on, note=f"→ {to_commune}: {reason}")
    return transfer


def _require_side(actor: Any, transfer: RecordTransfer, side: str, message: str) -> None:
    """A hand-over is shared by two communes; each acts on its own side only."""
    scope = scope_of(actor)
    qs = RecordTransfer.objects.filter(scope_q(RecordTransfer, scope, "change"), pk=transfer.pk)
    if scope is not None and scope.commune_id is not None:
        qs = qs.filter(**{side: scope.commune_id})
    if not qs.exists():
        raise PermissionDenied(message)


def do_receive_record(
    *, actor: Any, transfer: RecordTransfer, on: datetime.date | None = None
) -> ServiceRecord:
    """The new commune receives the record: it (and the person's residence) move there; the
    history stays with the record, so nothing is lost and nothing is duplicated."""
    _require_side(actor, transfer, "to_commune_id", _("Only the receiving commune can receive it."))
    on = on or timezone.localdate()
    with transaction.atomic():
        transfer = RecordTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != RecordTransfer.Status.PENDING:
            raise ValidationError(
                _("This hand-over is already %(s)s.") % {"s": transfer.get_status_display()}
            )
        if on < transfer.handed_over_on:
            raise ValidationError(_("The record cannot be received before it was handed over."))
        record = ServiceRecord.objects.select_related("person").get(pk=transfer.record_id)
        person = record.person
        person.residence_commune = transfer.to_commune
        person.save(update_fields=["residence_commune", "updated_at"])
        record.commune = transfer.to_commune
        record.status = ServiceRecord.Status.REGISTERED
        record.save(update_fields=["commune", "status", "updated_at"])
        transfer.status = RecordTransfer.Status.RECEIVED
        transfer.received_on = on
        transfer.received_by = actor
        transfer.save(update_fields=["status", "received_on", "received_by", "updated_at"])
        _event(record, RecordEvent.Kind.RECEIVED, actor, on=on, note=f"← {transfer.from_commune}")
    return record


def do_cancel_hand_over(*, actor: Any, transfer: RecordTransfer) -> None:
    """The sending commune withdraws a hand-over not yet received."""
    _require_side(actor, transfer, "from_commune_id", _("Only the sending commune can cancel it."))
    with transaction.atomic():
        transfer = RecordTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != RecordTransfer.Status.PENDING:
            raise ValidationError(_("Only a hand-over awaiting receipt can be cancelled."))
        transfer.status = RecordTransfer.Status.CANCELLED
        transfer.save(update_fields=["status", "updated_at"])
        record = transfer.record
        record.status = ServiceRecord.Status.REGISTERED
        record.save(update_fields=["status", "updated_at"])
        _event(record, RecordEvent.Kind.HAND_OVER_CANCELLED, actor)


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
            "outcome": "exempt" if decision.kind == ServiceDecision.Kind.EXEMPTION else "deferred",
            "grounds": [decision.citation],
            "letter": decision.letter,
            "decided_by": decision.decided_by,
            "engine": outcome.as_dict(),
        }
        if decision.until:
            answer["until"] = decision.until.isoformat()
    return answer


def _apply_answer(candidate: Candidate, answer: dict[str, Any]) -> None:
    candidate.outcome = answer["outcome"]
    candidate.grounds = list(answer.get("grounds", []))
    candidate.ground = candidate.grounds[0] if candidate.grounds else ""
    until = answer.get("until")
    candidate.outcome_until = datetime.date.fromisoformat(until) if until else None


def refresh_candidate(candidate: Candidate) -> Candidate:
    answer = current_outcome(candidate.record, candidate.campaign.handover_date, candidate)
    _apply_answer(candidate, answer)
    candidate.save(update_fields=["outcome", "grounds", "ground", "outcome_until", "updated_at"])
    return candidate


def refresh_record_candidacies(record: ServiceRecord) -> None:
    for candidate in record.candidacies.exclude(campaign__status=Campaign.Status.CLOSED):
        refresh_candidate(candidate)


# --- campaigns and quotas ----------------------------------------------------------------------
def commune_by_code(code: int) -> Commune | None:
    """Any commune of the nation, by its official code: a hand-over may cross provinces."""
    return Commune.objects.filter(code=code).first()


def province_commune_codes(campaign: Campaign) -> dict[int, int]:
    """commune code → pk for the campaign's province."""
    return dict(Commune.objects.filter(province=campaign.province_id).values_list("code", "pk"))


def province_communes(campaign: Campaign) -> Any:
    return Commune.objects.filter(province=campaign.province_id).order_by("name")


def current_quotas(campaign: Campaign) -> dict[int, int]:
    return dict(CommuneQuota.objects.filter(campaign=campaign).values_list("commune_id", "quota"))


def commune_rollup(campaign: Campaign) -> list[dict[str, Any]]:
    """Per commune: quota, pool, stage counts and fulfilment (one GROUP BY + the quotas)."""
    quotas = current_quotas(campaign)
    rows = []
    for row in Candidate.objects.filter(campaign=campaign).progress_by_commune():
        quota = quotas.get(row["commune_id"], 0)
        row["quota"] = quota
        row["fulfilment"] = round(100 * row["enlisted"] / quota) if quota else None
        rows.append(row)
    return rows


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
    return CallUpOrder.objects.filter(candidate=candidate).exists()


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
    _require_editable(actor, campaign)
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
    campaign's pool (or refresh his outcome), commune by commune."""
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("This campaign is closed."))
    scope = scope_of(actor)
    if scope is None or not scope.can_write:
        raise PermissionDenied(_("You may not change this campaign's pool."))
    commune_qs = Commune.objects.visible_to(actor).filter(province=campaign.province_id)
    if communes is not None:
        commune_qs = commune_qs.filter(pk__in=[c.pk for c in communes])
    earliest, latest = rules.call_up_birth_window(campaign.handover_date, extended=True)
    records = (
        ServiceRecord.objects.filter(commune__in=commune_qs)
        .filter(status__in=[ServiceRecord.Status.REGISTERED, ServiceRecord.Status.IN_TRANSFER])
        .filter(person__date_of_birth__gte=earliest, person__date_of_birth__lte=latest)
        .select_related("person", "commune")
    )
    existing = set(
        Candidate.objects.filter(campaign=campaign, commune__in=commune_qs).values_list(
            "record_id", flat=True
        )
    )
    # the decisions binding on the hand-over day, all in one query (latest first)
    ref = campaign.handover_date
    decisions: dict[int, ServiceDecision] = {}
    for decision in (
        ServiceDecision.objects.filter(record__commune__in=commune_qs)
        .filter(Q(kind=ServiceDecision.Kind.EXEMPTION) | Q(until__gte=ref) | Q(until__isnull=True))
        .order_by("record_id", "decided_on", "pk")
    ):
        decisions[decision.record_id] = decision
    counts = {"added": 0, "refreshed": 0}
    batch: list[Candidate] = []
    ensure_quota_rows(campaign)
    with transaction.atomic():
        for record in records.iterator(chunk_size=2000):
            if record.pk in existing:
                continue
            candidate = Candidate(
                campaign=campaign,
                record=record,
                person_id=record.person_id,
                commune_id=record.commune_id,
                province_id=record.province_id,
            )
            _apply_answer(candidate, current_outcome(record, ref, None, decisions.get(record.pk)))
            if candidate.outcome in OUT_OF_POOL_OUTCOMES:
                continue  # the birth-date prefilter is wide (age 27 for deferred students)
            batch.append(candidate)
            if len(batch) >= 1000:
                Candidate.objects.bulk_create(batch)
                counts["added"] += len(batch)
                batch = []
        Candidate.objects.bulk_create(batch)
        counts["added"] += len(batch)
        # those already in the pool: re-assessed with their exams and checks
        for candidate in (
            Candidate.objects.filter(
                campaign=campaign, commune__in=commune_qs, record_id__in=existing
            )
            .select_related("record__person", "record__commune", "campaign")
            .iterator(chunk_size=500)
        ):
            refresh_candidate(candidate)
            counts["refreshed"] += 1
    return counts


# --- the stages of a candidate -----------------------------------------------------------------
def _candidate_action(actor: Any, candidate: Candidate) -> None:
    _require_editable(actor, candidate)
    if candidate.campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("This campaign is closed."))
    _check_no_conflict(actor, candidate.person)


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
    _require_editable(actor, record)
    _check_no_conflict(actor, record.person)
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
        _event(
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
            _event(candidate.record, RecordEvent.Kind.SELECTED, actor)
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
        _event(candidate.record, RecordEvent.Kind.ORDERED, actor, on=issued_on, note=order.number)
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
        _event(
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
    from .tasks import print_order_batch

    with transaction.atomic():
        batch = OrderBatch.objects.create(
            campaign=campaign, commune=commune, actor=actor, total=total
        )
        transaction.on_commit(lambda: print_order_batch.enqueue(batch.pk))
    return batch
