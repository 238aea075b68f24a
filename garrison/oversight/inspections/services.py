"""Every state change of inspections, one function each (the pages, the API, the commands and
the tests call the same function): checklists and their versions (create with a draft version 1,
open a new version as a copy of the latest, publish), an inspection with its communes, team and
re-checked findings, its checklist answers for one commune, a finding, a corrective action, and
the action's life cycle (answer by the owner commune, verify or return by the inspector) and the
closing of a finding without action. Each checks who may do it (`permissions`), validates with
`rules`, writes in one transaction, and keeps the finding's state in step with its actions
(`rules.finding_state`); django-auditlog records each write (core registers the versioned rows,
the app the others)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.scoping import scope_of
from garrison.core.services import do_create_object, do_update_object

from . import permissions, rules
from .models import (
    ActionState,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistResult,
    ChecklistTemplate,
    ChecklistVersion,
    CorrectiveAction,
    Finding,
    FindingState,
    Inspection,
    InspectionTarget,
)

__all__ = [
    "do_add_action",
    "do_answer_action",
    "do_close_finding",
    "do_create_checklist",
    "do_new_checklist_version",
    "do_publish_checklist_version",
    "do_record_checklist",
    "do_record_finding",
    "do_return_action",
    "do_save_inspection",
    "do_verify_action",
    "frozen_version_message",
]


def _today() -> datetime.date:
    return timezone.localdate()


def _shown(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not change this inspection record."))


def _actor(actor: Any) -> Any:
    """The user row to store as who did it (a narrowed user is read-only anyway)."""
    real = getattr(actor, "real", actor)
    return real if getattr(real, "pk", None) else None


def _text(value: Any) -> str:
    return (value or "").strip()


# --- checklists ----------------------------------------------------------------------------------
def frozen_version_message(version: ChecklistVersion) -> str | None:
    """Why a published version (and its points) can no longer change, or None for a draft."""
    if version.is_draft:
        return None
    return _(
        "Version %(n)d is published and never changes: open a new version of the checklist "
        "and change that one."
    ) % {"n": version.number}


def check_item_version(version: ChecklistVersion | None) -> None:
    """A point is added to, changed or removed from a draft version only."""
    message = frozen_version_message(version) if version is not None else None
    if message:
        raise ValidationError({"checklist_version": message})


def next_item_order(version: ChecklistVersion) -> int:
    """The order of a point added after the version's last one."""
    last = version.items.aggregate(n=Max("order"))["n"]
    return 0 if last is None else last + 1


@transaction.atomic
def do_create_checklist(*, actor: Any, template: ChecklistTemplate) -> ChecklistTemplate:
    """Save a new checklist template of the actor's province (the Ministry's for the nation)
    with an empty draft version 1."""
    _require(permissions.can_write_inspections(actor))
    scope = scope_of(actor)
    assert scope is not None
    template.province_id = scope.province_id
    do_create_object(actor=actor, instance=template)
    ChecklistVersion.objects.create(template=template, number=1)
    return template


#: what a copied point does not take from its original: its identity, its version of the
#: checklist, its lock counter and time stamps (a new row starts at version 1)
NOT_COPIED = frozenset({"id", "checklist_version", "version", "created_at", "updated_at"})


def _copy(row: ChecklistItem) -> dict[str, Any]:
    return {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.name not in NOT_COPIED
    }


@transaction.atomic
def do_new_checklist_version(*, actor: Any, template: ChecklistTemplate) -> ChecklistVersion:
    """Open the next version of `template` as a copy of the latest one (its points), to be
    changed and published; the inspections made on a published version keep it."""
    template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    _require(permissions.can_write_inspections(actor, template))
    latest = template.versions.order_by("-number").first()
    if latest is not None and latest.is_draft:
        raise ValidationError(
            _("Version %(n)d is still a draft: change that one, then publish it.")
            % {"n": latest.number}
        )
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ChecklistVersion.objects.create(template=template, number=number)
    if latest is not None:
        ChecklistItem.objects.bulk_create(
            [ChecklistItem(**_copy(item), checklist_version=version) for item in latest.items.all()]
        )
    return version


def version_problems(version: ChecklistVersion) -> list[str]:
    """What stops a version from being published (empty: nothing)."""
    if not version.items.exists():
        return [_("The version has no point to check: add at least one.")]
    return []


@transaction.atomic
def do_publish_checklist_version(*, actor: Any, version: ChecklistVersion) -> ChecklistVersion:
    """Publish a draft version: inspections may follow it from now on; it never changes."""
    version = ChecklistVersion.objects.select_for_update().get(pk=version.pk)
    _require(permissions.can_write_inspections(actor, version.template))
    if not version.is_draft:
        raise ValidationError(_("Version %(n)d is already published.") % {"n": version.number})
    problems = version_problems(version)
    if problems:
        raise ValidationError(problems)
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    return version


