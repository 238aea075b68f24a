"""Who may do what with the military-service registers: read alike by the pages' buttons, the API
and the services (`can_<action>(user, obj=None)`)."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import scope_of

from .models import Campaign, RecordTransfer


def can_build_pool(user: Any, campaign: Campaign | None = None) -> bool:
    """Build or refresh a campaign's pool: any writing role (each over the communes of its
    scope)."""
    scope = scope_of(user)
    return scope is not None and scope.can_write


def _on_side(user: Any, transfer: RecordTransfer, side: str) -> bool:
    """A hand-over is shared by two communes and each acts on its own side only; a province or
    the nation acts on both sides."""
    scope = scope_of(user)
    if scope is None:
        return False
    return scope.commune_id is None or getattr(transfer, side) == scope.commune_id


def can_receive_record(user: Any, transfer: RecordTransfer) -> bool:
    """Receive a service record handed over: the receiving commune (or above it)."""
    return _on_side(user, transfer, "to_commune_id")


def can_cancel_hand_over(user: Any, transfer: RecordTransfer) -> bool:
    """Take back a hand-over not yet received: the commune handing over (or above it)."""
    return _on_side(user, transfer, "from_commune_id")
