"""Every state change of directives, one function each: create a draft, attach files, send
(issue), amend, acknowledge receipt, report completion, remind the laggards. Each checks that the
actor may change the row, validates, and writes in one transaction; django-auditlog records the
rows saved."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.commands.rules import provincial_command_name
from garrison.core.notify import notify_communes, notify_provinces
from garrison.core.services import do_create_object, require_editable
from garrison.reporting.permissions import can_answer, can_issue
from garrison.territory.models import Commune

from . import rules
from .models import (
    Directive,
    DirectiveAttachment,
    DirectiveReceipt,
    ReceiptAttachment,
)

__all__ = [
    "addressed_communes",
    "attachment_errors",
    "check_attachments",
    "completion_text",
    "directive_pdf_context",
    "do_acknowledge_receipt",
    "do_add_directive_attachments",
    "do_amend_directive",
    "do_complete_receipt",
    "do_create_directive",
    "do_issue_directive",
    "do_remind_laggards",
    "do_remove_directive_attachments",
    "issued_text",
    "reminder_text",
]


# --- attachments -----------------------------------------------------------------------------
def attachment_errors(files: Iterable[UploadedFile]) -> list[str]:
    """What is wrong with each file (type, content, size), in the user's language."""
    files = list(files)
    errors = []
    if len(files) > rules.MAX_ATTACHMENTS:
        errors.append(
            _("Attach at most %(n)d files at once.") % {"n": rules.MAX_ATTACHMENTS},
        )
    limit_mb = rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)
    for upload in files:
        head = upload.read(16)
        upload.seek(0)
        problem = rules.attachment_problem(upload.name or "", upload.size or 0, head)
        name = upload.name
        if problem == "type":
            errors.append(
                _(
                    "%(name)s cannot be attached: only PDF, Word (.docx), Excel (.xlsx), JPEG "
                    "and PNG files are accepted."
                )
                % {"name": name}
            )
        elif problem == "content":
            errors.append(
                _(
                    "%(name)s is not really a %(ext)s file (its content does not match its "
                    "name): save it again in that format and attach it."
                )
                % {"name": name, "ext": rules.extension(name).upper()}
            )
        elif problem == "size":
            errors.append(
                _("%(name)s is larger than %(mb)d MB: compress or split it.")
                % {"name": name, "mb": limit_mb}
            )
        elif problem == "empty":
            errors.append(_("%(name)s is empty.") % {"name": name})
    return errors


def check_attachments(files: Iterable[UploadedFile], field: str = "attachments") -> None:
    errors = attachment_errors(files)
    if errors:
        raise ValidationError({field: errors})