# --- inspections ---------------------------------------------------------------------------------
def _province_of(actor: Any, inspection: Inspection, communes: list[Any]) -> int | None:
    """The inspection's province: the actor's own; for the nation, the plan's or the communes'."""
    scope = scope_of(actor)
    if scope is not None and scope.province_id is not None:
        return scope.province_id
    if inspection.province_id:
        return inspection.province_id
    if inspection.plan_id:
        return inspection.plan.province_id
    return communes[0].province_id if communes else None


def _inspection_problems(
    inspection: Inspection,
    communes: list[Any],
    team: list[Any],
    rechecks: list[Finding],
    kept_rechecks: set[int],
) -> dict[str, str]:
    province_id = inspection.province_id
    problems: dict[str, str] = {}
    if rules.ends_before_start(inspection.starts_on, inspection.ends_on):
        problems["ends_on"] = _("The inspection ends before it starts: check the two dates.")
    if inspection.plan_id and inspection.plan.province_id != province_id:
        problems["plan"] = _("Choose a plan of the inspection's province.")
    version = inspection.checklist_version
    if version is not None:
        if version.is_draft:
            problems["checklist_version"] = _(
                "This checklist version is a draft: publish it first, or choose a published one."
            )
        elif version.template.province_id not in (None, province_id):
            problems["checklist_version"] = _("Choose a checklist of the inspection's province.")
    if not communes:
        problems["communes"] = _("Name at least one commune the inspection inspects.")
    elif any(c.province_id != province_id for c in communes):
        problems["communes"] = _("Every commune inspected must lie in the inspection's province.")
    strangers = [u for u in team if u.province_id != province_id]
    if strangers:
        problems["team"] = _("%(names)s: not a user of the inspection's province.") % {
            "names": ", ".join(str(u.full_name or u.username) for u in strangers)
        }
    commune_ids = {c.pk for c in communes}
    for finding in rechecks:
        if finding.inspection_id == inspection.pk:
            problems["rechecks"] = _("A finding of this inspection is not re-checked by it.")
        elif finding.commune_id not in commune_ids:
            problems["rechecks"] = _(
                "“%(finding)s” is a finding of %(commune)s, which this inspection does not "
                "inspect: add the commune, or leave the finding out."
            ) % {"finding": finding, "commune": finding.commune}
        elif finding.pk not in kept_rechecks and finding.state != FindingState.OPEN:
            problems["rechecks"] = _(
                "“%(finding)s” is no longer open (%(state)s): only open findings are re-checked."
            ) % {"finding": finding, "state": finding.get_state_display()}
    return problems


def _removed_communes_problem(inspection: Inspection, kept: set[int]) -> str | None:
    """A commune dropped from an inspection that already recorded something there."""
    used = set(inspection.findings.values_list("commune_id", flat=True))
    used |= set(inspection.answers.values_list("commune_id", flat=True))
    dropped = used - kept
    if not dropped:
        return None
    names = InspectionTarget.objects.filter(
        inspection=inspection, commune_id__in=dropped
    ).values_list("commune__name", flat=True)
    return _(
        "%(names)s cannot be removed: the inspection recorded findings or checklist answers there."
    ) % {"names": ", ".join(sorted(names))}


@transaction.atomic
def do_save_inspection(
    *,
    actor: Any,
    inspection: Inspection,
    communes: Iterable[Any],
    team: Iterable[Any] = (),
    rechecks: Iterable[Finding] = (),
    expected_version: int | None = None,
) -> Inspection:
    """Create (an unsaved row) or update an inspection with the communes it inspects (its
    targets), its team of users and the findings it re-checks. The province is the actor's
    (for the nation, the plan's or the communes'); communes, team, plan and checklist must be
    of it; the checklist a published version; a re-checked finding one of the communes
    inspected, open when it is added. A commune where the inspection recorded findings or
    answers stays."""
    communes, team, rechecks = list(communes), list(team), list(rechecks)
    creating = inspection.pk is None
    inspection.province_id = _province_of(actor, inspection, communes)
    _require(permissions.can_write_inspections(actor, inspection))
    kept_rechecks = set() if creating else set(inspection.rechecks.values_list("pk", flat=True))
    problems = _inspection_problems(inspection, communes, team, rechecks, kept_rechecks)
    if not creating and "communes" not in problems:
        problem = _removed_communes_problem(inspection, {c.pk for c in communes})
        if problem:
            problems["communes"] = problem
    if problems:
        raise ValidationError(problems)
    if creating:
        do_create_object(actor=actor, instance=inspection)
    else:
        do_update_object(actor=actor, instance=inspection, expected_version=expected_version)
    inspection.team.set(team)
    inspection.rechecks.set(rechecks)
    wanted = {c.pk: c for c in communes}
    existing = set(inspection.targets.values_list("commune_id", flat=True))
    inspection.targets.exclude(commune_id__in=wanted).delete()
    for commune_id, commune in wanted.items():
        if commune_id not in existing:
            InspectionTarget.objects.create(inspection=inspection, commune=commune)
    return inspection


