"""One form, one record: creates that are safe to send twice (issue 15, finding 3).

A page's add form carries a fresh random key (`KEY_FIELD`); an API client may send one in the
`Idempotency-Key` header. `create_once` makes the record and remembers the key in the same
transaction; the same key sent again — a double click, a reload after a timeout, a retry on a
slow line — is answered with the first record instead of a second one. Two copies racing each
other meet on the key's unique constraint: the loser's transaction (its record included) is
rolled back and it is answered with the winner's record.

A key belongs to its user (another user's key is another key) and is kept for `KEEP`; a create
without a key behaves as before.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import SubmissionKey

__all__ = ["HEADER", "KEY_FIELD", "clean_key", "create_once", "new_key", "perform_once"]

#: the hidden field of a page's add form
KEY_FIELD = "_submission"
#: the HTTP header an API client may send on a create
HEADER = "Idempotency-Key"
#: how long a key answers for its record
KEEP = datetime.timedelta(days=2)

_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")


def new_key() -> str:
    return uuid.uuid4().hex


def clean_key(raw: Any) -> str | None:
    """The key as sent, or None when there is none or it is not a plausible key (then the
    create is simply not protected: no request is refused for a bad key)."""
    if isinstance(raw, str) and _KEY.match(raw):
        return raw
    return None


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def earlier(actor: Any, key: str | None, model: type[models.Model]) -> models.Model | None:
    """The record this key already made for `actor`, if any (and if it still exists)."""
    if not key or not getattr(actor, "pk", None):
        return None
    entry = (
        SubmissionKey.objects.filter(actor=actor, key=key, model=_label(model))
        .only("object_pk")
        .first()
    )
    if entry is None:
        return None
    return model._default_manager.filter(pk=entry.object_pk).first()


def create_once(
    actor: Any,
    key: str | None,
    model: type[models.Model],
    create: Callable[[], models.Model],
) -> tuple[models.Model, bool]:
    """Run `create` (which saves and returns the new record) unless `key` already made one.
    Returns (record, created). Call it inside no transaction of your own that must survive a
    lost race: the loser's work is rolled back."""
    if (found := earlier(actor, key, model)) is not None:
        return found, False
    if not key or not getattr(actor, "pk", None):
        return create(), True
    try:
        with transaction.atomic():
            obj = create()
            SubmissionKey.objects.create(
                key=key, actor=actor, model=_label(model), object_pk=str(obj.pk)
            )
    except IntegrityError:
        # the same key won a moment ago in another request: answer with its record
        if (found := earlier(actor, key, model)) is not None:
            return found, False
        raise
    SubmissionKey.objects.filter(actor=actor, created_at__lt=timezone.now() - KEEP).delete()
    return obj, True


def perform_once(
    actor: Any, key: str | None, label: str, obj: models.Model, perform: Callable[[], Any]
) -> tuple[Any, bool]:
    """Run an action on `obj` (an action's page form: record attendance, extend a term …)
    unless this key already ran it. Returns (what `perform` returned, True), or (None, False)
    when the form had already been sent."""
    if not key or not getattr(actor, "pk", None):
        return perform(), True
    sent = SubmissionKey.objects.filter(actor=actor, key=key, model=label)
    if sent.exists():
        return None, False
    try:
        with transaction.atomic():
            result = perform()
            SubmissionKey.objects.create(key=key, actor=actor, model=label, object_pk=str(obj.pk))
    except IntegrityError:
        if sent.exists():
            return None, False
        raise
    return result, True
