"""Military commands (provincial and commune level), their staffing tables, the people who hold
their posts (with history), and the reorganisations that shaped them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import NATION, PROVINCE

from .querysets import AssignmentQuerySet, MilitaryCommandQuerySet
from .rules import Position


class MilitaryCommand(ScopedModel, VersionedModel):
    future_dates = ()  # every date of the row is a past event

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial Military Command")
        COMMUNE = "commune", _("commune Military Command")

    scope_province_path = "province_id"
    scope_commune_path = "commune_id"
    scope_commune_may_be_empty = True
    write_levels = frozenset({NATION, PROVINCE})

    level = models.CharField(_("level"), max_length=16, choices=Level)
    name = models.CharField(_("name"), max_length=200)
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="commands",
        verbose_name=_("province"),
    )
    commune = models.OneToOneField(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="command",
        verbose_name=_("commune"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("reports to"),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    address = models.CharField(_("office address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = MilitaryCommandQuerySet.as_manager()

    class Meta:
        verbose_name = _("military command")
        verbose_name_plural = _("military commands")
        ordering = ["province__code", "level", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province"],
                condition=models.Q(level="province"),
                name="one_provincial_command_per_province",
            ),
            models.CheckConstraint(
                condition=models.Q(level="province", commune__isnull=True)
                | models.Q(level="commune", commune__isnull=False),
                name="command_level_matches_commune",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffingQuota(ScopedModel, VersionedModel):
    """One line of a command's staffing table: how many holders a post should have."""

    scope_province_path = "command__province_id"
    scope_commune_path = "command__commune_id"
    scope_commune_may_be_empty = True
    write_levels = frozenset({NATION, PROVINCE})

    command = models.ForeignKey(
        MilitaryCommand,
        on_delete=models.CASCADE,
        related_name="quotas",
        verbose_name=_("command"),
    )
    position = models.CharField(_("post"), max_length=32, choices=Position)
    quota = models.PositiveSmallIntegerField(_("quota"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("staffing quota")
        verbose_name_plural = _("staffing table")
        constraints = [
            models.UniqueConstraint(fields=["command", "position"], name="one_quota_per_post")
        ]

    def __str__(self) -> str:
        return f"{self.command}: {self.get_position_display()} × {self.quota}"


class Assignment(ScopedModel, VersionedModel):
    """A person holding a post of a command from a start date to an end date (history kept:
    an assignment is ended, never deleted, when its holder leaves)."""

    future_dates = ("start_date", "end_date")

    write_levels = frozenset({NATION, PROVINCE})
    scope_commune_may_be_empty = True

    command = models.ForeignKey(
        MilitaryCommand,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("command"),
    )
    position = models.CharField(_("post"), max_length=32, choices=Position)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("holder"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    is_concurrent = models.BooleanField(
        _("held concurrently"),
        default=False,
        help_text=_("E.g. the Political Commissar post held by the commune Party Secretary."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    # copied from the command: one indexed filter for scoping, and the sharding key
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("commune"),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["command", "position", "-start_date"]
        indexes = [models.Index(fields=["command", "position", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_position_display()}, {self.command}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date: correct one of them.")}
            )

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.command.province_id
        self.commune_id = self.command.commune_id
        super().save(*args, **kwargs)


class Reorganisation(ScopedModel, VersionedModel):
    """A dated reorganisation of a province's commands, on a legal basis."""

    future_dates = ("date",)

    scope_commune_path = None
    write_levels = frozenset({NATION, PROVINCE})

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="reorganisations",
        verbose_name=_("province"),
    )
    date = models.DateField(_("date"))
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    commands = models.ManyToManyField(
        MilitaryCommand,
        related_name="reorganisations",
        verbose_name=_("commands touched"),
        blank=True,
    )

    class Meta:
        verbose_name = _("reorganisation")
        verbose_name_plural = _("reorganisations")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class PredecessorUnit(ScopedModel, VersionedModel):
    """An older administrative unit merged into a present commune, so that records from before
    the merger stay attached to the commune that succeeded it."""

    future_dates = ("merged_on",)

    scope_province_path = "commune__province_id"
    scope_commune_path = "commune_id"
    write_levels = frozenset({NATION, PROVINCE})

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.CASCADE,
        related_name="predecessors",
        verbose_name=_("successor commune"),
    )
    name = models.CharField(_("former unit"), max_length=150)
    former_code = models.CharField(_("former code"), max_length=10, blank=True)
    former_district = models.CharField(_("former district"), max_length=150, blank=True)
    reorganisation = models.ForeignKey(
        Reorganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("reorganisation"),
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        verbose_name = _("predecessor unit")
        verbose_name_plural = _("predecessor units")
        ordering = ["commune", "name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.commune}"
