"""Directives down: a province's directive (chỉ thị) to all or some of its communes, one receipt
per addressed commune (acknowledged, completed with an account, reminded), and the files attached
to either.

Scoping: a directive belongs to its province; the province's staff write it; a commune sees it
only once it has a receipt for it (drafts and directives addressed to other communes stay out of
its sight) — the commune path runs through the receipts. A receipt is the commune's row: the
commune acknowledges and completes it; the province reads it and sends reminders through the
directive.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from garrison.core.models import ScopedModel, VersionedModel
from garrison.core.scoping import COMMUNE, PROVINCE

from . import rules
from .querysets import DirectiveQuerySet, ReceiptQuerySet

PROVINCE_ONLY = frozenset({PROVINCE})


class Directive(ScopedModel, VersionedModel):
    """A directive of a provincial Military Command to its communes."""

    future_dates = ("due_on",)

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")

    scope_province_path = "province_id"
    #: a commune sees the directives addressed to it (it has a receipt), nothing else
    scope_commune_path = "receipts__commune_id"
    write_levels = PROVINCE_ONLY

    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="directives",
        editable=False,
        verbose_name=_("province"),
        db_index=False,  # a composite index or constraint starts with it
    )
    number = models.CharField(
        _("number and symbol"),
        max_length=60,
        help_text=_("As printed on the document, e.g. 02/CT-BCH."),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), help_text=_("A blank line starts a new paragraph."))
    issued_on = models.DateField(_("issue date"))
    due_on = models.DateField(_("due date"))
    to_all_communes = models.BooleanField(
        _("to all communes"),
        default=True,
        help_text=_("Untick to address only the communes chosen below."),
    )
    recipients = models.ManyToManyField(
        "territory.Commune",
        blank=True,
        related_name="+",
        verbose_name=_("addressed communes"),
        help_text=_("Only when the directive is not addressed to all communes."),
    )
    issuer_parent = models.CharField(
        _("superior body"),
        max_length=120,
        blank=True,
        help_text=_("Printed above the issuing command, e.g. BỘ TƯ LỆNH QUÂN KHU 2."),
    )
    signer_title = models.CharField(_("signer's title"), max_length=120, default="CHỈ HUY TRƯỞNG")
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT, editable=False
    )
    issued_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("sent by"),
    )
    amendment = models.TextField(
        _("amendment note"),
        blank=True,
        editable=False,
        help_text=_("What was corrected or added after the directive was sent."),
    )

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "number"],
                name="reporting_directive_number",
                violation_error_message=_(
                    "Your province already has a directive with this number: give another."
                ),
            )
        ]
        indexes = [models.Index(fields=["province", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        super().clean()
        if self.issued_on and self.due_on and self.due_on < self.issued_on:
            raise ValidationError(
                {"due_on": _("The due date is before the issue date: choose a later day.")}
            )
        if self.pk:
            stored = type(self)._default_manager.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] != self.Status.DRAFT:
                raise ValidationError(
                    _(
                        "This directive has been sent and can no longer be changed; add an "
                        "amendment note instead."
                    )
                )

    def paragraphs(self) -> list[str]:
        """The text's paragraphs (a blank line or a line break starts one)."""
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n") if p.strip()]


def attachment_upload_to(instance: models.Model, filename: str) -> str:
    today = timezone.localdate()
    return f"reporting/{today:%Y/%m}/{filename}"


class Attachment(models.Model):
    """A file attached to a directive or to a completion report (the original name is kept;
    the stored name is unique)."""

    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        abstract = True
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def content_type(self) -> str:
        return rules.CONTENT_TYPES.get(rules.extension(self.name), "application/octet-stream")


class DirectiveAttachment(Attachment, ScopedModel):
    scope_province_path = "directive__province_id"
    scope_commune_path = "directive__receipts__commune_id"
    write_levels = PROVINCE_ONLY

    directive = models.ForeignKey(
        Directive,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("directive"),
    )

    class Meta(Attachment.Meta):
        verbose_name = _("directive attachment")
        verbose_name_plural = _("directive attachments")


class DirectiveReceipt(ScopedModel, VersionedModel):
    """One addressed commune's copy of a directive: when it acknowledged receipt, when it
    reported completion and how, and the reminders the province sent it."""

    future_dates = ("due_on",)

    write_levels = frozenset({COMMUNE})

    directive = models.ForeignKey(
        Directive,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("directive"),
        db_index=False,  # a composite index or constraint starts with it
    )
    commune = models.ForeignKey(
        "territory.Commune",
        on_delete=models.PROTECT,
        related_name="directive_receipts",
        verbose_name=_("commune"),
        db_index=False,  # a composite index starts with it
    )
    province = models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("province"),
    )
    due_on = models.DateField(_("due date"))
    acknowledged_at = models.DateTimeField(_("receipt acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    completed_at = models.DateTimeField(_("completion reported"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    completion_account = models.TextField(_("account of completion"), blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("directive receipt")
        verbose_name_plural = _("directive receipts")
        ordering = ["-due_on", "directive_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "commune"], name="reporting_one_receipt_per_commune"
            )
        ]
        indexes = [models.Index(fields=["commune", "completed_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.directive.number} — {self.commune}"

    def save(self, *args, **kwargs) -> None:
        # the province is copied from the commune once (a receipt never changes commune)
        if not self.province_id:
            self.province_id = self.commune.province_id
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "province"}
        super().save(*args, **kwargs)

    # --- state, for one row on a page (lists use the queryset's annotations) --------------
    @property
    def completed_on(self):
        return timezone.localdate(self.completed_at) if self.completed_at else None

    @property
    def is_overdue(self) -> bool:
        return rules.is_overdue(self.due_on, self.completed_on, timezone.localdate())

    @property
    def is_late(self) -> bool:
        return rules.is_late(self.due_on, self.completed_on)

    @property
    def days_late(self) -> int:
        return rules.days_late(self.due_on, self.completed_on, timezone.localdate())

    @property
    def state(self) -> str:
        if self.completed_at:
            return "completed_late" if self.is_late else "completed"
        if self.is_overdue:
            return "overdue"
        return "acknowledged" if self.acknowledged_at else "pending"

    def get_state_display(self) -> str:
        return str(STATE_LABELS[self.state])


STATE_LABELS = {
    "pending": _("not acknowledged"),
    "acknowledged": _("acknowledged, in progress"),
    "overdue": _("overdue"),
    "completed": _("completed on time"),
    "completed_late": _("completed late"),
}


class ReceiptAttachment(Attachment, ScopedModel):
    scope_province_path = "receipt__province_id"
    scope_commune_path = "receipt__commune_id"
    write_levels = frozenset({COMMUNE})

    receipt = models.ForeignKey(
        DirectiveReceipt,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("receipt"),
    )

    class Meta(Attachment.Meta):
        verbose_name = _("completion attachment")
        verbose_name_plural = _("completion attachments")


@receiver(post_delete, sender=DirectiveAttachment)
@receiver(post_delete, sender=ReceiptAttachment)
def _delete_stored_file(sender, instance: Attachment, **kwargs) -> None:
    """A deleted attachment (removed from a draft, or with its draft) leaves no file behind —
    once the deletion is committed."""
    if instance.file:
        stored = instance.file
        transaction.on_commit(lambda: stored.delete(save=False))
