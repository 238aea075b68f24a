"""The clock of a test, moved to one fixed day: `timezone.now()` runs on from that day's same
hour (so timestamps still order), and `timezone.localdate()` answers that day. The live server of
the browser tests runs in the test's process, so its pages see the same day."""

from __future__ import annotations

import datetime

from django.utils import timezone


def move_clock(monkeypatch, day: datetime.date) -> datetime.date:
    """Make `day` today (Asia/Ho_Chi_Minh) for everything calling `django.utils.timezone`."""
    real_now, real_localdate = timezone.now, timezone.localdate
    offset = datetime.timedelta(days=(day - real_localdate()).days)

    def now() -> datetime.datetime:
        return real_now() + offset

    def localdate(value=None, *args, **kwargs):
        return real_localdate(now() if value is None else value, *args, **kwargs)

    monkeypatch.setattr(timezone, "now", now)
    monkeypatch.setattr(timezone, "localdate", localdate)
    return day
