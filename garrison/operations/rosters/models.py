"""Readiness duty rosters (trực sẵn sàng chiến đấu): per day and shift, the command duty officer
and the militia on standby. A person is booked at most once per shift; `operations.rosters.rules`
says which bookings are refused (an ended militia term) and which shifts are flagged (empty,
under the event's duty strength)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from garrison.core.models import CommuneRow, ScopedModel, VersionedModel, province_field


class Shift(models.TextChoices):
    """The shifts of a duty day; their hours are in `operations.rosters.rules.SHIFT_HOURS`."""

    DAY = "day", _("day shift (07:00–19:00)")
    NIGHT = "night", _("night shift (19:00–07:00)")


class DutyRole(models.TextChoices):
    COMMAND_DUTY_OFFICER = "duty_officer", _("command duty officer")
    MILITIA_STANDBY = "militia_standby", _("militia on standby")


class DutyShift(CommuneRow, ScopedModel, VersionedModel):
    """One shift of readiness duty of a commune on one day (during an event, or not)."""

    future_dates = ("day",)

    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="duty_shifts",
        verbose_name=_("commune"),
        db_index=False,  # a composite index or constraint starts with it
    )
    province = province_field(db_index=False)  # a (province, …) index starts with it
    event = models.ForeignKey(
        "operations.ReadinessEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duty_shifts",
        verbose_name=_("readiness event"),
    )
    day = models.DateField(_("day"))
    shift = models.CharField(_("shift"), max_length=8, choices=Shift)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["day", "shift"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "day", "shift"],
                name="operations_one_shift",
                violation_error_message=_(
                    "This commune already has this shift on this day: open it and add people."
                ),
            )
        ]
        indexes = [models.Index(fields=["province", "day"])]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.get_shift_display()}"


class DutyAssignment(CommuneRow, ScopedModel):
    """A person booked on a shift, in a role: the command's staff as duty officer (their posting
    in `commands.Assignment`), a militia member on standby (their term in `forces`)."""

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    shift = models.ForeignKey(
        DutyShift,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("duty shift"),
        db_index=False,  # a composite index or constraint starts with it
    )
    role = models.CharField(_("role"), max_length=20, choices=DutyRole)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    member = models.ForeignKey(
        "forces.MilitiaMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("militia term"),
    )
    staff_post = models.ForeignKey(
        "commands.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("command post"),
    )

    class Meta:
        verbose_name = _("duty booking")
        verbose_name_plural = _("duty bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"],
                name="operations_booked_once_per_shift",
                violation_error_message=_(
                    "This person is already on duty in this shift: choose someone else."
                ),
            )
        ]
        indexes = [models.Index(fields=["person", "shift"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.shift}"

    def clean(self) -> None:
        super().clean()
        if self.role == DutyRole.MILITIA_STANDBY and not self.member_id:
            raise ValidationError({"member": _("Choose the militia member on standby.")})
