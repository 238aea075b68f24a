"""The demo's defensive zone (issue 18 §7): villages with their people, works of every kind in the
border communes and Na Son with their inspections, Na Son's combat base degraded after the
landslide, evacuation areas leaving one village without one, education for every audience group
in 2026 with cadres not yet trained, the Tết 2026 programme with one family helped twice —
built on a fixed day."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count

from garrison.accounts.models import User
from garrison.demo.defence_zone import a_year_after
from garrison.operations.models import (
    CADRE_GROUPS,
    AudienceGroup,
    AudienceMember,
    DefenceWork,
    EducationAttendance,
    EducationSession,
    EvacuationAssignment,
    Incident,
    MassProgramme,
    ProgrammeAid,
    WorkInspection,
    WorkKind,
    WorkState,
)
from garrison.people.models import Person
from garrison.territory.models import Commune, Village
from tests.demo.built import demo_built_on

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)
BORDER = 12  # the demo's border communes


@pytest.fixture(scope="module", autouse=True)
def today(django_db_setup, django_db_blocker):
    """The demo built once with the clock on DAY, rolled back at the end of the module."""
    with demo_built_on(DAY, django_db_blocker) as day:
        yield day


def test_it_places_the_people_in_the_villages_their_address_names():
    people = Person.objects.filter(province__code=11)
    placed = people.filter(village__isnull=False).select_related("village", "residence_commune")
    assert placed.count() > people.count() * 0.9
    for person in placed[:200]:
        assert person.village.commune_id == person.residence_commune_id
        assert person.address == f"{person.village.name}, {person.residence_commune.name}"
    assert Village.objects.filter(province__code=11).values("commune").distinct().count() == 45


def test_it_builds_works_of_every_kind_in_the_border_communes_and_na_son():
    works = DefenceWork.objects.filter(province__code=11)
    assert set(works.values_list("kind", flat=True)) == set(WorkKind.values)
    communes = set(works.values_list("commune__name", flat=True))
    border = set(
        Commune.objects.filter(province__code=11, is_border=True).values_list("name", flat=True)
    )
    assert len(border) == BORDER and communes == border | {"Xã Na Son"}
    for name in communes:
        assert works.filter(commune__name=name, kind=WorkKind.COMBAT_BASE).exists()
        assert works.filter(commune__name=name, kind=WorkKind.EVACUATION_AREA).exists()


def test_each_works_last_inspection_state_and_due_date_follow_its_latest_inspection():
    for work in DefenceWork.objects.filter(province__code=11).exclude(state=WorkState.DEGRADED):
        latest = WorkInspection.objects.filter(work=work).order_by("-inspected_on").first()
        if latest is None:  # never inspected: due from the day it was recorded
            assert work.state in (WorkState.PLANNED, WorkState.UNDER_CONSTRUCTION)
            assert work.last_inspected_on is None and work.inspection_due_on == DAY
            continue
        assert work.last_inspected_on == latest.inspected_on < DAY
        assert (work.state, work.last_finding) == (latest.state_found, latest.findings)
        assert work.inspection_due_on == a_year_after(latest.inspected_on)
        assert latest.province_id == work.province_id and latest.commune_id == work.commune_id
    works = DefenceWork.objects.filter(province__code=11)
    assert works.filter(inspection_due_on__lte=DAY).count() >= 2  # some due: the to-do shows


def test_na_sons_combat_base_was_found_degraded_after_the_landslide():
    degraded = DefenceWork.objects.get(province__code=11, state=WorkState.DEGRADED)
    assert degraded.commune.name == "Xã Na Son" and degraded.kind == WorkKind.COMBAT_BASE
    landslide = Incident.objects.get(kind="landslide")
    latest = degraded.inspections.order_by("-inspected_on").first()
    assert latest.incident == landslide and latest.state_found == WorkState.DEGRADED
    assert latest.inspected_on >= landslide.occurred_at.date()
    assert degraded.last_inspected_on == latest.inspected_on
    assert degraded.last_finding == latest.findings
    assert degraded.inspection_due_on == a_year_after(latest.inspected_on)  # as the service
    assert degraded.inspections.filter(state_found=WorkState.READY).exists()  # ready before
    # the landslide's evacuation names one of Na Son's areas
    assert landslide.evacuation_area.kind == WorkKind.EVACUATION_AREA
    assert landslide.evacuation_area.commune_id == landslide.commune_id


def test_one_village_of_na_son_is_left_without_an_evacuation_area():
    areas = DefenceWork.objects.filter(province__code=11, kind=WorkKind.EVACUATION_AREA)
    communes = set(areas.values_list("commune", flat=True))
    uncovered = Village.objects.filter(commune__in=communes, evacuation_assignments=None)
    assert [v.commune.name for v in uncovered] == ["Xã Na Son"]
    for area in areas:  # none over capacity
        held = sum(a.village.population for a in area.evacuation_assignments.all())
        assert 0 < held <= area.capacity_people
    for row in EvacuationAssignment.objects.filter(province__code=11):
        assert row.village.commune_id == row.area.commune_id == row.commune_id


def test_education_for_every_group_in_2026_with_cadres_not_yet_trained():
    sessions = EducationSession.objects.filter(province__code=11)
    assert not sessions.exclude(starts_on__year=2026).exists()
    assert not sessions.filter(ends_on__gte=DAY).exists()
    for commune in set(sessions.values_list("commune", flat=True)):
        assert set(sessions.filter(commune=commune).values_list("audience", flat=True)) == set(
            AudienceGroup.values
        )
    assert {"Xã Na Son", "Phường Mường Thanh"} <= set(
        sessions.values_list("commune__name", flat=True)
    )
    mass = sessions.exclude(audience__in=CADRE_GROUPS)
    assert not mass.filter(attendance_count=None).exists()
    assert not EducationAttendance.objects.filter(session__in=mass).exists()
    cadres = AudienceMember.objects.filter(province__code=11)
    assert set(cadres.values_list("audience", flat=True)) == set(CADRE_GROUPS)
    attended = EducationAttendance.objects.filter(session__province__code=11)
    for row in attended.select_related("session"):
        assert cadres.filter(
            person=row.person_id, audience=row.session.audience, commune=row.commune_id
        ).exists()
    not_trained = cadres.exclude(person__in=attended.values("person"))
    assert 0 < not_trained.count() < cadres.count()
    assert not_trained.filter(commune__name="Xã Na Son", audience="group_1").exists()


def test_the_tet_programme_helped_families_in_several_communes_one_twice():
    programme = MassProgramme.objects.get(name="Xuân ấm áp – Tết Quân dân 2026")
    assert programme.commune is None and programme.province.code == 11
    partners = (
        programme.with_fatherland_front,
        programme.with_womens_union,
        programme.with_youth_union,
        programme.with_veterans_association,
        programme.with_farmers_union,
    )
    assert partners == (True, True, True, False, False)
    aid = ProgrammeAid.objects.filter(programme=programme)
    assert aid.values("commune").distinct().count() >= 5
    twice = aid.values("person").annotate(n=Count("pk")).filter(n__gt=1)
    assert len(twice) == 1 and twice[0]["n"] == 2
    assert Person.objects.get(pk=twice[0]["person"]).residence_commune.name == "Xã Na Son"
    for row in aid:
        assert programme.starts_on <= row.given_on <= programme.ends_on
        assert row.person.residence_commune_id == row.commune_id


def test_every_row_is_valid():
    for model in (
        Village,
        DefenceWork,
        WorkInspection,
        EvacuationAssignment,
        EducationSession,
        EducationAttendance,
        AudienceMember,
        MassProgramme,
        ProgrammeAid,
    ):
        rows = list(model.objects.order_by("pk")[:40]) + list(model.objects.order_by("-pk")[:40])
        assert rows, model
        for row in rows:
            row.full_clean()
            if getattr(row, "commune_id", None):
                assert row.province_id == row.commune.province_id, row


def test_the_na_son_login_sees_its_works_and_the_province_the_degraded_one():
    nason = User.objects.get(username="nason")
    works = DefenceWork.objects.visible_to(nason)
    assert works.exists() and set(works.values_list("commune__name", flat=True)) == {"Xã Na Son"}
    province = User.objects.get(username="dienbien")
    assert DefenceWork.objects.visible_to(province).filter(state=WorkState.DEGRADED).count() == 1
