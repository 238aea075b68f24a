"""The commune's evacuation plan: which evacuation area (a defence work of kind evacuation area)
takes the people of which village. A village without an area, and an area whose villages hold
more people than it takes, are flagged (`evacuation.rules`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel

from .querysets import EvacuationAssignmentQuerySet


class EvacuationAssignment(CommuneRow, ScopedModel, VersionedModel):
    """A village's people (or part of them) sent to an evacuation area."""

    future_dates = ()

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    village = models.ForeignKey(
        "territory.Village",
        on_delete=models.CASCADE,
        related_name="evacuation_assignments",
        verbose_name=_("village"),
    )
    area = models.ForeignKey(
        "operations.DefenceWork",
        on_delete=models.PROTECT,
        related_name="evacuation_assignments",
        verbose_name=_("evacuation area"),
    )
    people = models.PositiveIntegerField(
        _("people sent"),
        null=True,
        blank=True,
        help_text=_("How many of the village's people go there; empty for all of them."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = EvacuationAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("evacuation assignment")
        verbose_name_plural = _("evacuation assignments")
        ordering = ["village", "area"]
        constraints = [
            models.UniqueConstraint(fields=["village", "area"], name="evacuation_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.village} → {self.area}"
