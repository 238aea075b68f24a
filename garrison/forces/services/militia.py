"""Militia services: admit a member (the engine decides age, sex, deferral, exemption and the
term), move a member between units (the placement history is kept), extend and end terms."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.services import require_editable
from garrison.forces import rules
from garrison.forces.circumstances import militia_facts
from garrison.forces.models import Force, MemberAssignment, MilitiaMember, MilitiaUnit, Role
from garrison.forces.rules import ForcesOutcome, MilitiaOutcome
from garrison.people.models import Person

from .common import not_before, refusal

ADMITTED = (MilitiaOutcome.ALLOWED_OBLIGATION, MilitiaOutcome.ALLOWED_VOLUNTARY)


def assess_admission(
    person: Person,
    unit: MilitiaUnit,
    *,
    started_on: datetime.date,
    role: str = Role.MEMBER,
    volunteer: bool = False,
    circumstances: list[str] | tuple[str, ...] = (),
    youngest_child_dob: datetime.date | None = None,
    raising_child_alone: bool = False,
) -> ForcesOutcome:
    """The militia engine's answer for admitting `person` to `unit` on `started_on`."""
    return rules.assess_militia(
        militia_facts(
            person,
            ref_date=started_on,
            kind=unit.kind,
            self_defence=unit.force == Force.SELF_DEFENCE,
            start=started_on,
            is_unit_commander=role == Role.LEADER,
            volunteer=volunteer,
            circumstances=circumstances,
            youngest_child_dob=youngest_child_dob,
            raising_child_alone=raising_child_alone,
        ),
    )


def check_admission(answer: ForcesOutcome, *, reviewed: bool) -> None:
    """Refuse, citing the ground, unless the law allows the admission (or, where the law is
    unclear, a person has reviewed the case)."""
    outcome = answer.outcome
    if outcome in ADMITTED:
        return
    if outcome == MilitiaOutcome.MANUAL_REVIEW:
        if reviewed:
            return
        raise refusal(
            _(
                "The law is unclear for this case: review it, then tick “reviewed” to admit "
                "the citizen anyway."
            ),
            answer,
            "reviewed",
        )
    messages = {
        MilitiaOutcome.REFUSED_AGE: _("The citizen is outside the militia age."),
        MilitiaOutcome.DEFERRED: _(
            "The citizen is deferred from militia service (point %(letter)s). If he or she "
            "volunteers and DQTV 11.3 allows it, tick “serves voluntarily”."
        ),
        MilitiaOutcome.EXEMPT: _(
            "The citizen is exempt from militia service (point %(letter)s). If he or she "
            "volunteers and DQTV 11.3 allows it, tick “serves voluntarily”."
        ),
    }
    message = messages.get(outcome, _("The law does not allow this admission (%(outcome)s)."))
    letter = answer.letter or ""
    raise refusal(message % {"letter": letter, "outcome": str(outcome)}, answer)


def do_add_member(
    *,
    actor: Any,
    person: Person,
    unit: MilitiaUnit,
    started_on: datetime.date,
    role: str = Role.MEMBER,
    volunteer: bool = False,
    decision_number: str = "",
    circumstances: list[str] | tuple[str, ...] = (),
    youngest_child_dob: datetime.date | None = None,
    raising_child_alone: bool = False,
    reviewed: bool = False,
    notes: str = "",
) -> MilitiaMember:
    """Admit a citizen to a militia unit (the commune Chairman's decision, DQTV 10.4): the
    engine checks age, sex, deferrals and exemptions and computes the term (DQTV 8)."""
    require_editable(actor, unit)
    if not unit.is_active:
        raise ValidationError({"unit": _("This unit is disbanded: choose an active unit.")})
    if unit.force == Force.MILITIA and person.residence_commune_id != unit.commune_id:
        raise ValidationError(
            {
                "person": _(
                    "%(name)s lives in %(commune)s: militia members are registered and "
                    "selected where they reside (DQTV 9.1). Hand the person over first, or "
                    "choose a resident."
                )
                % {"name": person.full_name, "commune": person.residence_commune}
            }
        )
    if MilitiaMember.objects.open().filter(person=person).exists():
        raise ValidationError(
            {"person": _("%(name)s is already serving in the militia.") % {"name": person}}
        )
    answer = assess_admission(
        person,
        unit,
        started_on=started_on,
        role=role,
        volunteer=volunteer,
        circumstances=circumstances,
        youngest_child_dob=youngest_child_dob,
        raising_child_alone=raising_child_alone,
    )
    check_admission(answer, reviewed=reviewed)
    term_years = rules.term_years(unit.kind)
    member = MilitiaMember(
        commune=unit.commune,
        person=person,
        unit=unit,
        role=role,
        kind=unit.kind,
        started_on=started_on,
        decision_number=decision_number,
        volunteer=volunteer or answer.outcome == MilitiaOutcome.ALLOWED_VOLUNTARY,
        term_years=term_years,
        term_end=rules.term_end(started_on, unit.kind),
        notes=notes,
    )
    try:
        with transaction.atomic():
            member.save()
            MemberAssignment.objects.create(
                member=member, commune=unit.commune, unit=unit, role=role, started_on=started_on
            )
            require_editable(actor, member)
    except IntegrityError as exc:  # a concurrent admission of the same person
        raise ValidationError(
            {"person": _("%(name)s is already serving in the militia.") % {"name": person}}
        ) from exc
    return member


def _require_open(member: MilitiaMember) -> None:
    if not member.is_open:
        raise ValidationError(
            _("This term has ended (%(status)s).") % {"status": member.get_status_display()}
        )


