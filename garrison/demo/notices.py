"""The inboxes the demo's history leaves behind: every directive sent, reminder, completion,
report submitted, returned and approved wrote a notification when it happened (the reporting
services call core.notify); the demo writes its events in bulk, so it writes their
notifications here, afterwards, with the services' own words (their `*_text` functions), to the
same recipients (the active accounts of the commune, or the province's own), at the moment of
the event. What was dealt with since is read (a directive once acknowledged, a report once
decided …); what still waits is not — Xã Na Son finds the reminder of the directive it has not
completed, the province the reports awaiting its decision."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Case, DateTimeField, Q, Value, When
from django.urls import reverse
from django.utils import timezone, translation

from garrison.accounts.models import User
from garrison.core.models import Notification
from garrison.reporting.directives import services as directives
from garrison.reporting.models import DirectiveReceipt, Submission, SubmissionEvent
from garrison.reporting.returns import services as returns

DAY = datetime.timedelta(days=1)


class _Inbox:
    def __init__(self, province) -> None:
        self.by_commune: dict[int, list[int]] = defaultdict(list)
        self.province_users: list[int] = []
        users = User.objects.filter(is_active=True).filter(
            Q(province=province) | Q(commune__province=province)
        )
        for pk, commune_id, province_id in users.values_list("pk", "commune_id", "province_id"):
            if commune_id:
                self.by_commune[commune_id].append(pk)
            elif province_id == province.pk:
                self.province_users.append(pk)
        self.rows: list[tuple[Notification, datetime.datetime]] = []
        self.now = timezone.now()

    def add(self, users, kind, text, url, at, read_at=None) -> None:
        if not users or at is None:
            return
        at = min(at, self.now)
        if read_at is not None and read_at > self.now:
            read_at = None
        for pk in users:
            self.rows.append(
                (Notification(user_id=pk, kind=kind, text=text, url=url, read_at=read_at), at)
            )

    def save(self) -> int:
        """One INSERT, then the moments of the events (auto_now_add stamps 'now') in a few
        UPDATEs of 500 rows."""
        made = Notification.objects.bulk_create([n for n, _at in self.rows], batch_size=500)
        pks = [n.pk for n in made]
        if None in pks:  # a backend that does not return the keys: the newest rows are these
            pks = list(
                Notification.objects.filter(user_id__in={n.user_id for n in made})
                .order_by("-pk")
                .values_list("pk", flat=True)[: len(made)]
            )[::-1]
        moments = [at for _n, at in self.rows]
        for start in range(0, len(pks), 500):
            chunk = list(zip(pks[start : start + 500], moments[start : start + 500], strict=True))
            Notification.objects.filter(pk__in=[pk for pk, _at in chunk]).update(
                created_at=Case(
                    *[When(pk=pk, then=Value(at)) for pk, at in chunk],
                    output_field=DateTimeField(),
                )
            )
        return len(made)


def _directives(inbox: _Inbox, province) -> None:
    receipts = (
        DirectiveReceipt.objects.filter(province=province)
        .select_related("directive", "commune")
        .order_by("directive__issued_at", "commune__name")
    )
    for r in receipts:
        d = r.directive
        users = inbox.by_commune.get(r.commune_id, [])
        directive_url = reverse("reporting:directive_detail", kwargs={"pk": d.pk})
        inbox.add(
            users,
            "directive",
            directives.issued_text(d),
            directive_url,
            d.issued_at,
            r.acknowledged_at,
        )
        if r.reminders_sent and r.last_reminded_at:
            inbox.add(
                users,
                "reminder",
                directives.reminder_text(d),
                directive_url,
                r.last_reminded_at,
                r.completed_at,
            )
        if r.completed_at:
            inbox.add(
                inbox.province_users,
                "completion",
                directives.completion_text(r),
                reverse("reporting:receipt_detail", kwargs={"pk": r.pk}),
                r.completed_at,
                r.completed_at + DAY,
            )


def _returns(inbox: _Inbox, province) -> None:
    submissions = {
        s.pk: s
        for s in Submission.objects.filter(province=province).select_related("form", "commune")
    }
    history: dict[int, list[Any]] = defaultdict(list)
    for event in SubmissionEvent.objects.filter(submission__in=submissions.keys()).order_by(
        "submission_id", "at", "pk"
    ):
        history[event.submission_id].append(event)
    Action = SubmissionEvent.Action
    for pk, events in history.items():
        s = submissions[pk]
        url = returns.submission_url(s)
        commune_users = inbox.by_commune.get(s.commune_id, [])
        for i, event in enumerate(events):
            later = next((e.at for e in events[i + 1 :] if e.action != Action.SAVED), None)
            if event.action == Action.SUBMITTED:
                inbox.add(
                    inbox.province_users, "report", returns.submitted_text(s), url, event.at, later
                )
            elif event.action == Action.RETURNED:
                inbox.add(
                    commune_users,
                    "report",
                    returns.returned_text(s, event.note),
                    url,
                    event.at,
                    later,
                )
            elif event.action == Action.APPROVED:
                inbox.add(
                    commune_users, "report", returns.approved_text(s), url, event.at, event.at + DAY
                )


def prepare_notices(province) -> int:
    """Write the notifications of the demo's reporting history; returns how many."""
    inbox = _Inbox(province)
    with translation.override("vi"):  # core.notify writes in Vietnamese
        _directives(inbox, province)
        _returns(inbox, province)
    return inbox.save()
