"""The inbox: each user's notifications (core.notify writes them), newest first, unread in
bold; opening one marks it read and follows its link; "mark all read". A user reaches only their
own notifications: every query starts from `request.user.notifications`, so another user's
notification answers 404 like a missing one.

A domain app may offer a one-click action on its notifications (`register_action`): a commune
acknowledges a directive straight from the inbox. Core knows only the hook; the app says which
notifications still offer the action (one query for the page) and performs it through its own
service, with its own permissions. The button carries the one-time submission key, so a double
click acknowledges once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from . import idempotency
from .models import Notification

#: notifications per page
PAGE_SIZE = 50


def own_notifications(request: HttpRequest):
    return request.user.notifications.all()


@dataclass(frozen=True)
class InboxAction:
    """A one-click action on notifications of some kinds.

    pending(user, notifications): the pks of those notifications on which the action can still
        be done by this user (one or two queries for a whole page);
    perform(request, notification): does it through the app's service (which checks the
        permission again) and returns (success message, the page to go to)."""

    label: str | Promise
    pending: Callable[[Any, list[Notification]], set[int]]
    perform: Callable[[HttpRequest, Notification], tuple[str, str]]
    icon: str = "check2"


_ACTIONS: dict[str, InboxAction] = {}


def register_action(kinds: Iterable[str], action: InboxAction) -> None:
    for kind in kinds:
        _ACTIONS[kind] = action


def _with_actions(user: Any, notifications: list[Notification]) -> list[Notification]:
    """Mark each notification with the action it still offers (`inbox_action`), if any."""
    by_action: dict[int, tuple[InboxAction, list[Notification]]] = {}
    for note in notifications:
        note.inbox_action = None  # type: ignore[attr-defined]
        if (action := _ACTIONS.get(note.kind)) is not None:
            by_action.setdefault(id(action), (action, []))[1].append(note)
    for action, notes in by_action.values():
        pending = action.pending(user, notes)
        for note in notes:
            if note.pk in pending:
                note.inbox_action = action  # type: ignore[attr-defined]
    return notifications


class InboxView(LoginRequiredMixin, View):
    template_name = "core/inbox.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        notifications = own_notifications(request).order_by("-created_at", "-pk")
        unread_only = request.GET.get("unread") == "1"
        if unread_only:
            notifications = notifications.filter(read_at__isnull=True)
        page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _with_actions(request.user, list(page.object_list))
        return render(
            request,
            self.template_name,
            {
                "page": page,
                "notifications": rows,
                "unread_only": unread_only,
                "submission_field": idempotency.KEY_FIELD,
                "submission_key": idempotency.new_key(),
            },
        )


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one of the user's notifications read and go to the page it is about (GET from a
    link, POST from a button: both only ever touch the user's own notification)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = get_object_or_404(own_notifications(request), pk=pk)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        target = notification.url
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(reverse("core:inbox"))

    post = get


class NotificationActView(LoginRequiredMixin, View):
    """The one-click action of one of the user's notifications (POST only): done through the
    app's service, the notification marked read, then the page it concerns. The same button
    sent twice (its submission key) does it once."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = get_object_or_404(own_notifications(request), pk=pk)
        action = _ACTIONS.get(notification.kind)
        if action is None or notification.pk not in action.pending(request.user, [notification]):
            messages.info(
                request,
                _("This has already been done: nothing is left to do on this notification."),
            )
            return HttpResponseRedirect(reverse("core:inbox"))
        try:
            result, first = idempotency.perform_once(
                request.user,
                idempotency.clean_key(request.POST.get(idempotency.KEY_FIELD)),
                f"inbox:{notification.kind}",
                notification,
                lambda: action.perform(request, notification),
            )
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
            return HttpResponseRedirect(reverse("core:inbox"))
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        if not first:
            messages.info(request, _("This was already done (the button was sent twice)."))
            return HttpResponseRedirect(reverse("core:inbox"))
        message, target = result
        messages.success(request, message)
        return HttpResponseRedirect(target or reverse("core:inbox"))


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = (
            own_notifications(request).filter(read_at__isnull=True).update(read_at=timezone.now())
        )
        if count:
            messages.success(
                request,
                ngettext(
                    "%(n)d notification marked read.", "%(n)d notifications marked read.", count
                )
                % {"n": count},
            )
        else:
            messages.info(request, _("Nothing was unread."))
        return HttpResponseRedirect(reverse("core:inbox"))
