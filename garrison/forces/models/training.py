"""Militia training (DQTV 28, TT69/2020): a yearly plan per commune and kind of militia with the
days the law requires, the sessions held, and who attended each."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel

from .common import UnitKind
from .militia import MilitiaMember


class TrainingPlan(CommuneRow, ScopedModel, VersionedModel):
    """The year's training of one kind of militia in a commune. The days each member must do
    come from the law (first year of the term, later years, standing militia), not from here."""

    future_dates = ("starts_on", "ends_on")

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="training_plans",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind of militia"), max_length=16, choices=UnitKind)
    starts_on = models.DateField(_("training from"), null=True, blank=True)
    ends_on = models.DateField(_("training until"), null=True, blank=True)
    location = models.CharField(_("usual location"), max_length=160, blank=True)
    notes = models.TextField(_("content and notes"), blank=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "commune__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year", "kind"],
                name="forces_one_plan_per_kind_and_year",
                violation_error_message=_(
                    "This commune already has a training plan for this kind of militia in this "
                    "year: open it and add sessions there."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.get_kind_display()}"

    def clean(self) -> None:
        super().clean()
        for name in ("starts_on", "ends_on"):
            day = getattr(self, name)
            if day and self.year and day.year != self.year:
                raise ValidationError({name: _("Choose a date in the plan's year.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end is before the start.")})


class TrainingSession(CommuneRow, ScopedModel, VersionedModel):
    """One training session of a plan: when, how many training days it counts for, what was
    taught; attendance is recorded per member."""

    future_dates = ("held_on",)

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("commune"),
    )
    plan = models.ForeignKey(
        TrainingPlan,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("training plan"),
        db_index=False,  # a composite index or constraint starts with it
    )
    held_on = models.DateField(_("date"))
    days = models.DecimalField(
        _("training days"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("30"))],
        help_text=_("How many training days the session counts for (0.5 for half a day)."),
    )
    content = models.CharField(_("content"), max_length=300)
    location = models.CharField(_("location"), max_length=160, blank=True)
    attendees = models.ManyToManyField(
        MilitiaMember,
        through="Attendance",
        related_name="training_sessions",
        verbose_name=_("attended"),
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["plan", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} — {self.content}"

    def clean(self) -> None:
        super().clean()
        if self.plan_id and self.held_on and self.held_on.year != self.plan.year:
            raise ValidationError(
                {
                    "held_on": _("Choose a date in the plan's year (%(year)s).")
                    % {"year": self.plan.year}
                }
            )
        if self.plan_id and self.commune_id and self.plan.commune_id != self.commune_id:
            raise ValidationError({"plan": _("Choose a plan of this commune.")})


class Attendance(CommuneRow, ScopedModel):
    """A member present at a session (an absence, with its reason, is an `Absence`)."""

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("session"),
        db_index=False,  # a composite index or constraint starts with it
    )
    member = models.ForeignKey(
        MilitiaMember,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("member"),
        db_index=False,  # a composite index or constraint starts with it
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="forces_attend_once")
        ]
        indexes = [models.Index(fields=["member", "session"])]

    def __str__(self) -> str:
        return f"{self.member} @ {self.session}"


class AbsenceReason(models.TextChoices):
    SICK = "sick", _("sick")
    WORKING_AWAY = "working_away", _("working away from the commune")
    EXCUSED = "excused", _("excused (other reason)")
    UNEXCUSED = "unexcused", _("unexcused")


class Absence(CommuneRow, ScopedModel):
    """A member expected at a session who was not there, and why (a member neither present nor
    absent here was simply not recorded). Absence never counts as training done."""

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("session"),
        db_index=False,  # a composite index or constraint starts with it
    )
    member = models.ForeignKey(
        MilitiaMember,
        on_delete=models.CASCADE,
        related_name="absences",
        verbose_name=_("member"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=AbsenceReason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="forces_absent_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} ✗ {self.session} ({self.get_reason_display()})"
