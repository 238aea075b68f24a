"""The inbox: each user's notifications (core.notify writes them), newest first, unread in
bold; opening one marks it read and follows its link; "mark all read". A user reaches only their
own notifications: every query starts from `request.user.notifications`, so another user's
notification answers 404 like a missing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

#: notifications per page
PAGE_SIZE = 50


def own_notifications(request: HttpRequest):
    return request.user.notifications.all()


class InboxView(LoginRequiredMixin, View):
    template_name = "core/inbox.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        notifications = own_notifications(request).order_by("-created_at", "-pk")
        unread_only = request.GET.get("unread") == "1"
        if unread_only:
            notifications = notifications.filter(read_at__isnull=True)
        page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {"page": page, "notifications": page.object_list, "unread_only": unread_only},
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
