"""Training figures as of a day count only the sessions held by that day (issue 16, section 2):
a report "as of 30/11/2026" does not count a session of 01/12/2026, even with attendance rows
(saved before future sessions were refused, or imported)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from garrison.core.indicators import get_indicator
from garrison.forces.models import Attendance, MilitiaMember
from tests.factories import MilitiaMemberFactory, TrainingPlanFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 30)
NEXT_DAY = AS_OF + datetime.timedelta(days=1)


@pytest.fixture
def trainee(commune_a, mobile_squad):
    """A mobile militia member in the first year of his term (15 days required in 2026) who
    attended 10 days on 20/11 and 5 days on 01/12."""
    member = MilitiaMemberFactory(unit=mobile_squad, started_on=datetime.date(2026, 1, 10))
    plan = TrainingPlanFactory(commune=commune_a, year=2026, kind="mobile")
    for held_on, days in ((datetime.date(2026, 11, 20), 10), (NEXT_DAY, 5)):
        session = TrainingSessionFactory(plan=plan, held_on=held_on, days=days)
        Attendance.objects.create(commune=commune_a, session=session, member=member)
    return member


def test_with_training_as_of_30_11_ignores_a_session_of_01_12(trainee):
    row = MilitiaMember.objects.with_training(2026, AS_OF).get(pk=trainee.pk)
    assert (row.required, row.attended, row.held, row.complete) == (
        15,
        Decimal("10"),
        Decimal("10"),
        False,
    )
    row = MilitiaMember.objects.with_training(2026, NEXT_DAY).get(pk=trainee.pk)
    assert (row.attended, row.complete) == (Decimal("15"), True)


def test_the_trained_indicator_honours_its_day(trainee, commune_a):
    trained = get_indicator("militia.trained")
    assert trained.value(commune_a.pk, AS_OF) == 0
    assert trained.value(commune_a.pk, NEXT_DAY) == 1
