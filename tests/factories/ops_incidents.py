"""Helpers of the incident tests: a fixed clock (to the minute) and commune A's registers."""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 7, year: int = 2026) -> datetime.datetime:
    """An aware moment in Asia/Ho_Chi_Minh (July 2026 by default)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HCM)


def stop_clock(monkeypatch, moment: datetime.datetime) -> datetime.datetime:
    """`timezone.now()` answers `moment` (and `localdate()` its day) until the test ends."""
    real_localdate = timezone.localdate
    monkeypatch.setattr(timezone, "now", lambda: moment)

    def localdate(value=None, *args, **kwargs):
        return real_localdate(moment if value is None else value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return moment
