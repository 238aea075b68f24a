"""Readiness events and the communes' plans for them.

The province (or the Ministry, for every province) declares an event — a holiday, a political
event, an election, a season of natural disasters, an exercise — with its period, readiness
level, the communes it reaches and what each must do. Declaring it writes one `EventTarget` per
commune reached (what that commune owes: a plan by a date, patrols per week, a duty strength);
a commune files one `ReadinessPlan` per event, which the province approves or returns.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field
from garrison.core.scoping import NATION, PROVINCE
from garrison.operations.common import document_upload_to

from .querysets import EventQuerySet, PlanQuerySet, TargetQuerySet


class EventKind(models.TextChoices):
    HOLIDAY = "holiday", _("holiday")
    POLITICAL = "political", _("political event")
    ELECTION = "election", _("election")
    DISASTER_SEASON = "disaster_season", _("season of natural disasters")
    EXERCISE = "exercise", _("exercise")


class ReadinessLevel(models.TextChoices):
    """The levels of combat readiness (sẵn sàng chiến đấu), from the usual to the highest."""

    REGULAR = "regular", _("regular readiness")
    HEIGHTENED = "heightened", _("heightened readiness")
    HIGH = "high", _("high readiness")
    FULL = "full", _("full readiness")


class EventReach(models.TextChoices):
    """Which communes an event reaches."""

    ALL = "all", _("all communes")
    CHOSEN = "chosen", _("the communes chosen")
    BORDER = "border", _("border communes")
    REMOTE = "remote", _("remote communes")
    ISLAND = "island", _("island communes")
    KEY_DEFENCE = "key_defence", _("key defence-security communes")


#: the Commune flag each flag-based reach selects on
REACH_FLAGS = {
    EventReach.BORDER: "is_border",
    EventReach.REMOTE: "is_remote",
    EventReach.ISLAND: "is_island",
    EventReach.KEY_DEFENCE: "is_key_defence",
}


class ReadinessEvent(ScopedModel, VersionedModel):
    """An event the communes must be ready for, declared by a province for its communes or by
    the Ministry (no province) for the communes of every province."""

    future_dates = ("starts_on", "ends_on", "plan_due_on")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        DECLARED = "declared", _("declared")
        CLOSED = "closed", _("closed")

    #: the province reads its own and the Ministry's events; a commune, those that reach it
    scope_province_path = "province_id"
    scope_commune_path = "targets__commune_id"
    scope_province_may_be_empty = True
    write_levels = frozenset({NATION, PROVINCE})

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="readiness_events",
        editable=False,
        verbose_name=_("province"),
        help_text=_("Empty for an event the Ministry declares for every province."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    level = models.CharField(
        _("readiness level"),
        max_length=16,
        choices=ReadinessLevel,
        default=ReadinessLevel.HEIGHTENED,
    )
    reach = models.CharField(
        _("communes concerned"), max_length=16, choices=EventReach, default=EventReach.ALL
    )
    chosen_communes = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="+",
        verbose_name=_("chosen communes"),
        help_text=_("Only when the event reaches the communes chosen."),
    )
    plan_due_on = models.DateField(_("plan due by"))
    patrols_per_week = models.PositiveSmallIntegerField(
        _("patrols per week"), default=0, validators=[MaxValueValidator(50)]
    )
    duty_strength = models.PositiveSmallIntegerField(
        _("duty strength"),
        default=0,
        validators=[MaxValueValidator(500)],
        help_text=_("How many people must be on readiness duty in each shift."),
    )
    instructions = models.TextField(_("what each commune must do"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous similar event"),
        help_text=_("A commune may start its plan from its plan for this event."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, editable=False
    )
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True, editable=False)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("declared by"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("readiness event")
        verbose_name_plural = _("readiness events")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["province", "status", "starts_on"]),
            models.Index(fields=["status", "ends_on"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_national(self) -> bool:
        return self.province_id is None

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The end is before the start: choose a later day.")}
            )
        if self.plan_due_on and self.ends_on and self.plan_due_on > self.ends_on:
            raise ValidationError(
                {
                    "plan_due_on": _(
                        "Plans are due after the event has ended: choose an earlier day."
                    )
                }
            )


class EventTarget(CommuneRow, ScopedModel):
    """What one commune reached by a declared event owes for it (copied from the event when it
    is declared): the row the province's "who has no plan" and "patrols against target" count."""

    future_dates = ("plan_due_on",)
    write_levels = frozenset({NATION, PROVINCE})

    event = models.ForeignKey(
        ReadinessEvent,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("readiness event"),
        db_index=False,  # a composite index or constraint starts with it
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="readiness_targets",
        verbose_name=_("commune"),
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    plan_due_on = models.DateField(_("plan due by"))
    patrols_per_week = models.PositiveSmallIntegerField(_("patrols per week"), default=0)
    duty_strength = models.PositiveSmallIntegerField(_("duty strength"), default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune concerned")
        verbose_name_plural = _("communes concerned")
        constraints = [
            models.UniqueConstraint(fields=["event", "commune"], name="operations_target_once")
        ]
        indexes = [models.Index(fields=["province", "event"])]

    def __str__(self) -> str:
        return f"{self.event} — {self.commune}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


class ReadinessPlan(CommuneRow, ScopedModel, VersionedModel):
    """A commune's plan for an event: the forces on standby, the places to guard, the contacts
    and the signed document. Draft → submitted → approved, or returned with a reason (and then
    submitted again)."""

    future_dates = ()  # every date of the row is a past event

    event = models.ForeignKey(
        ReadinessEvent,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("readiness event"),
        db_index=False,  # a composite index or constraint starts with it
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="readiness_plans",
        verbose_name=_("commune"),
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus, default=PlanStatus.DRAFT, editable=False
    )
    standby_units = models.ManyToManyField(
        "forces.MilitiaUnit", blank=True, related_name="+", verbose_name=_("units on standby")
    )
    standby_members = models.ManyToManyField(
        "forces.MilitiaMember",
        blank=True,
        related_name="+",
        verbose_name=_("militia members on standby"),
    )
    standby_staff = models.ManyToManyField(
        "commands.Assignment",
        blank=True,
        related_name="+",
        verbose_name=_("command staff on standby"),
    )
    key_places = models.TextField(_("key places to guard"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    content = models.TextField(_("content of the plan"), blank=True)
    document = models.FileField(
        _("signed document"), upload_to=document_upload_to, max_length=255, blank=True
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("started from"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("readiness plan")
        verbose_name_plural = _("readiness plans")
        ordering = ["-event__starts_on", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "commune"],
                name="operations_one_plan_per_event",
                violation_error_message=_(
                    "This commune already has a plan for this event: open it and edit it."
                ),
            )
        ]
        indexes = [models.Index(fields=["province", "event", "status"])]

    def __str__(self) -> str:
        return f"{self.event} — {self.commune}"