def _target(inspection: Inspection, commune: Any, field: str = "commune") -> None:
    if commune is None or not inspection.targets.filter(commune_id=commune.pk).exists():
        raise ValidationError({field: _("Choose one of the communes this inspection inspects.")})


@transaction.atomic
def do_record_checklist(
    *,
    actor: Any,
    inspection: Inspection,
    commune: Any,
    answers: Mapping[int, tuple[str, str]],
) -> list[ChecklistAnswer]:
    """Record what the inspection found in `commune` on each point of its checklist:
    `answers` {item id: (result, note)}, one for every point of the version. A second
    recording for the same commune replaces the first (each answer is updated)."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require(permissions.can_record_checklist(actor, inspection))
    _target(inspection, commune)
    items = list(inspection.checklist_version.items.all())
    problems = {}
    for item in items:
        given = answers.get(item.pk)
        if given is None or given[0] not in ChecklistResult.values:
            problems[f"result_{item.pk}"] = _("Choose a result for this point.")
    unknown = set(answers) - {item.pk for item in items}
    if unknown:
        problems["__all__"] = _("Some answers name points that are not in this checklist.")
    if problems:
        raise ValidationError(problems)
    stored = {
        a.item_id: a
        for a in ChecklistAnswer.objects.filter(inspection=inspection, commune_id=commune.pk)
    }
    saved = []
    for item in items:
        result, note = answers[item.pk]
        answer = stored.get(item.pk) or ChecklistAnswer(
            inspection=inspection, item=item, commune=commune
        )
        if answer.pk and (answer.result, answer.note) == (result, _text(note)):
            saved.append(answer)
            continue
        answer.result, answer.note = result, _text(note)
        answer.save()
        saved.append(answer)
    return saved


# --- findings and their actions ------------------------------------------------------------------
def _refresh_finding(finding: Finding) -> Finding:
    """Set the finding's state from its actions (`rules.finding_state`), saved if it moved."""
    closed = finding.state == FindingState.CLOSED
    state = rules.finding_state(closed, finding.actions.values_list("state", flat=True))
    if state != finding.state:
        finding.state = state
        finding.save(update_fields=["state", "updated_at"])
    return finding


@transaction.atomic
def do_record_finding(
    *,
    actor: Any,
    inspection: Inspection,
    commune: Any,
    severity: str,
    area: str,
    description: str,
    evidence: str = "",
    found_on: datetime.date | None = None,
) -> Finding:
    """Record a finding of `inspection` in one of the communes it inspects (open until its
    actions are verified, or it is closed). Found on a day of the inspection or later, never
    in the future (the day defaults to today)."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _require(permissions.can_record_finding(actor, inspection))
    _target(inspection, commune)
    found_on = found_on or _today()
    if found_on < inspection.starts_on:
        raise ValidationError(
            {
                "found_on": _(
                    "The inspection starts on %(day)s: a finding is made on that day or later."
                )
                % {"day": _shown(inspection.starts_on)}
            }
        )
    finding = Finding(
        inspection=inspection,
        commune=commune,
        severity=severity,
        area=area,
        description=_text(description),
        evidence=_text(evidence),
        found_on=found_on,
    )
    return do_create_object(actor=actor, instance=finding)


@transaction.atomic
def do_add_action(
    *, actor: Any, finding: Finding, description: str, due_on: datetime.date
) -> CorrectiveAction:
    """Give a corrective action on an open finding: its owner is the finding's commune, due by
    `due_on` (not before the finding was made). The finding stays open until every action is
    verified."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    _require(permissions.can_write_inspections(actor, finding))
    if not rules.may_add_action(finding.state):
        raise ValidationError(
            _("This finding is %(state)s: actions are given on open findings only.")
            % {"state": finding.get_state_display()}
        )
    if due_on < finding.found_on:
        raise ValidationError(
            {
                "due_on": _("The finding was made on %(day)s: the action is due after that.")
                % {"day": _shown(finding.found_on)}
            }
        )
    action = CorrectiveAction(
        finding=finding,
        commune_id=finding.commune_id,
        description=_text(description),
        due_on=due_on,
    )
    do_create_object(actor=actor, instance=action)
    _refresh_finding(finding)
    return action