def _store(model, owner_field: str, owner: Any, files: list[UploadedFile], actor: Any) -> int:
    for upload in files:
        row = model(
            **{owner_field: owner},
            name=(upload.name or "file")[:255],
            size=upload.size or 0,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        row.file.save(upload.name or "file", upload, save=False)
        row.save()
    return len(files)


# --- what the inboxes say (the services, and the demo's history, write the same words) -----------
def issued_text(directive: Directive) -> str:
    return _("New directive %(number)s: %(title)s — due %(day)s.") % {
        "number": directive.number,
        "title": directive.title,
        "day": directive.due_on.strftime("%d/%m/%Y"),
    }


def reminder_text(directive: Directive) -> str:
    return _("Reminder from the province: directive %(number)s was due %(day)s.") % {
        "number": directive.number,
        "day": directive.due_on.strftime("%d/%m/%Y"),
    }


def completion_text(receipt: DirectiveReceipt) -> str:
    return _("%(commune)s reported completion of directive %(number)s.") % {
        "commune": receipt.commune.name,
        "number": receipt.directive.number,
    }


# --- directives (province) -----------------------------------------------------------------------
def _check_recipients(directive: Directive, recipients: list[Commune]) -> None:
    if directive.to_all_communes:
        return
    if not recipients:
        raise ValidationError(
            {
                "recipients": _(
                    "Choose the communes the directive is addressed to, or tick “to all communes”."
                )
            }
        )
    strangers = [c.name for c in recipients if c.province_id != directive.province_id]
    if strangers:
        raise ValidationError(
            {
                "recipients": _("%(names)s are not communes of your province.")
                % {"names": ", ".join(strangers)}
            }
        )


def do_create_directive(
    *,
    actor: Any,
    directive: Directive,
    recipients: Iterable[Commune] = (),
    attachments: Iterable[UploadedFile] = (),
) -> Directive:
    """Save a new draft (its province is the actor's), with its addressed communes and files."""
    _require_issuer(actor, directive)
    recipients = list(recipients)
    attachments = list(attachments)
    directive.status = Directive.Status.DRAFT
    _check_recipients(directive, recipients)
    check_attachments(attachments)
    with transaction.atomic():
        do_create_object(actor=actor, instance=directive)
        if not directive.to_all_communes:
            directive.recipients.set(recipients)
        _store(DirectiveAttachment, "directive", directive, attachments, actor)
    return directive


def _require_issuer(actor: Any, directive: Directive | None = None) -> None:
    if not can_issue(actor, directive if directive is not None and directive.pk else None):
        raise PermissionDenied(_("Only a province's staff write directives."))


def _require_answerer(actor: Any, receipt: DirectiveReceipt) -> None:
    if not can_answer(actor, receipt):
        raise PermissionDenied(_("You may not change this record."))


def _require_draft(directive: Directive) -> None:
    if not directive.is_draft:
        raise ValidationError(
            _("This directive has been sent and can no longer be changed; add an amendment note.")
        )


def do_add_directive_attachments(
    *, actor: Any, directive: Directive, attachments: Iterable[UploadedFile]
) -> int:
    require_editable(actor, directive)
    _require_draft(directive)
    attachments = list(attachments)
    if not attachments:
        raise ValidationError({"attachments": _("Choose at least one file.")})
    check_attachments(attachments)
    with transaction.atomic():
        return _store(DirectiveAttachment, "directive", directive, attachments, actor)


def do_remove_directive_attachments(
    *, actor: Any, directive: Directive, attachments: Iterable[DirectiveAttachment]
) -> int:
    require_editable(actor, directive)
    _require_draft(directive)
    rows = [a for a in attachments if a.directive_id == directive.pk]
    with transaction.atomic():
        for row in rows:
            row.delete()  # the stored file goes once committed (models._delete_stored_file)
    return len(rows)


def addressed_communes(directive: Directive):
    """The communes a directive goes to: all of its province's, or the chosen ones."""
    if directive.to_all_communes:
        return Commune.objects.filter(province_id=directive.province_id)
    return directive.recipients.filter(province_id=directive.province_id)


def do_issue_directive(*, actor: Any, directive: Directive) -> int:
    """Send a draft: one receipt per addressed commune (one INSERT), each with the due date;
    the communes see it at once. Returns how many communes it went to."""
    require_editable(actor, directive)
    _require_issuer(actor, directive)
    today = timezone.localdate()
    with transaction.atomic():
        directive = Directive.objects.select_for_update().get(pk=directive.pk)
        _require_draft(directive)
        if directive.due_on < directive.issued_on:
            raise ValidationError(
                {"due_on": _("The due date is before the issue date: choose a later day.")}
            )
        if directive.due_on < today:
            raise ValidationError(
                {
                    "due_on": _(
                        "The due date %(day)s has already passed: edit the draft and give a "
                        "later one."
                    )
                    % {"day": directive.due_on.strftime("%d/%m/%Y")}
                }
            )
        communes = list(addressed_communes(directive).values_list("pk", flat=True))
        if not communes:
            raise ValidationError(
                {
                    "recipients": _(
                        "The directive is addressed to no commune: edit the draft and choose "
                        "its communes."
                    )
                }
            )
        DirectiveReceipt.objects.bulk_create(
            [
                DirectiveReceipt(
                    directive=directive,
                    commune_id=pk,
                    province_id=directive.province_id,
                    due_on=directive.due_on,
                )
                for pk in communes
            ],
            batch_size=500,
        )
        directive.status = Directive.Status.ISSUED
        directive.issued_at = timezone.now()
        directive.issued_by = actor if getattr(actor, "pk", None) else None
        directive.save(update_fields=["status", "issued_at", "issued_by", "updated_at"])
        notify_communes(
            communes,
            "directive",
            lambda: issued_text(directive),
            reverse("reporting:directive_detail", kwargs={"pk": directive.pk}),
        )
    return len(communes)


def do_amend_directive(*, actor: Any, directive: Directive, note: str) -> Directive:
    """Add an amendment note to a sent directive (its text stays as sent)."""
    require_editable(actor, directive)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what is corrected or added.")})
    if directive.is_draft:
        raise ValidationError(_("A draft is edited directly; amendment notes are for sent ones."))
    with transaction.atomic():
        directive = Directive.objects.select_for_update().get(pk=directive.pk)
        line = f"{timezone.localdate():%d/%m/%Y}: {note}"
        directive.amendment = f"{directive.amendment}\n{line}".strip()
        directive.save(update_fields=["amendment", "updated_at"])
    return directive


def do_remind_laggards(*, actor: Any, directive: Directive) -> int:
    """Remind every addressed commune that has not completed (acknowledged or not) and was not
    reminded today: recorded on each receipt (count and time); the commune's to-do list shows
    it. Returns how many."""
    require_editable(actor, directive)
    if directive.is_draft:
        raise ValidationError(_("A draft has not been sent: there is nobody to remind."))
    now = timezone.now()
    with transaction.atomic():
        laggards = list(
            DirectiveReceipt.objects.select_for_update()
            .filter(directive=directive)
            .laggards()
            .order_by("pk")
        )
        if not laggards:
            raise ValidationError(
                _("Every addressed commune has reported completion: there is nobody to remind.")
            )
        # one reminder a day per commune: pressing "remind" twice (or two staff at once) does
        # not count two reminders on every receipt
        today = timezone.localdate(now)
        laggards = [
            r
            for r in laggards
            if r.last_reminded_at is None or timezone.localdate(r.last_reminded_at) != today
        ]
        if not laggards:
            raise ValidationError(
                _(
                    "Every commune that has not completed was already reminded today. "
                    "You can remind them again tomorrow."
                ),
                code="reminded_today",
            )
        for receipt in laggards:  # at most a province's communes; saved one by one: audited
            receipt.reminders_sent += 1
            receipt.last_reminded_at = now
            receipt.save(update_fields=["reminders_sent", "last_reminded_at"])
        notify_communes(
            [r.commune_id for r in laggards],
            "reminder",
            lambda: reminder_text(directive),
            reverse("reporting:directive_detail", kwargs={"pk": directive.pk}),
        )
    return len(laggards)


# --- receipts (commune) --------------------------------------------------------------------------
def do_acknowledge_receipt(*, actor: Any, receipt: DirectiveReceipt) -> DirectiveReceipt:
    require_editable(actor, receipt)
    _require_answerer(actor, receipt)
    with transaction.atomic():
        receipt = DirectiveReceipt.objects.select_for_update().get(pk=receipt.pk)
        if receipt.acknowledged_at:
            raise ValidationError(
                _("Receipt was already acknowledged on %(day)s.")
                % {"day": timezone.localtime(receipt.acknowledged_at).strftime("%d/%m/%Y %H:%M")}
            )
        receipt.acknowledged_at = timezone.now()
        receipt.acknowledged_by = actor if getattr(actor, "pk", None) else None
        receipt.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
    return receipt


def do_complete_receipt(
    *,
    actor: Any,
    receipt: DirectiveReceipt,
    account: str,
    attachments: Iterable[UploadedFile] = (),
) -> DirectiveReceipt:
    """Report completion with a short account (and files). A receipt not yet acknowledged is
    acknowledged at the same moment."""
    require_editable(actor, receipt)
    _require_answerer(actor, receipt)
    account = (account or "").strip()
    if not account:
        raise ValidationError({"account": _("Write a short account of what was done.")})
    attachments = list(attachments)
    check_attachments(attachments)
    now = timezone.now()
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        receipt = DirectiveReceipt.objects.select_for_update().get(pk=receipt.pk)
        if receipt.completed_at:
            raise ValidationError(
                _("Completion was already reported on %(day)s.")
                % {"day": timezone.localtime(receipt.completed_at).strftime("%d/%m/%Y %H:%M")}
            )
        fields = ["completed_at", "completed_by", "completion_account", "updated_at"]
        if not receipt.acknowledged_at:
            receipt.acknowledged_at, receipt.acknowledged_by = now, user
            fields += ["acknowledged_at", "acknowledged_by"]
        receipt.completed_at, receipt.completed_by = now, user
        receipt.completion_account = account
        receipt.save(update_fields=fields)
        _store(ReceiptAttachment, "receipt", receipt, attachments, actor)
        notify_provinces(
            [receipt.province_id],
            "completion",
            lambda: completion_text(receipt),
            reverse("reporting:receipt_detail", kwargs={"pk": receipt.pk}),
        )
    return receipt


# --- the printed directive ----------------------------------------------------------------------
def directive_pdf_context(directive: Directive) -> dict[str, Any]:
    """The context of reporting/directive_pdf.html (Decree 30/2020/NĐ-CP layout)."""
    province = directive.province
    if directive.to_all_communes:
        recipients = ["Ban CHQS các xã, phường, đặc khu"]
    else:
        names = directive.recipients.order_by("name").values_list("name", flat=True)
        recipients = [f"Ban CHQS {n[0].lower()}{n[1:]}" for n in names]
    return {
        "directive": directive,
        "issuer_parent": directive.issuer_parent,
        "issuer": provincial_command_name(province.name, province.code),
        "number": directive.number,
        "place": province.short_name,
        "issued_on": directive.issued_on,
        "summary": directive.title,
        "paragraphs": directive.paragraphs(),
        "recipients": [*recipients, "Lưu: VT"],
        "signer_title": directive.signer_title,
        "signer_name": directive.signer_name,
    }
