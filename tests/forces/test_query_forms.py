"""`with_strength` and `training_by` were rewritten for speed (issue 20: five correlated COUNTs
per unit became one join with conditional counts; the attended subquery evaluated twice became
one subquery per member that answers complete / behind / neither). Their numbers must not move:
on a small world of every case (roles, ended and extended terms, a term starting after the day,
members with no attendance, partial and full attendance, sessions to come), the new forms give
exactly the figures of the former ones, which are kept here as the reference."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Least

from garrison.forces.models import Attendance, MilitiaMember, MilitiaUnit
from garrison.forces.querysets import serving_on
from tests.factories import (
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    TrainingPlanFactory,
    TrainingSessionFactory,
)

from .conftest import TODAY, YEAR

pytestmark = pytest.mark.django_db

D = datetime.date


def former_with_strength(qs, on):
    """with_strength as it was: a correlated COUNT subquery per figure."""
    open_terms = (
        MilitiaMember.objects.filter(serving_on(on), unit=OuterRef("pk")).order_by().values("unit")
    )

    def strength(**role):
        count = open_terms.filter(**role).annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(count, output_field=models.IntegerField()), 0)

    return qs.annotate(
        strength=strength(),
        strength_leaders=strength(role="leader"),
        strength_deputies=strength(role="deputy"),
        strength_political=strength(role="political"),
        strength_members=strength(role="member"),
    )


def former_training_by(qs, field, year, today):
    """training_by as it was: two conditional counts over the annotated attended and held."""
    return {
        r[field]: (r["members"], r["complete_n"], r["behind_n"])
        for r in qs.serving_on(today)
        .with_training(year, today)
        .order_by()
        .values(field)
        .annotate(
            members=Count("pk"),
            complete_n=Count("pk", filter=Q(attended__gte=F("required"))),
            behind_n=Count("pk", filter=Q(attended__lt=Least(F("held"), F("required")))),
        )
    }


STRENGTH = [
    "strength",
    "strength_leaders",
    "strength_deputies",
    "strength_political",
    "strength_members",
]


@pytest.fixture
def world(commune_a, commune_b):
    rng = random.Random(20)
    units = []
    for commune in (commune_a, commune_b):
        for kind in ("mobile", "local", "standing"):
            units.append(MilitiaUnitFactory(commune=commune, kind=kind))
        units.append(MilitiaUnitFactory(commune=commune, kind="local"))  # no members at all
    roles = ["leader", "deputy", "political", "member", "member", "member"]
    members = []
    for unit in units[:-1]:  # the last unit keeps no members
        for n in range(rng.randint(4, 9)):
            started = D(YEAR - rng.randint(0, 3), rng.randint(1, 12), 1)
            kwargs = {"unit": unit, "role": roles[n % len(roles)], "started_on": started}
            fate = rng.random()
            if fate < 0.15:
                kwargs.update(status="ended", ended_on=D(YEAR, rng.randint(1, 12), 10))
            elif fate < 0.25:
                kwargs.update(status="extended")
            elif fate < 0.3:
                kwargs.update(started_on=TODAY + datetime.timedelta(days=20))
            members.append(MilitiaMemberFactory(**kwargs))
    for commune in (commune_a, commune_b):
        for kind in ("mobile", "local", "standing"):
            plan = TrainingPlanFactory(commune=commune, year=YEAR, kind=kind)
            for month in range(1, 13):
                session = TrainingSessionFactory(
                    plan=plan, held_on=D(YEAR, month, 12), days=rng.choice([1, 2, 3])
                )
                if session.held_on > TODAY:
                    continue
                for member in members:
                    ours = member.unit.commune == commune and member.unit.kind == kind
                    if ours and rng.random() < 0.7:
                        Attendance.objects.create(session=session, member=member, commune=commune)
    return members


def test_with_strength_gives_the_figures_of_the_correlated_counts(world):
    for day in [TODAY, D(YEAR, 3, 1), D(YEAR - 1, 12, 31), TODAY + datetime.timedelta(days=30)]:
        new = {
            u.pk: tuple(getattr(u, f) for f in STRENGTH)
            for u in MilitiaUnit.objects.with_strength(day)
        }
        old = {
            u.pk: tuple(getattr(u, f) for f in STRENGTH)
            for u in former_with_strength(MilitiaUnit.objects.all(), day)
        }
        assert new == old, day
        assert sum(v[0] for v in new.values()) > 0  # members serving on the day


def test_with_strength_pages_and_counts_like_before(world):
    """The list view's own path: the count, a page, ordered by strength."""
    qs = MilitiaUnit.objects.with_strength(TODAY).select_related("commune", "parent")
    assert qs.count() == MilitiaUnit.objects.count()
    page = list(qs.order_by("-strength", "pk")[:3])
    by_old = list(
        former_with_strength(MilitiaUnit.objects.all(), TODAY).order_by("-strength", "pk")[:3]
    )
    assert [(u.pk, *(getattr(u, f) for f in STRENGTH)) for u in page] == [
        (u.pk, *(getattr(u, f) for f in STRENGTH)) for u in by_old
    ]
    unit = MilitiaUnit.objects.with_strength(TODAY).get(pk=page[0].pk)  # a detail page's read
    assert [getattr(unit, f) for f in STRENGTH] == [getattr(page[0], f) for f in STRENGTH]


def test_training_by_gives_the_figures_of_the_two_conditional_counts(world):
    for field in ["unit", "commune", "province"]:
        for today in [TODAY, D(YEAR, 6, 30), D(YEAR, 12, 31)]:
            new = {
                r[field]: (r["members"], r["complete_n"], r["behind_n"])
                for r in MilitiaMember.objects.training_by(field, YEAR, today)
            }
            old = former_training_by(MilitiaMember.objects.all(), field, YEAR, today)
            assert new == old, (field, today)
            assert any(v[1] for v in new.values()) and any(v[2] for v in new.values())


def test_training_by_runs_the_attended_subquery_once_per_member(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        MilitiaMember.objects.training_by("commune", YEAR, TODAY)
    (sql,) = [q["sql"] for q in queries]
    assert sql.count("forces_attendance") == 1, sql
