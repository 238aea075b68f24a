"""The demo built once for a test module on a fixed day: the clock moved to that day for the
module's tests, the rows inside a transaction rolled back at the end (no other module sees them).
A module's fixture yields from `demo_built_on(day, django_db_blocker)`."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.clock import move_clock


@contextmanager
def demo_built_on(day: datetime.date, django_db_blocker) -> Iterator[datetime.date]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        today = move_clock(monkeypatch, day)
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("demo", "--no-serve", stdout=StringIO(), stderr=StringIO())
            yield today
            transaction.set_rollback(True)
