"""The clock of a test, moved to one fixed day: `timezone.now()` runs on from that day's same
hour (so timestamps still order), and `timezone.localdate()` answers that day. The live server of
the browser tests runs in the test's process, so its pages see the same day."""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone


def move_clock(monkeypatch, day: datetime.date, at: datetime.time | None = None) -> datetime.date:
    """Make `day` today (Asia/Ho_Chi_Minh) for everything calling `django.utils.timezone`; with
    `at`, the clock also starts at that time of `day` (a test whose events happen at given hours
    of the day must not depend on the hour it runs at), and runs on from there."""
    real_now, real_localdate = timezone.now, timezone.localdate
    offset = datetime.timedelta(days=(day - real_localdate()).days)
    if at is not None:
        start = datetime.datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        offset = start - real_now()

    def now() -> datetime.datetime:
        return real_now() + offset

    def localdate(value=None, *args, **kwargs):
        return real_localdate(now() if value is None else value, *args, **kwargs)

    monkeypatch.setattr(timezone, "now", now)
    monkeypatch.setattr(timezone, "localdate", localdate)
    return day
