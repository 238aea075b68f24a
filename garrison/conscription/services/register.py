"""Registration: who must register, first registration, supplementary registration, and the
hand-over of a record between communes (NVQS 15–17)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.conscription import permissions, rules
from garrison.conscription.models import (
    RecordEvent,
    RecordTransfer,
    ServiceRecord,
)
from garrison.core.services import require_editable
from garrison.people.models import Person
from garrison.people.rules import MALE
from garrison.territory.models import Commune

from .assessment import refresh_record_candidacies
from .guards import record_event


# --- registration ------------------------------------------------------------------------------
def registration_due(commune_qs: Any, year: int) -> Any:
    """People of the communes who must make their first registration in `year` and have not:
    men turning 17 in the year (NVQS 12.1, 16 as amended) and men of call-up age never
    registered (NVQS 16.1). One query; the caller pages it."""
    earliest, _latest = rules.call_up_birth_window(datetime.date(year, 12, 31), extended=False)
    return (
        Person.objects.filter(residence_commune__in=commune_qs, sex=MALE)
        .filter(date_of_birth__year__lte=year - 17, date_of_birth__gte=earliest)
        .filter(service_record__isnull=True)
        .order_by("-date_of_birth", "name_sort_key")
    )


def do_register_people(
    *, actor: Any, people: Iterable[Person], registered_on: datetime.date
) -> list[ServiceRecord]:
    """First registration of each person at the commune where they reside (NVQS 15.1)."""
    created = []
    with transaction.atomic():
        for person in people:
            if ServiceRecord.objects.filter(person=person).exists():
                raise ValidationError(
                    _("%(name)s is already registered.") % {"name": person.full_name}
                )
            refusal = rules.registration_refusal(
                sex="M" if person.sex == MALE else "F",
                dob=person.date_of_birth,
                on=registered_on,
            )
            if refusal:
                raise ValidationError(f"{person.full_name}: {refusal}")
            record = ServiceRecord(
                person=person,
                commune=person.residence_commune,
                registered_on=registered_on,
                education_grade=None,
            )
            # the date itself (not in the future, not absurdly old): core.datebounds
            record.clean_fields(
                exclude=[f.name for f in ServiceRecord._meta.fields if f.name != "registered_on"]
            )
            record.save()
            require_editable(actor, record)
            record_event(record, RecordEvent.Kind.REGISTERED, actor, on=registered_on)
            created.append(record)
    return created


def record_saved(*, actor: Any, record: ServiceRecord, created: bool) -> None:
    """After the register page saved a record: its history line (first or supplementary
    registration, NVQS 16–17) and the outcome of its open campaigns, which follow the facts."""
    kind = RecordEvent.Kind.REGISTERED if created else RecordEvent.Kind.UPDATED
    record_event(record, kind, actor, on=record.registered_on if created else None)
    if not created:
        refresh_record_candidacies(record)


def do_hand_over_record(
    *,
    actor: Any,
    record: ServiceRecord,
    to_commune: Commune,
    reason: str,
    on: datetime.date | None = None,
) -> RecordTransfer:
    """The commune a citizen leaves hands his record to the commune he moves to (NVQS 17.2).
    The record stays where it is, frozen, until the new commune receives it."""
    require_editable(actor, record)
    if to_commune.pk == record.commune_id:
        raise ValidationError(_("The record is already held by %(c)s.") % {"c": to_commune})
    if record.status != ServiceRecord.Status.REGISTERED:
        raise ValidationError(
            _("Only a registered record can be handed over; this one is %(s)s.")
            % {"s": record.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError(_("Say why the record is handed over (e.g. moved residence)."))
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != ServiceRecord.Status.REGISTERED:
            raise ValidationError(_("The record is already being handed over."))
        transfer = RecordTransfer.objects.create(
            record=record,
            from_commune=record.commune,
            to_commune=to_commune,
            reason=reason.strip(),
            handed_over_on=on,
            handed_over_by=actor,
        )
        # through the locked row (as it stands), then the caller's instance follows it
        locked.status = ServiceRecord.Status.IN_TRANSFER
        locked.save(update_fields=["status", "updated_at"])
        record.refresh_from_db(fields=["status", "version", "updated_at"])
        record_event(
            record, RecordEvent.Kind.HANDED_OVER, actor, on=on, note=f"→ {to_commune}: {reason}"
        )
    return transfer


def _require_side(
    actor: Any, transfer: RecordTransfer, may: Callable[[Any, RecordTransfer], bool], message: str
) -> None:
    """A hand-over is shared by two communes; each acts on its own side only (`may`, from
    conscription.permissions), on the row as saved and in the actor's scope."""
    row = RecordTransfer.objects.editable_by(actor).filter(pk=transfer.pk).first()
    if row is None or not may(actor, row):
        raise PermissionDenied(message)


def do_receive_record(
    *, actor: Any, transfer: RecordTransfer, on: datetime.date | None = None
) -> ServiceRecord:
    """The new commune receives the record: it (and the person's residence) move there; the
    history stays with the record, so nothing is lost and nothing is duplicated."""
    _require_side(
        actor,
        transfer,
        permissions.can_receive_record,
        _("Only the receiving commune can receive it."),
    )
    on = on or timezone.localdate()
    with transaction.atomic():
        transfer = RecordTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != RecordTransfer.Status.PENDING:
            raise ValidationError(
                _("This hand-over is already %(s)s.") % {"s": transfer.get_status_display()}
            )
        if on < transfer.handed_over_on:
            raise ValidationError(_("The record cannot be received before it was handed over."))
        record = ServiceRecord.objects.select_related("person").get(pk=transfer.record_id)
        person = record.person
        person.residence_commune = transfer.to_commune
        person.save(update_fields=["residence_commune", "updated_at"])
        record.commune = transfer.to_commune
        record.status = ServiceRecord.Status.REGISTERED
        record.save(update_fields=["commune", "status", "updated_at"])
        transfer.status = RecordTransfer.Status.RECEIVED
        transfer.received_on = on
        transfer.received_by = actor
        transfer.save(update_fields=["status", "received_on", "received_by", "updated_at"])
        record_event(
            record, RecordEvent.Kind.RECEIVED, actor, on=on, note=f"← {transfer.from_commune}"
        )
    return record


def do_cancel_hand_over(*, actor: Any, transfer: RecordTransfer) -> None:
    """The sending commune withdraws a hand-over not yet received."""
    _require_side(
        actor,
        transfer,
        permissions.can_cancel_hand_over,
        _("Only the sending commune can cancel it."),
    )
    with transaction.atomic():
        transfer = RecordTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != RecordTransfer.Status.PENDING:
            raise ValidationError(_("Only a hand-over awaiting receipt can be cancelled."))
        transfer.status = RecordTransfer.Status.CANCELLED
        transfer.save(update_fields=["status", "updated_at"])
        record = transfer.record
        record.status = ServiceRecord.Status.REGISTERED
        record.save(update_fields=["status", "updated_at"])
        record_event(record, RecordEvent.Kind.HAND_OVER_CANCELLED, actor)
