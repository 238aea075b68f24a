"""Shared fixtures of the forces tests: a pinned "today", the units of Xã Na Son (commune A)
and Phường Mường Thanh (commune B), and a resident of militia age."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import MilitiaUnitFactory, PersonFactory

#: The day the services, pages and to-do items take as "today" in these tests (a weekday of the
#: second half of the year: the year's first training sessions are held, some are still to come).
TODAY = datetime.date(2026, 10, 15)
YEAR = TODAY.year


@pytest.fixture
def today(monkeypatch):
    """Pin `timezone.localdate()` (what every forces service, page and to-do item calls for
    "today") to TODAY; dates given explicitly pass through."""
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


@pytest.fixture
def mobile_squad(commune_a):
    """Commune A's mobile militia squad: 1 leader and 8 members (DQTV 15.2)."""
    return MilitiaUnitFactory(
        commune=commune_a,
        name="Tiểu đội dân quân cơ động Na Son",
        kind="mobile",
        level="squad",
        establishment_leaders=1,
        establishment_members=8,
    )


@pytest.fixture
def local_team(commune_a):
    """Commune A's local militia team of bản Na Son: 1 leader and 5 members."""
    return MilitiaUnitFactory(
        commune=commune_a,
        name="Tổ dân quân tại chỗ bản Na Son",
        kind="local",
        level="team",
        village="Bản Na Son",
        establishment_leaders=1,
        establishment_members=5,
    )


@pytest.fixture
def squad_b(commune_b):
    """Commune B's mobile militia squad."""
    return MilitiaUnitFactory(
        commune=commune_b, name="Tiểu đội dân quân cơ động Mường Thanh", kind="mobile"
    )


@pytest.fixture
def resident(commune_a):
    """A man of 25 living in commune A, with no militia term."""
    return PersonFactory(
        residence_commune=commune_a,
        full_name="Quàng Văn Chiến",
        date_of_birth=datetime.date(2001, 1, 15),
    )
