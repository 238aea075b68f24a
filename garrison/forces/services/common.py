"""What every forces service shares: the engine's answer turned into a refusal that cites its
ground, in the user's language."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from garrison.forces.rules import FORCES_GROUND_LABELS, ForcesOutcome


def grounds_text(answer: ForcesOutcome) -> str:
    parts = []
    for ground in answer.grounds:
        label = FORCES_GROUND_LABELS.get(ground)
        parts.append(f"{ground} ({label})" if label else ground)
    return "; ".join(parts)


def refusal(message: str, answer: ForcesOutcome, field: str | None = None) -> ValidationError:
    """A ValidationError saying what the law says and why: the outcome's grounds and notes."""
    text = message
    grounds = grounds_text(answer)
    if grounds:
        text += " " + _("Ground: %(grounds)s.") % {"grounds": grounds}
    if answer.notes:
        text += " " + str(answer.notes)
    return ValidationError({field: text} if field else text)


def not_before(on: datetime.date, start: datetime.date, field: str = "on") -> None:
    """An action's day must not come before the record it acts on begins (a term's start, a
    registration): a day typed wrong is refused naming the field, never a server error."""
    if on < start:
        raise ValidationError(
            {
                field: _("%(on)s is before %(start)s, when this record begins: choose a later day.")
                % {
                    "on": formats.date_format(on, "SHORT_DATE_FORMAT"),
                    "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
                }
            }
        )


def grounds_list(answer: ForcesOutcome) -> list[dict[str, str]]:
    """The answer's grounds with their descriptions, for pages."""
    return [{"code": g, "label": str(FORCES_GROUND_LABELS.get(g, ""))} for g in answer.grounds]
