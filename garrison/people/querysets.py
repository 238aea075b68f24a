"""Read paths over the people register that other apps use (a documented interface)."""

from __future__ import annotations

from typing import Any

from .models import Person


def with_residence_commune(user: Any, payload: dict[str, Any]) -> tuple[Person | None, dict]:
    """For an API body naming a citizen by `citizen_id`: the person `user` may change, and the
    body with `commune_id` set to the commune they reside in (a register row belongs there:
    NVQS 15.1 for a registration, the reserve register alike). Unknown: (None, the body)."""
    person = Person.objects.editable_by(user).filter(citizen_id=payload.get("citizen_id")).first()
    if person is None:
        return None, payload
    return person, {**payload, "commune_id": person.residence_commune_id}
