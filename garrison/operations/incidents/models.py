"""Incidents of civil defence, air defence and security: what happened, where, how severe; the
timeline of updates; the forces and means mobilised from the registers; the situation reports
sent to the province on a rhythm set by severity (`incidents.rules.REPORT_EVERY`); and, on
closing, the after-action account and its lessons."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import COMMUNE
from garrison.operations.common import check_both_coordinates, latitude_field, longitude_field

from .querysets import IncidentQuerySet, MobilisationQuerySet

#: incidents and what hangs on them are written by the commune's own command alone: the
#: province reads them (and marks reports read), the Ministry reads (see permissions.py)
COMMUNE_WRITES = frozenset({COMMUNE})


class IncidentKind(models.TextChoices):
    FLOOD = "flood", _("flood")
    STORM = "storm", _("storm")
    LANDSLIDE = "landslide", _("landslide")
    FLASH_FLOOD = "flash_flood", _("flash flood")
    FOREST_FIRE = "forest_fire", _("forest fire")
    SEARCH_RESCUE = "search_rescue", _("search and rescue")
    AIRCRAFT = "aircraft", _("aircraft incident")
    ORDNANCE = "ordnance", _("unexploded ordnance")
    SECURITY = "security", _("security incident")


class Severity(models.TextChoices):
    MINOR = "minor", _("minor")
    MODERATE = "moderate", _("moderate")
    SEVERE = "severe", _("severe")
    CRITICAL = "critical", _("critical")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Incident(CommuneRow, ScopedModel, VersionedModel):
    """An incident in a commune and the response to it."""

    future_dates = ()  # every date of the row is a past event
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    event = models.ForeignKey(
        "operations.ReadinessEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("readiness event"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind)
    title = models.CharField(_("title"), max_length=200)
    occurred_at = models.DateTimeField(_("occurred at"))
    village = models.CharField(_("village"), max_length=120, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    severity = models.CharField(_("severity"), max_length=12, choices=Severity)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=IncidentStatus,
        default=IncidentStatus.OPEN,
        editable=False,
    )
    description = models.TextField(_("description"), blank=True)
    people_evacuated = models.PositiveIntegerField(_("people evacuated"), default=0)
    households_evacuated = models.PositiveIntegerField(_("households evacuated"), default=0)
    evacuation_area = models.ForeignKey(
        "operations.DefenceWork",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evacuations",
        verbose_name=_("evacuation area used"),
        help_text=_("One of the commune's evacuation areas, when people were evacuated."),
    )
    deaths = models.PositiveIntegerField(_("dead"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    damage = models.TextField(_("damage"), blank=True)
    damage_vnd = models.PositiveBigIntegerField(_("estimated damage (VND)"), null=True, blank=True)
    #: when the next situation report is due (from the last one and the severity): the
    #: province's "overdue" is one indexed comparison
    next_report_due_at = models.DateTimeField(
        _("next situation report due"), null=True, blank=True, editable=False
    )
    last_report_at = models.DateTimeField(
        _("last situation report"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    after_action = models.TextField(_("after-action account"), blank=True, editable=False)
    lessons = models.TextField(_("lessons learned"), blank=True, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["commune", "status", "occurred_at"]),
            models.Index(fields=["province", "status", "severity"]),
            models.Index(fields=["status", "next_report_due_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_both_coordinates(self)


class IncidentUpdate(CommuneRow, ScopedModel):
    """A line of an incident's timeline: what changed, when, said by whom."""

    future_dates = ()
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="updates", verbose_name=_("incident")
    )
    at = models.DateTimeField(_("at"))
    text = models.TextField(_("what happened"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} — {self.text[:60]}"


class Mobilisation(CommuneRow, ScopedModel):
    """A militia member, a reservist or a technical means mobilised for an incident, from when
    until when (open while still engaged). One of the three, never two."""

    future_dates = ()
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="mobilisations",
        verbose_name=_("incident"),
    )
    member = models.ForeignKey(
        "forces.MilitiaMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("militia member"),
    )
    reservist = models.ForeignKey(
        "forces.Reservist",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reservist"),
    )
    means = models.ForeignKey(
        "forces.TechnicalMeans",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technical means"),
    )
    from_at = models.DateTimeField(_("from"))
    until_at = models.DateTimeField(_("until"), null=True, blank=True)
    task = models.CharField(_("task"), max_length=200, blank=True)

    objects = MobilisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("mobilisation")
        verbose_name_plural = _("mobilisations")
        ordering = ["from_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(member__isnull=False, reservist__isnull=True, means__isnull=True)
                    | models.Q(member__isnull=True, reservist__isnull=False, means__isnull=True)
                    | models.Q(member__isnull=True, reservist__isnull=True, means__isnull=False)
                ),
                name="operations_mobilise_one_thing",
                violation_error_message=_(
                    "Choose one militia member, one reservist or one technical means per line."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["member", "from_at"]),
            models.Index(fields=["reservist", "from_at"]),
            models.Index(fields=["means", "from_at"]),
        ]

    def __str__(self) -> str:
        return str(self.member or self.reservist or self.means)

    def clean(self) -> None:
        super().clean()
        if self.from_at and self.until_at and self.until_at < self.from_at:
            raise ValidationError({"until_at": _("The end is before the start.")})


class SituationReport(CommuneRow, ScopedModel, VersionedModel):
    """A situation report (báo cáo tình hình) from the commune to the province on an open
    incident: the situation, the figures at the time, what is needed."""

    future_dates = ()
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("incident"),
    )
    sent_at = models.DateTimeField(_("sent at"))
    situation = models.TextField(_("situation"))
    people_evacuated = models.PositiveIntegerField(_("people evacuated"), default=0)
    deaths = models.PositiveIntegerField(_("dead"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    needs = models.TextField(_("support needed"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("sent by"),
    )
    read_at = models.DateTimeField(_("read by the province"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["incident", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.incident} — {self.sent_at:%d/%m/%Y %H:%M}"
