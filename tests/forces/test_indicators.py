"""The forces' indicators (garrison/forces/indicators.py): each figure as the registers stood on
the day it is asked about, and the same figure as the forces overview on that day.

Every day derives from one fixed date (DAY); nothing depends on today.
"""

from __future__ import annotations

import datetime

import pytest

from garrison.core.indicators import get_indicator
from garrison.core.scoping import scope_of
from garrison.forces.models import Attendance
from garrison.forces.rollups import forces_rollup
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    PersonFactory,
    ReserveUnitFactory,
    ReservistFactory,
    TechnicalMeansFactory,
    TrainingPlanFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 3)
EARLIER = DAY - datetime.timedelta(days=120)  # 04/02/2026
LATER = DAY + datetime.timedelta(days=120)  # 01/10/2026


def figure(code: str, commune, on: datetime.date):
    return get_indicator(code).value(commune.pk, on)


def reservist(commune, **kwargs):
    return ReservistFactory(person=PersonFactory(residence_commune=commune), **kwargs)


@pytest.fixture
def squad(commune_a):
    return MilitiaUnitFactory(commune=commune_a, kind="mobile")


def test_it_counts_the_militia_serving_on_the_day(commune_a, squad):
    MilitiaMemberFactory(unit=squad, started_on=datetime.date(2025, 4, 1))
    MilitiaMemberFactory(unit=squad, started_on=DAY)  # joins on DAY
    MilitiaMemberFactory(  # left between EARLIER and DAY
        unit=squad,
        started_on=datetime.date(2022, 4, 1),
        status="discharged",
        ended_on=DAY - datetime.timedelta(days=30),
    )
    assert figure("militia.strength", commune_a, EARLIER) == 2
    assert figure("militia.strength", commune_a, LATER) == 2
    assert figure("militia.strength", commune_a, DAY - datetime.timedelta(days=1)) == 1


def test_militia_strength_is_the_overview_s_strength_on_the_same_day(
    commune_a, commune_a_staff, squad
):
    """One definition: a member whose term begins after the day counts in neither."""
    MilitiaMemberFactory(unit=squad, started_on=datetime.date(2025, 4, 1))
    MilitiaMemberFactory(unit=squad, started_on=LATER)
    for on in (DAY, LATER):
        _grouping, _rows, total = forces_rollup(commune_a_staff, scope_of(commune_a_staff), on)
        assert total.strength == figure("militia.strength", commune_a, on)
    assert figure("militia.strength", commune_a, DAY) == 1


def test_it_counts_the_members_trained_in_full_by_the_day(commune_a, squad):
    """DQTV 28.1: 12 days in a later year of a mobile member's term; days attended by then."""
    member = MilitiaMemberFactory(unit=squad, started_on=datetime.date(2025, 4, 1))
    plan = TrainingPlanFactory(commune=commune_a, year=DAY.year, kind="mobile")
    for held_on in (EARLIER, DAY):
        session = TrainingSessionFactory(plan=plan, held_on=held_on, days=6)
        Attendance.objects.create(session=session, member=member, commune=commune_a)
    assert figure("militia.trained", commune_a, EARLIER) == 0  # 6 of 12 days
    assert figure("militia.trained", commune_a, DAY) == 1  # 12 of 12


def test_it_counts_the_reservists_on_the_register_on_the_day(commune_a):
    reservist(commune_a, registered_on=datetime.date(2020, 4, 10))
    reservist(commune_a, registered_on=DAY)
    reservist(
        commune_a,
        registered_on=datetime.date(2020, 4, 10),
        status="discharged",
        discharged_on=DAY - datetime.timedelta(days=30),
    )
    assert figure("reserve.registered", commune_a, EARLIER) == 2
    assert figure("reserve.registered", commune_a, DAY) == 2
    assert figure("reserve.registered", commune_a, DAY - datetime.timedelta(days=1)) == 1


def test_it_counts_the_reservists_assigned_to_a_unit_by_the_day(commune_a, province):
    unit = ReserveUnitFactory(province=province)
    reservist(commune_a, reserve_unit=unit, assigned_on=DAY)
    reservist(commune_a)
    assert figure("reserve.assigned", commune_a, EARLIER) == 0
    assert figure("reserve.assigned", commune_a, DAY) == 1


def test_it_counts_the_technical_means_registered_by_the_day(commune_a):
    TechnicalMeansFactory(commune=commune_a, registered_on=datetime.date(2024, 5, 1))
    TechnicalMeansFactory(commune=commune_a, registered_on=DAY)
    TechnicalMeansFactory(commune=commune_a, registered_on=EARLIER, status="removed")
    assert figure("reserve.means", commune_a, EARLIER) == 1
    assert figure("reserve.means", commune_a, DAY) == 2
