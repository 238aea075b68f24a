"""The works of the commune's part of the provincial defensive zone (khu vực phòng thủ): combat,
rear and logistics-technical bases, evacuation areas, clusters of combat villages, shelters,
air-defence positions, observation posts, depots — each with its place (village, GPS in Viet
Nam), its capacity in the unit its kind needs (`works.rules.CAPACITY_UNITS`), its state, the
militia unit responsible, and its inspections: a yearly check, or sooner after an incident
(`inspection_due_on`)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.operations.common import (
    check_both_coordinates,
    document_upload_to,
    latitude_field,
    longitude_field,
)

from .querysets import DefenceWorkQuerySet, InspectionQuerySet


class WorkKind(models.TextChoices):
    COMBAT_BASE = "combat_base", _("combat base")
    REAR_BASE = "rear_base", _("rear base")
    LOGISTICS_BASE = "logistics_base", _("logistics-technical base")
    EVACUATION_AREA = "evacuation_area", _("evacuation area")
    COMBAT_VILLAGE_CLUSTER = "combat_village_cluster", _("cluster of combat villages")
    SHELTER = "shelter", _("shelter")
    AIR_DEFENCE_POSITION = "air_defence_position", _("air-defence position")
    OBSERVATION_POST = "observation_post", _("observation post")
    DEPOT = "depot", _("depot")


class WorkState(models.TextChoices):
    PLANNED = "planned", _("planned")
    UNDER_CONSTRUCTION = "under_construction", _("under construction")
    READY = "ready", pgettext_lazy("defence work", "ready")
    DEGRADED = "degraded", _("degraded")
    OUT_OF_USE = "out_of_use", _("out of use")


class DefenceWork(CommuneRow, ScopedModel, VersionedModel):
    """A work of the commune's part of the defensive zone."""

    future_dates = ()  # the next inspection (inspection_due_on) is computed, never typed

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="defence_works",
        verbose_name=_("commune"),
        db_index=False,  # a composite index starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    kind = models.CharField(_("kind"), max_length=24, choices=WorkKind)
    name = models.CharField(_("name"), max_length=200)
    village = models.ForeignKey(
        "territory.Village",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defence_works",
        verbose_name=_("village"),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    capacity_people = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    capacity_vehicles = models.PositiveIntegerField(_("capacity (vehicles)"), null=True, blank=True)
    capacity_tonnes = models.DecimalField(
        _("capacity (tonnes)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    state = models.CharField(
        _("state"), max_length=20, choices=WorkState, default=WorkState.PLANNED
    )
    responsible_unit = models.ForeignKey(
        "forces.MilitiaUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defence_works",
        verbose_name=_("unit responsible"),
    )
    built_on = models.DateField(_("completed on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    #: kept by the inspection services: the last inspection and what it found
    last_inspected_on = models.DateField(
        _("last inspected on"), null=True, blank=True, editable=False
    )
    last_finding = models.TextField(_("last inspection's finding"), blank=True, editable=False)
    #: the next inspection: a year after the last, or sooner when an incident asks for one
    inspection_due_on = models.DateField(
        _("inspection due on"), null=True, blank=True, editable=False
    )
    inspection_reason = models.CharField(
        _("why the inspection is due"), max_length=300, blank=True, editable=False
    )

    objects = DefenceWorkQuerySet.as_manager()

    class Meta:
        verbose_name = _("defence work")
        verbose_name_plural = _("defence works")
        ordering = ["commune", "kind", "name"]
        indexes = [
            models.Index(fields=["commune", "kind", "state"]),
            models.Index(fields=["province", "kind", "state"]),
            models.Index(fields=["province", "inspection_due_on"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        check_both_coordinates(self)


class WorkInspection(CommuneRow, ScopedModel):
    """An inspection of a defence work: when, by whom, the state found and what was found."""

    future_dates = ()

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    work = models.ForeignKey(
        DefenceWork,
        on_delete=models.CASCADE,
        related_name="inspections",
        verbose_name=_("defence work"),
    )
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspected by"), max_length=300)
    state_found = models.CharField(_("state found"), max_length=20, choices=WorkState)
    findings = models.TextField(_("findings"))
    incident = models.ForeignKey(
        "operations.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_inspections",
        verbose_name=_("after the incident"),
    )
    document = models.FileField(_("inspection record"), upload_to=document_upload_to, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection of a defence work")
        verbose_name_plural = _("inspections of defence works")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["work", "inspected_on"])]

    def __str__(self) -> str:
        return f"{self.work} — {self.inspected_on:%d/%m/%Y}"
