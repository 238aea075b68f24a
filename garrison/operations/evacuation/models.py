"""The commune's evacuation plan: which evacuation area (a defence work of kind evacuation area)
takes the people of which village. A village without an area, and an area whose villages hold
more people than it takes, are flagged (`evacuation.rules`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel
from garrison.core.scoping import COMMUNE

from . import rules
from .querysets import EvacuationAssignmentQuerySet


class EvacuationAssignment(CommuneRow, ScopedModel, VersionedModel):
    """A village's people (or part of them) sent to an evacuation area."""

    future_dates = ()
    #: the commune keeps its plan; the province and the Ministry read it
    write_levels = frozenset({COMMUNE})

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

    def clean(self) -> None:
        super().clean()
        errors = {}
        commune = self.village.commune if self.village_id else None
        if commune is None and self.commune_id:
            commune = self.commune
        if self.village_id and self.commune_id and self.village.commune_id != self.commune_id:
            errors["village"] = _("%(village)s is a village of another commune.") % {
                "village": self.village
            }
        if self.area_id and commune is not None:
            problem = rules.area_refusal(
                is_evacuation_area=self.area.kind == "evacuation_area",
                same_commune=self.area.commune_id == commune.pk,
                area=str(self.area),
                commune=str(commune),
            )
            if problem:
                errors["area"] = problem
        if errors:
            raise ValidationError(errors)