def do_move_member(
    *,
    actor: Any,
    member: MilitiaMember,
    unit: MilitiaUnit,
    role: str,
    on: datetime.date | None = None,
    note: str = "",
) -> MemberAssignment:
    """Move a member to another unit or role of the same commune: the current placement is
    closed on the day before `on`, a new one opens on `on`; the term does not change."""
    require_editable(actor, member)
    _require_open(member)
    on = on or timezone.localdate()
    not_before(on, member.started_on)
    if unit.commune_id != member.commune_id:
        raise ValidationError({"unit": _("Choose a unit of the member's own commune.")})
    if not unit.is_active:
        raise ValidationError({"unit": _("This unit is disbanded: choose an active unit.")})
    if unit.pk == member.unit_id and role == member.role:
        raise ValidationError({"unit": _("The member is already in this unit with this role.")})
    with transaction.atomic():
        locked = MilitiaMember.objects.select_for_update().get(pk=member.pk)
        current = locked.assignments.filter(ended_on__isnull=True).order_by("-started_on").first()
        if current is not None and on <= current.started_on:
            raise ValidationError(
                {
                    "on": _("The move must come after the current placement began (%(d)s).")
                    % {"d": current.started_on.strftime("%d/%m/%Y")}
                }
            )
        if current is not None:
            current.ended_on = on - datetime.timedelta(days=1)
            current.save(update_fields=["ended_on"])
        assignment = MemberAssignment.objects.create(
            member=member, commune=member.commune, unit=unit, role=role, started_on=on, note=note
        )
        # save(), not update(): the move is in the member's audit log; through the locked
        # row, which holds the version as it stands, then the caller's instance follows it
        locked.unit, locked.role = unit, role
        locked.save(update_fields=["unit", "role", "updated_at"])
        member.refresh_from_db(fields=["unit", "role", "version", "updated_at"])
    return assignment


def do_extend_term(
    *,
    actor: Any,
    member: MilitiaMember,
    years: int,
    decision_number: str = "",
    on: datetime.date | None = None,
    reviewed: bool = False,
) -> MilitiaMember:
    """Extend a term by `years` (DQTV 8.2: at most 2 years; longer for maritime militia,
    self-defence and unit commanders; never past the age limit) — the engine decides; where
    the law is unclear (`manual_review`) a person must have `reviewed` the case."""
    require_editable(actor, member)
    _require_open(member)
    if years < 1:
        raise ValidationError({"years": _("Extend by at least one year.")})
    on = on or timezone.localdate()
    not_before(on, member.started_on)
    total = member.extension_years + years
    answer = rules.assess_militia(
        militia_facts(
            member.person,
            ref_date=on,
            kind=member.kind,
            self_defence=member.unit.force == Force.SELF_DEFENCE,
            start=member.started_on,
            extension_years=total,
            is_unit_commander=member.role == Role.LEADER,
            volunteer=member.volunteer,
        ),
    )
    if answer.outcome == MilitiaOutcome.MANUAL_REVIEW and not reviewed:
        raise refusal(
            _(
                "The law is unclear for this extension: review it, then tick “reviewed” to "
                "extend anyway."
            ),
            answer,
            "reviewed",
        )
    if answer.outcome not in (MilitiaOutcome.EXTENSION_ALLOWED, MilitiaOutcome.MANUAL_REVIEW):
        raise refusal(
            _("The term cannot be extended by %(n)s more year(s).") % {"n": years},
            answer,
            "years",
        )
    member.extension_years = total
    member.term_end = rules.term_end(member.started_on, member.kind, total)
    member.status = MilitiaMember.Status.EXTENDED
    if decision_number:
        member.notes = (member.notes + "\n" if member.notes else "") + _(
            "Extended by %(n)s year(s), decision %(d)s."
        ) % {"n": years, "d": decision_number}
    with transaction.atomic():
        member.save(
            update_fields=[
                "extension_years",
                "term_end",
                "status",
                "notes",
                "updated_at",
            ]
        )
    return member


def do_end_term(
    *,
    actor: Any,
    member: MilitiaMember,
    on: datetime.date | None = None,
    reason: str = "",
) -> MilitiaMember:
    """End a term: completed when it has run its course (DQTV 13.1), otherwise an early
    discharge or removal that needs its reason (DQTV 12, 13)."""
    require_editable(actor, member)
    _require_open(member)
    on = on or timezone.localdate()
    if on < member.started_on:
        raise ValidationError({"on": _("The term cannot end before it began.")})
    if on > timezone.localdate():
        raise ValidationError(
            {"on": _("Record the end of a term on or after the day it ends, not in advance.")}
        )
    current = member.assignments.filter(ended_on__isnull=True).order_by("-started_on").first()
    if current is not None and on < current.started_on:
        raise ValidationError(
            {
                "on": _("The term cannot end before the current placement began (%(d)s).")
                % {"d": current.started_on.strftime("%d/%m/%Y")}
            }
        )
    if reason and reason not in MilitiaMember.EndReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    if not reason and on < member.term_end:
        raise ValidationError(
            {
                "reason": _(
                    "The term runs until %(end)s: to end it earlier, give the reason (DQTV 12)."
                )
                % {"end": member.term_end.strftime("%d/%m/%Y")}
            }
        )
    member.status = MilitiaMember.Status.DISCHARGED if reason else MilitiaMember.Status.COMPLETED
    member.ended_on, member.end_reason = on, reason
    with transaction.atomic():
        if current is not None:  # save(), not update(): audited like every change
            current.ended_on = on
            current.save(update_fields=["ended_on"])
        member.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    return member
