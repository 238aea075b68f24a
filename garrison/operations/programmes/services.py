"""Every state change of a mass-mobilisation programme, one function each: create or change a
programme (the province's or a commune's own), record help given under it and correct it. Each
checks that the actor may do it (`permissions`), validates with `rules`, and writes in one
transaction; core's versioning and django-auditlog record the rows saved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from garrison.core.scoping import scope_of
from garrison.core.services import do_create_object, do_update_object

from . import permissions, rules
from .models import MassProgramme, ProgrammeAid

__all__ = [
    "AidGiven",
    "do_create_programme",
    "do_give_aid",
    "do_update_aid",
    "do_update_programme",
    "earlier_help",
    "flag_text",
]


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# --- programmes ----------------------------------------------------------------------------------
@transaction.atomic
def do_create_programme(*, actor: Any, programme: MassProgramme) -> MassProgramme:
    """Create a programme: the province's (no commune: every commune of it takes part) when the
    actor is the province's, the commune's own when the actor is a commune's."""
    _require(permissions.can_create_programme(actor))
    scope = scope_of(actor)
    assert scope is not None
    programme.province_id = scope.province_id
    programme.commune_id = scope.commune_id if scope.is_commune else None
    _raise(rules.period_errors(programme.starts_on, programme.ends_on))
    return do_create_object(actor=actor, instance=programme)


@transaction.atomic
def do_update_programme(
    *, actor: Any, programme: MassProgramme, expected_version: int | None
) -> MassProgramme:
    _require(permissions.can_change_programme(actor, programme))
    _raise(rules.period_errors(programme.starts_on, programme.ends_on))
    outside = ProgrammeAid.objects.filter(programme=programme).exclude(
        given_on__range=(programme.starts_on, programme.ends_on)
    )
    first = outside.order_by("given_on").first()
    if first is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "Help was already given under this programme on %(day)s, outside the new "
                    "period: keep a period that covers every help given, or correct that help "
                    "first."
                )
                % {"day": first.given_on.strftime("%d/%m/%Y")}
            }
        )
    return do_update_object(actor=actor, instance=programme, expected_version=expected_version)


# --- help given ----------------------------------------------------------------------------------
@dataclass
class AidGiven:
    """The help recorded, and the earlier help to the same person in the same programme."""

    row: ProgrammeAid
    flags: list[ProgrammeAid] = field(default_factory=list)


def earlier_help(aid: ProgrammeAid) -> list[ProgrammeAid]:
    """The other help given to the same person under the same programme, oldest first."""
    return list(
        ProgrammeAid.objects.filter(programme_id=aid.programme_id, person_id=aid.person_id)
        .exclude(pk=aid.pk)
        .select_related("commune")
        .order_by("given_on", "pk")
    )


def flag_text(aid: ProgrammeAid, earlier: list[ProgrammeAid]) -> str:
    """ "X was already helped under this programme: gifts on 12/01/2026, …" for the page."""
    return _(
        "%(name)s was already helped under this programme: %(earlier)s. The help was recorded; "
        "check it is not entered twice."
    ) % {
        "name": aid.person,
        "earlier": ", ".join(
            _("%(kind)s on %(day)s") % {"kind": e.get_kind_display(), "day": _day(e.given_on)}
            for e in earlier
        ),
    }


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _check_aid(actor: Any, aid: ProgrammeAid) -> None:
    programme = aid.programme
    _require(
        permissions.can_give_aid(actor, programme),
        _("You may record help only under your commune's or your province's programmes."),
    )
    scope = scope_of(actor)
    assert scope is not None
    errors: dict[str, str] = {}
    person = aid.person
    if person.residence_commune_id != scope.commune_id:
        errors["person"] = _(
            "%(name)s does not live in your commune: record help given to people of your "
            "commune only (the commune where the person lives records it)."
        ) % {"name": person}
    if aid.given_on is not None:
        refusal = rules.outside_period(programme.starts_on, programme.ends_on, aid.given_on)
        if refusal:
            errors["given_on"] = refusal
    errors.update(rules.amount_errors(aid.kind, aid.quantity, aid.value_vnd))
    _raise(errors)
    aid.commune_id = scope.commune_id
    aid.province_id = scope.province_id


@transaction.atomic
def do_give_aid(
    *,
    actor: Any,
    programme: MassProgramme,
    person: Any,
    kind: str,
    quantity: int = 1,
    value_vnd: int,
    given_on: datetime.date,
    note: str = "",
) -> AidGiven:
    """Record help given under `programme` to `person` (for a family, its head) of the actor's
    commune. Help outside the programme's period, a quantity or value that does not fit what
    was given are refused (`rules`); a person already helped under the programme is recorded
    and flagged: the answer lists the earlier help."""
    aid = ProgrammeAid(
        programme=programme,
        person=person,
        kind=kind,
        quantity=quantity,
        value_vnd=value_vnd,
        given_on=given_on,
        note=note or "",
    )
    _check_aid(actor, aid)
    do_create_object(actor=actor, instance=aid)
    return AidGiven(row=aid, flags=earlier_help(aid))


@transaction.atomic
def do_update_aid(*, actor: Any, aid: ProgrammeAid, expected_version: int | None) -> ProgrammeAid:
    """Correct help given (the same checks as recording it)."""
    _check_aid(actor, aid)
    return do_update_object(actor=actor, instance=aid, expected_version=expected_version)