def _locked_action(action: CorrectiveAction) -> CorrectiveAction:
    return CorrectiveAction.objects.select_for_update().select_related("finding").get(pk=action.pk)


def _state_refusal(action: CorrectiveAction) -> str:
    if action.state == ActionState.VERIFIED:
        return _("This action was verified on %(day)s: it no longer changes.") % {
            "day": _shown(action.verified_on) if action.verified_on else ""
        }
    if action.state == ActionState.ANSWERED:
        return _("This action is answered and waits for the inspector's verification.")
    return _("This action waits for the commune's answer.")


@transaction.atomic
def do_answer_action(
    *, actor: Any, action: CorrectiveAction, answer: str, evidence: str
) -> CorrectiveAction:
    """The owner commune's answer: what it did and the evidence of completion. A writing role
    of the action's commune only, while the action is open or returned; the inspector then
    verifies it or returns it."""
    action = _locked_action(action)
    scope = scope_of(actor)
    owner = scope is not None and scope.commune_id == action.commune_id
    _require(
        owner and permissions.can_answer_action(actor),
        _("Only the command of %(commune)s answers this action.") % {"commune": action.commune},
    )
    if not rules.may_answer(action.state):
        raise ValidationError(_state_refusal(action))
    problems = {}
    if not _text(answer):
        problems["answer"] = _("Say what was done.")
    if not _text(evidence):
        problems["completion_evidence"] = _(
            "Give the evidence of completion (a document's number and date, a record, photos "
            "kept at the command)."
        )
    if problems:
        raise ValidationError(problems)
    action.state = ActionState.ANSWERED
    action.answer, action.completion_evidence = _text(answer), _text(evidence)
    action.answered_on, action.answered_by = _today(), _actor(actor)
    action.save(
        update_fields=[
            "state",
            "answer",
            "completion_evidence",
            "answered_on",
            "answered_by",
            "updated_at",
        ]
    )
    _refresh_finding(action.finding)
    return action


@transaction.atomic
def do_verify_action(*, actor: Any, action: CorrectiveAction, note: str = "") -> CorrectiveAction:
    """The inspector accepts the commune's answer: the action is verified (today, by the actor)
    and never changes again; the finding is corrected once every action is verified."""
    action = _locked_action(action)
    _require(permissions.can_write_inspections(actor, action))
    if not rules.may_verify(action.state):
        raise ValidationError(_state_refusal(action))
    action.state = ActionState.VERIFIED
    action.verified_on, action.verified_by = _today(), _actor(actor)
    action.verification_note = _text(note)
    action.save(
        update_fields=["state", "verified_on", "verified_by", "verification_note", "updated_at"]
    )
    _refresh_finding(action.finding)
    return action


@transaction.atomic
def do_return_action(*, actor: Any, action: CorrectiveAction, reason: str) -> CorrectiveAction:
    """The inspector refuses the commune's answer, saying why: the action goes back to the
    commune (returned), to be answered again."""
    action = _locked_action(action)
    _require(permissions.can_write_inspections(actor, action))
    if not rules.may_return(action.state):
        raise ValidationError(_state_refusal(action))
    if not _text(reason):
        raise ValidationError({"reason": _("Say what the commune must still do or show.")})
    action.state = ActionState.RETURNED
    action.verification_note = _text(reason)
    action.save(update_fields=["state", "verification_note", "updated_at"])
    _refresh_finding(action.finding)
    return action


@transaction.atomic
def do_close_finding(*, actor: Any, finding: Finding, reason: str) -> Finding:
    """The inspector closes an open finding without action, saying why (corrected on the spot,
    no longer relevant …). A finding with actions is corrected by verifying them instead."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    _require(permissions.can_write_inspections(actor, finding))
    if not rules.may_close(finding.state, finding.actions.values_list("state", flat=True)):
        raise ValidationError(
            _("This finding has corrective actions: it is corrected when they are verified.")
            if finding.state == FindingState.OPEN
            else _("This finding is %(state)s already.") % {"state": finding.get_state_display()}
        )
    if not _text(reason):
        raise ValidationError({"reason": _("Say why the finding is closed without action.")})
    finding.state = FindingState.CLOSED
    finding.closed_reason = _text(reason)
    finding.save(update_fields=["state", "closed_reason", "updated_at"])
    return finding
