"""Guards shared by every service: the actor's writable scope, conflicts of interest, and
the history line."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.conscription.models import (
    DeclaredRelationship,
    RecordEvent,
    ServiceRecord,
)
from garrison.people.models import Person
from garrison.territory.models import Commune

HEALTH_CLASSES_CALLABLE = (1, 2, 3)  # TT105 4.1.a; TT148 4.3.a


# --- guards (the scope check itself is core.services.require_editable) ---------------------------
def check_no_conflict(actor: Any, person: Person) -> None:
    """A member of the command may not decide about a declared relative (either direction)."""
    own = getattr(actor, "person_id", None)
    if own is None:
        return
    if own == person.pk:
        raise ValidationError(_("You cannot take a decision about yourself."))
    tie = DeclaredRelationship.objects.filter(
        Q(person=person, relative_id=own) | Q(person_id=own, relative=person)
    ).first()
    if tie is not None:
        raise ValidationError(
            _(
                "%(person)s is your declared relative (%(kind)s): another member of the command "
                "must take this decision."
            )
            % {"person": person.full_name, "kind": tie.get_kind_display()}
        )


def record_event(
    record: ServiceRecord,
    kind: str,
    actor: Any,
    on: datetime.date | None = None,
    note: str = "",
    commune: Commune | None = None,
) -> RecordEvent:
    """Write one line of the record's history (who, what, on which day, in which commune; the
    record's own commune unless named), for every service of this package."""
    return RecordEvent.objects.create(
        record=record,
        commune=commune or record.commune,
        kind=kind,
        on=on or timezone.localdate(),
        note=note[:255],
        actor=actor if getattr(actor, "pk", None) else None,
    )
