"""Shared base models: no domain nouns here."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .datebounds import DateBoundsModel  # re-exported for domain apps
from .scoping import ScopedModel  # re-exported for domain apps
from .versioning import VersionedModel  # re-exported for domain apps

__all__ = [
    "CommuneRow",
    "DateBoundsModel",
    "ExportJob",
    "ImportJob",
    "Notification",
    "ScopedModel",
    "SubmissionKey",
    "VersionedModel",
    "province_field",
]


def province_field(related_name: str = "+", db_index: bool = True) -> models.ForeignKey:
    """The province copied from the commune: one indexed filter for scoping, the sharding key
    (`db_index=False` where a composite index starts with it)."""
    return models.ForeignKey(
        "territory.Province",
        on_delete=models.PROTECT,
        related_name=related_name,
        editable=False,
        db_index=db_index,
        verbose_name=_("province"),
    )


class CommuneRow(models.Model):
    """A row held by one commune; its province is copied from the commune on every save, so
    scoping filters on one indexed column. A model may declare its own `commune` or `province`
    field (another related name, an index of its own): the save keeps them in step all the same."""

    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    province = province_field()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.province_id = self.commune.province_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "province"}
        super().save(*args, **kwargs)


class ImportJob(DateBoundsModel):
    """One upload of a sheet to import: validated first (preview), then applied on request."""

    future_dates = ()  # every date of the row is a past event

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking rows")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        APPLYING = "applying", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    config_name = models.CharField(_("register"), max_length=64)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("by")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("to create"), default=0)
    updated_count = models.PositiveIntegerField(_("to update"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    #: {natural key: version} of the records as the check saw them: an apply refuses any row
    #: whose record changed since (someone edited it after the preview)
    seen_versions = models.JSONField(_("versions seen at the check"), default=dict, blank=True)
    #: where the upload came from, for the audit trail of the rows the worker saves
    remote_addr = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.config_name}: {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status in {self.Status.QUEUED, self.Status.VALIDATING} else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.VALIDATING, self.Status.APPLYING}


class ExportJob(DateBoundsModel):
    """One export of a register to a workbook, built by a worker into a file under
    GARRISON_DATA_DIR/exports (`core.exporting`): its author follows the progress and downloads
    the file; the file is deleted a day later (`purge_exports`)."""

    future_dates = ()  # every date of the row is a past event

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Writing rows")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Deleted")

    config_name = models.CharField(_("register"), max_length=64)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("by")
    )
    format = models.CharField(_("format"), max_length=8, default="xlsx")
    #: the list page's query string (filters, search, sort): the rows are read with it, in the
    #: actor's scope, when the worker runs
    query = models.TextField(_("filters"), blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows written"), default=0)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    #: the file's name under GARRISON_DATA_DIR/exports (not guessable; empty once deleted)
    stored_name = models.CharField(_("stored file"), max_length=128, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.config_name}: {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class Notification(DateBoundsModel):
    """One message in a user's inbox (the closed network has no e-mail or chat): what happened,
    and the page to open. Written by `core.notify`, read and marked read by its user only."""

    future_dates = ()  # every date of the row is a past event

    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
        db_index=False,  # a composite index starts with it
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=32, blank=True)
    text = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=255, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.text[:80]


class SubmissionKey(models.Model):
    """A create that was already made: the key a page's add form (or an API client's
    `Idempotency-Key` header) carried, and the record it made. The same form sent twice — a
    double click, a reload, a retry on a slow line — finds its key here and is answered with
    the first record instead of making a second one (`core.idempotency`)."""

    key = models.CharField(_("key"), max_length=64)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("by")
    )
    model = models.CharField(_("register"), max_length=100)
    object_pk = models.CharField(_("record"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submission key")
        verbose_name_plural = _("submission keys")
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="core_submission_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_pk}"
