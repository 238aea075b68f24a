"""Patrols with the commune police and the coordination between the commune Military Command
and the commune police (Decree 03/2019/NĐ-CP): the police as an organisation with its named
officers (who have no accounts), the joint coordination plans and meetings, and the patrols
planned and done."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import COMMUNE
from garrison.operations.common import document_upload_to

from .querysets import PatrolQuerySet

#: the commune's own work with its police: its staff keep these registers; the province and the
#: Ministry read them (and the patrols against target) — see patrols/permissions.py
COMMUNE_WRITES = frozenset({COMMUNE})


class PoliceUnit(CommuneRow, ScopedModel, VersionedModel):
    """The commune police (Công an xã): one per commune."""

    future_dates = ()
    write_levels = COMMUNE_WRITES

    commune = models.OneToOneField(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="police_unit",
        verbose_name=_("commune"),
    )
    province = province_field()
    name = models.CharField(_("name"), max_length=160)
    head_name = models.CharField(_("head of the commune police"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("commune police")
        verbose_name_plural = _("commune police")
        ordering = ["commune__name"]

    def __str__(self) -> str:
        return self.name


class PoliceOfficer(CommuneRow, ScopedModel, VersionedModel):
    """A named officer of the commune police who may take part in joint patrols."""

    future_dates = ()
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    police_unit = models.ForeignKey(
        PoliceUnit,
        on_delete=models.PROTECT,
        related_name="officers",
        verbose_name=_("commune police"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("serving"), default=True)

    class Meta:
        verbose_name = _("police officer")
        verbose_name_plural = _("police officers")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.rank} {self.full_name}".strip()

    def clean(self) -> None:
        super().clean()
        if (
            self.police_unit_id
            and self.commune_id
            and self.police_unit.commune_id != self.commune_id
        ):
            raise ValidationError({"police_unit": _("Choose the police of this commune.")})


class CoordinationPlan(CommuneRow, ScopedModel, VersionedModel):
    """A joint coordination plan (kế hoạch phối hợp) of the commune Military Command and the
    commune police, under Decree 03/2019/NĐ-CP."""

    future_dates = ("valid_until",)
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    content = models.TextField(_("content"), blank=True)
    document = models.FileField(
        _("signed document"), upload_to=document_upload_to, max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("coordination plan")
        verbose_name_plural = _("coordination plans")
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.title


class CoordinationMeeting(CommuneRow, ScopedModel, VersionedModel):
    """A meeting of the commune Military Command and the commune police (a periodic review of
    the coordination, or one called for an event)."""

    future_dates = ()
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    plan = models.ForeignKey(
        CoordinationPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("coordination plan"),
    )
    event = models.ForeignKey(
        "operations.ReadinessEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("readiness event"),
    )
    held_on = models.DateField(_("held on"))
    attendees = models.TextField(_("attendees"), blank=True)
    conclusions = models.TextField(_("conclusions"))

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y}"


class PatrolStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Patrol(CommuneRow, ScopedModel, VersionedModel):
    """A patrol of the commune's militia, jointly with the commune police or not: planned, then
    done (with what was found and the follow-up) or cancelled."""

    future_dates = ("day",)  # a planned patrol lies ahead; `rules` refuses a future one done
    write_levels = COMMUNE_WRITES

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="patrols",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    event = models.ForeignKey(
        "operations.ReadinessEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patrols",
        verbose_name=_("readiness event"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PatrolStatus, default=PatrolStatus.PLANNED
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    villages = models.CharField(
        _("villages"), max_length=300, help_text=_("The villages the patrol covers.")
    )
    route = models.TextField(_("area or route"), blank=True)
    members = models.ManyToManyField(
        "forces.MilitiaMember", blank=True, related_name="+", verbose_name=_("militia members")
    )
    officers = models.ManyToManyField(
        PoliceOfficer, blank=True, related_name="patrols", verbose_name=_("police officers")
    )
    findings = models.TextField(_("what was found"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)

    objects = PatrolQuerySet.as_manager()

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-day", "-starts_at"]
        indexes = [
            models.Index(fields=["commune", "day"]),
            models.Index(fields=["province", "event", "status", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.starts_at:%H:%M}–{self.ends_at:%H:%M} — {self.villages}"

    @property
    def is_joint(self) -> bool:
        return self.officers.exists()
