"""Returns (báo cáo) of a report form: one per commune, form and period, made on the form's
version current when it was started. Draft → submitted → approved, or returned with a reason
(then corrected and submitted again). Completion (submitting) and approval are separate steps;
timeliness is judged by the first submission against the due date. Every change of state or of
values is a `SubmissionEvent`; django-auditlog keeps the row's own history besides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import COMMUNE, PROVINCE
from garrison.reporting.querysets import SubmissionQuerySet

from .forms import FormVersion, ReportForm


class Submission(ScopedModel, VersionedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("approved")

    #: states in which the return counts as made (for the reporting rate)
    MADE = (State.SUBMITTED, State.APPROVED)

    write_levels = frozenset({COMMUNE, PROVINCE})  # the commune fills; the province decides

    form = models.ForeignKey(
        ReportForm,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("form"),
        db_index=False,  # a composite index or constraint starts with it
    )
    form_version = models.ForeignKey(
        FormVersion,
        on_delete=models.PROTECT,
        related_name="submissions",
        editable=False,
        verbose_name=_("form version"),
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="report_submissions",
        verbose_name=_("commune"),
    )
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("province"),
        db_index=False,  # a composite index starts with it
    )
    period_key = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    due_on = models.DateField(_("due date"))
    state = models.CharField(
        _("state"), max_length=12, choices=State, default=State.DRAFT, editable=False
    )
    values = models.JSONField(_("values"), default=dict, blank=True, editable=False)
    #: for each computed field: {"indicator", "source", "as_of", "value", "url"}
    sources = models.JSONField(_("sources"), default=dict, blank=True, editable=False)
    #: the warning rules broken when last saved ([message, ...])
    warnings = models.JSONField(_("warnings"), default=list, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    note = models.TextField(_("commune's note"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_start", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "commune", "period_key"],
                name="reporting_one_return_per_period",
                violation_error_message=_(
                    "This commune already has a report on this form for this period."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["form", "period_key", "province", "state"]),
            models.Index(fields=["province", "state", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} {self.period_key} — {self.commune}"

    def save(self, *args, **kwargs) -> None:
        if not self.province_id:
            self.province_id = self.commune.province_id
        super().save(*args, **kwargs)

    @property
    def is_made(self) -> bool:
        return self.state in self.MADE

    @property
    def editable_by_commune(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def on_time(self) -> bool | None:
        """True/False once submitted (judged by the first submission), None before."""
        if self.first_submitted_at is None:
            return None
        return timezone.localdate(self.first_submitted_at) <= self.due_on

    @property
    def days_late(self) -> int:
        end = (
            timezone.localdate(self.first_submitted_at)
            if self.first_submitted_at
            else timezone.localdate()
        )
        return max(0, (end - self.due_on).days)


class SubmissionEvent(ScopedModel):
    """One line of a return's history: who did what, when, with the values that changed."""

    class Action(models.TextChoices):
        CREATED = "created", _("started")
        SAVED = "saved", _("saved")
        REFRESHED = "refreshed", _("computed figures refreshed")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("approved")

    scope_province_path = "submission__province_id"
    scope_commune_path = "submission__commune_id"
    write_levels = frozenset()  # written by the services only

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name=_("report")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    note = models.TextField(_("note"), blank=True)
    #: {key: [before, after]} for the values that changed
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("report history line")
        verbose_name_plural = _("report history")
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
