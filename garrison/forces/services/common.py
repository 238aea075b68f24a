"""What every forces service shares: the engine's answer turned into a refusal that cites its
ground, in the user's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from garrison.core.assess import run


def assess(domain: str, facts: dict[str, Any]) -> dict[str, Any]:
    answer = run(domain, facts)
    assert isinstance(answer, dict)
    return answer


def grounds_text(answer: dict[str, Any]) -> str:
    from garrison.forces.rules import FORCES_GROUND_LABELS

    parts = []
    for ground in answer.get("grounds", []):
        label = FORCES_GROUND_LABELS.get(ground)
        parts.append(f"{ground} ({label})" if label else ground)
    return "; ".join(parts)


def refusal(message: str, answer: dict[str, Any], field: str | None = None) -> ValidationError:
    """A ValidationError saying what the law says and why: the outcome's grounds and notes."""
    text = message
    grounds = grounds_text(answer)
    if grounds:
        text += " " + _("Ground: %(grounds)s.") % {"grounds": grounds}
    if answer.get("notes"):
        text += " " + str(answer["notes"])
    return ValidationError({field: text} if field else text)


def grounds_list(answer: dict[str, Any]) -> list[dict[str, str]]:
    """The answer's grounds with their descriptions, for pages."""
    from garrison.forces.rules import FORCES_GROUND_LABELS

    return [
        {"code": g, "label": str(FORCES_GROUND_LABELS.get(g, ""))}
        for g in answer.get("grounds", [])
    ]
