"""Helpers shared by the military-service pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.conscription import rules, services
from garrison.conscription.models import (
    ServiceRecord,
)
from garrison.core.registry import (
    Column,
)


def outcome_label(code: str) -> str:
    return str(rules.OUTCOME_LABELS.get(code, code))


def grounds_display(grounds: list[str]) -> list[dict[str, str]]:
    return [{"code": g, "label": str(rules.GROUND_LABELS.get(g, ""))} for g in grounds]


def decide_on_record(request, record: ServiceRecord, data: dict[str, Any], campaign=None) -> str:
    """The "decide" action of the register and pool pages: record the decision through
    `services.do_decide` and answer the page's message."""
    decision = services.do_decide(
        actor=request.user,
        record=record,
        kind=data["kind"],
        letter=data["letter_code"],
        evidence=data["evidence"],
        decided_by=data["decided_by"],
        decided_on=data["decided_on"],
        until=data.get("until"),
        decision_number=data.get("decision_number", ""),
        campaign=campaign,
    )
    return gettext("Recorded: %(d)s.") % {"d": decision}


def person_columns(path: str = "person") -> list[Column]:
    """A citizen's ID, name and birth date as export columns, from the row's path to Person."""
    return [
        Column(f"{path}__citizen_id", label=_("citizen ID (CCCD)")),
        Column(f"{path}__full_name", label=_("full name")),
        Column(f"{path}__date_of_birth", label=_("date of birth")),
    ]
