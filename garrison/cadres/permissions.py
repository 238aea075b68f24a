"""Who may do what with the cadres registers: read alike by the pages' buttons, the API and the
services (`can_<action>(user, obj=None)`)."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import NATION, writes_at

from .models import CadreProfile, PlacementRun, PostStandard


def can_propose_placement(user: Any, run: PlacementRun | None = None) -> bool:
    """Make a placement proposal (and solve it again): a province's writing staff, or the
    Ministry's for a province it names. Communes never do."""
    return writes_at(user, PlacementRun.write_levels)


def can_adjust_placement(user: Any, run: PlacementRun) -> bool:
    """Pin, forbid or release pairs of a proposal: whoever may propose, while it is a draft."""
    return run.is_draft and can_propose_placement(user, run)


def can_change_profile(user: Any, profile: CadreProfile | None = None) -> bool:
    """Edit a cadre's profile and its records; with `profile`, only one in the user's scope."""
    if not writes_at(user, CadreProfile.write_levels):
        return False
    if profile is None:
        return True
    return CadreProfile.objects.editable_by(user).filter(pk=profile.pk).exists()


def can_set_national_standard(user: Any, standard: PostStandard | None = None) -> bool:
    """Write a post standard for the whole nation (no province): the Ministry's writing roles
    only. A province writes its own standards; the Ministry's are read-only to it."""
    return writes_at(user, PostStandard.write_levels & {NATION})
