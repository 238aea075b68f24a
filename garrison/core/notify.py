"""In-system notifications: the inbox of each user (the closed network has no e-mail or chat
service). Domain services call `notify_communes` / `notify_provinces` inside their transaction;
one INSERT per call whatever the number of recipients. Texts are rendered in Vietnamese, the
language of the users' daily work, unless `language` says otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation

from .models import Notification

Text = Callable[[], str]


def _send(users_q: Q, kind: str, text: Text | str, url: str = "", language: str = "vi") -> int:
    User = get_user_model()
    recipients = list(User.objects.filter(users_q, is_active=True).values_list("pk", flat=True))
    if not recipients:
        return 0
    with translation.override(language):
        message = text() if callable(text) else str(text)
    Notification.objects.bulk_create(
        [Notification(user_id=pk, kind=kind, text=message, url=url) for pk in recipients]
    )
    return len(recipients)


def notify_communes(commune_ids: Iterable[int], kind: str, text: Text | str, url: str = "") -> int:
    """Every active account of these communes gets the message; returns how many."""
    return _send(Q(commune_id__in=list(commune_ids)), kind, text, url)


def notify_provinces(
    province_ids: Iterable[int], kind: str, text: Text | str, url: str = ""
) -> int:
    """Every active province-level account of these provinces (not their communes')."""
    return _send(Q(province_id__in=list(province_ids), commune__isnull=True), kind, text, url)


def notify_users(user_ids: Iterable[int], kind: str, text: Text | str, url: str = "") -> int:
    return _send(Q(pk__in=list(user_ids)), kind, text, url)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
