"""Read paths of the cadres registers that more than one page or route needs."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from .models import PlacementMatch, PlacementPin, PlacementRun


def run_with_rows(user: Any, pk: int) -> PlacementRun:
    """Placement proposal `pk` with the matches and pins `user` may see, prefetched."""
    return (
        PlacementRun.objects.visible_to(user)
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "matches",
                PlacementMatch.objects.visible_to(user).select_related(
                    "command__commune", "profile__person"
                ),
            ),
            Prefetch(
                "pins",
                PlacementPin.objects.visible_to(user)
                .select_related("command", "profile__person")
                .order_by("pk"),
            ),
        )
        .get(pk=pk)
    )
