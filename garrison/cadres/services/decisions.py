"""Decisions about a cadre: issuing one (appointment, transfer, promotion) updates the profile,
the holders of the post and the career history in one transaction; revoking it undoes exactly
what it did and keeps the decision, marked revoked."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from garrison.cadres import rules
from garrison.cadres.models import CadreDecision, CadreProfile, CareerEntry
from garrison.commands.models import Assignment, MilitaryCommand
from garrison.commands.rules import Position
from garrison.core.pdf import vn_admin_date
from garrison.core.services import require_editable

Kind = CadreDecision.Kind


def _current_assignment(profile: CadreProfile, on: datetime.date) -> Assignment | None:
    return (
        Assignment.objects.current(on)
        .filter(person_id=profile.person_id)
        .select_related("command")
        .order_by("-start_date")
        .first()
    )


def sync_serving_commune(profile: CadreProfile, on: datetime.date | None = None) -> None:
    """Keep `profile.commune` (who reads the profile) on the commune of the post held now."""
    from django.utils import timezone

    held = _current_assignment(profile, on or timezone.localdate())
    commune_id = held.command.commune_id if held else None
    if profile.commune_id != commune_id:
        profile.commune_id = commune_id
        profile.save(update_fields=["commune", "updated_at"])


def _validate(
    *,
    profile: CadreProfile,
    kind: str,
    command: MilitaryCommand | None,
    position: str,
    new_rank: str,
    signed_on: datetime.date,
    effective_on: datetime.date,
) -> None:
    errors: dict[str, str] = {}
    if effective_on < signed_on:
        errors["effective_on"] = _(
            "A decision takes effect on or after the day it is signed: move the date later."
        )
    if kind in (Kind.APPOINTMENT, Kind.TRANSFER):
        if command is None:
            errors["command"] = _("Choose the command the cadre is posted to.")
        elif command.province_id != profile.province_id:
            errors["command"] = _(
                "That command belongs to another province: a province posts its own cadres."
            )
        if position not in Position.values:
            errors["position"] = _("Choose the post the cadre takes.")
        if new_rank:
            errors["new_rank"] = _(
                "A posting does not change the rank: issue a promotion for that."
            )
    elif kind == Kind.PROMOTION:
        if not new_rank:
            errors["new_rank"] = _("Choose the rank the cadre is promoted to.")
        elif profile.rank and rules.RANK_ORDER[new_rank] <= rules.RANK_ORDER[profile.rank]:
            errors["new_rank"] = _(
                "%(new)s is not above the present rank %(now)s: choose a higher rank."
            ) % {"new": rules.Rank(new_rank).label, "now": rules.Rank(profile.rank).label}
        if profile.service_category == rules.ServiceCategory.CIVIL_SERVANT:
            errors["new_rank"] = _("A civil servant holds no officer rank.")
        if command is not None or position:
            errors["command"] = _("A promotion posts nobody: leave the command and post empty.")
    if errors:
        raise ValidationError(errors)


def do_issue_decision(
    *,
    actor: Any,
    profile: CadreProfile,
    kind: str,
    number: str,
    signed_on: datetime.date,
    effective_on: datetime.date,
    signer_name: str,
    signer_title: str,
    command: MilitaryCommand | None = None,
    position: str = "",
    new_rank: str = "",
    reason: str = "",
    placement_run=None,
    replaces: Assignment | None = None,
) -> CadreDecision:
    """Issue a decision and apply it.

    A posting (appointment or transfer) ends the cadre's present post the day before and opens
    the new one, with a career line; `replaces` is the outgoing holder's assignment, ended the
    day before unless it ends earlier. A promotion sets the rank and its date."""
    require_editable(actor, profile)
    _validate(
        profile=profile,
        kind=kind,
        command=command,
        position=position,
        new_rank=new_rank,
        signed_on=signed_on,
        effective_on=effective_on,
    )
    decision = CadreDecision(
        profile=profile,
        kind=kind,
        number=number.strip(),
        signed_on=signed_on,
        effective_on=effective_on,
        signer_name=signer_name,
        signer_title=signer_title,
        command=command,
        position=position,
        new_rank=new_rank,
        reason=reason,
        placement_run=placement_run,
        province_id=profile.province_id,
        commune_id=command.commune_id if command else None,
    )
    decision.full_clean(exclude=["profile", "command", "placement_run"])
    with transaction.atomic():
        day_before = effective_on - datetime.timedelta(days=1)
        if kind == Kind.PROMOTION:
            decision.previous_rank = profile.rank
            decision.previous_rank_date = profile.rank_date
            profile.rank = new_rank
            profile.rank_date = effective_on
            profile.save(update_fields=["rank", "rank_date", "updated_at"])
        else:
            held = _current_assignment(profile, effective_on)
            if held is not None:
                if held.start_date > day_before:
                    raise ValidationError(
                        {
                            "effective_on": _(
                                "The cadre only took up the present post on %(day)s: the new "
                                "posting must take effect after that."
                            )
                            % {"day": held.start_date.strftime("%d/%m/%Y")}
                        }
                    )
                held.end_date = day_before
                held.save(update_fields=["end_date", "updated_at"])
                _close_career(held, day_before)
                decision.ended_assignment = held
            if replaces is not None:
                # as it stands now: an earlier decision (of the same placement run, say) may
                # have ended it since the caller read it
                replaces = Assignment.objects.select_for_update().get(pk=replaces.pk)
            if replaces is not None and (
                replaces.end_date is None or replaces.end_date > day_before
            ):
                decision.replaced_assignment = replaces
                decision.replaced_end_date = replaces.end_date
                replaces.end_date = day_before
                replaces.save(update_fields=["end_date", "updated_at"])
                _close_career(replaces, day_before)
            decision.assignment = Assignment.objects.create(
                command=command,
                position=position,
                person_id=profile.person_id,
                start_date=effective_on,
                decision=decision.number,
            )
        decision.save()
        if kind != Kind.PROMOTION:
            CareerEntry.objects.create(
                profile=profile,
                title=str(Position(position).label),
                organisation=command.name,
                command=command,
                position=position,
                started_on=effective_on,
                decision=decision,
            )
            sync_serving_commune(profile)
            if decision.replaced_assignment is not None:
                _sync_holder(decision.replaced_assignment)
    return decision


def _holder_profile(assignment: Assignment) -> CadreProfile | None:
    return CadreProfile.objects.filter(person_id=assignment.person_id).first()


def _close_career(assignment: Assignment, day: datetime.date) -> None:
    """End the career line of the post `assignment` was (when its holder is a cadre)."""
    CareerEntry.objects.filter(
        profile__person_id=assignment.person_id,
        command_id=assignment.command_id,
        position=assignment.position,
        ended_on__isnull=True,
    ).update(ended_on=day)


def _reopen_career(assignment: Assignment, ended: datetime.date, end: datetime.date | None):
    CareerEntry.objects.filter(
        profile__person_id=assignment.person_id,
        command_id=assignment.command_id,
        position=assignment.position,
        ended_on=ended,
    ).update(ended_on=end)


def _sync_holder(assignment: Assignment) -> None:
    holder = _holder_profile(assignment)
    if holder is not None:
        sync_serving_commune(holder)


def do_revoke_decision(
    *, actor: Any, decision: CadreDecision, revoked_on: datetime.date, reason: str
) -> CadreDecision:
    """Revoke a decision in force: its posting is ended (the record of it stays, marked), the
    post the cadre left and the outgoing holder's post are given back, a promotion's rank is
    restored. Refused when a later decision has built on it."""
    require_editable(actor, decision)
    if not decision.in_force:
        raise ValidationError(_("This decision is already revoked."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision is revoked.")})
    later = decision.profile.decisions.filter(status=CadreDecision.Status.IN_FORCE).filter(
        effective_on__gt=decision.effective_on
    )
    if later.exists():
        raise ValidationError(
            _("A later decision (%(number)s) builds on this one: revoke that one first.")
            % {"number": later.order_by("effective_on").first().number}
        )
    with transaction.atomic():
        # the rows to undo as they stand now, not as they were when the decision was read
        profile = CadreProfile.objects.select_for_update().get(pk=decision.profile_id)
        assignments = Assignment.objects.select_for_update().in_bulk(
            [
                pk
                for pk in (
                    decision.assignment_id,
                    decision.ended_assignment_id,
                    decision.replaced_assignment_id,
                )
                if pk is not None
            ]
        )
        if decision.kind == Kind.PROMOTION:
            if profile.rank == decision.new_rank:
                profile.rank = decision.previous_rank
                profile.rank_date = decision.previous_rank_date
                profile.save(update_fields=["rank", "rank_date", "updated_at"])
        else:
            given = assignments.get(decision.assignment_id)
            if given is not None:
                # a revoked posting was never lawfully held: it ends the day it began at the
                # latest, and the record says why
                given.end_date = max(
                    given.start_date, min(revoked_on, given.end_date or revoked_on)
                )
                given.note = _("revoked by %(number)s") % {"number": decision.number}
                given.save(update_fields=["end_date", "note", "updated_at"])
                decision.career_entries.update(ended_on=given.end_date)
            day_before = decision.effective_on - datetime.timedelta(days=1)
            for reopened, end in (
                (assignments.get(decision.ended_assignment_id), None),
                (assignments.get(decision.replaced_assignment_id), decision.replaced_end_date),
            ):
                if reopened is not None:
                    reopened.end_date = end
                    reopened.save(update_fields=["end_date", "updated_at"])
                    _reopen_career(reopened, day_before, end)
        if decision.replaced_assignment_id is not None:
            _sync_holder(assignments[decision.replaced_assignment_id])
        decision.status = CadreDecision.Status.REVOKED
        decision.revoked_on = revoked_on
        decision.revocation_reason = reason
        decision.save(update_fields=["status", "revoked_on", "revocation_reason", "updated_at"])
        sync_serving_commune(profile)
    return decision


def pdf_context(decision: CadreDecision) -> dict[str, Any]:
    """The context of cadres/decision_pdf.html (Decree 30/2020/NĐ-CP layout)."""
    from garrison.commands.models import MilitaryCommand as Command

    issuer = Command.objects.filter(
        province_id=decision.province_id, level=Command.Level.PROVINCE
    ).first()
    return {
        "decision": decision,
        "profile": decision.profile,
        "person": decision.profile.person,
        "issuer": issuer.name if issuer else "",
        "date_line": vn_admin_date(decision.signed_on),
        "effective_line": vn_admin_date(decision.effective_on),
    }
