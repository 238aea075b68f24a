"""Write grants (core.scoping `write_grant`): the province inspector changes the inspection rows
of their province and no register; province staff change the registers and no finding; a commune
reads its own findings and changes none."""

from __future__ import annotations

from garrison.core.scoping import may_write_model, scope_of
from garrison.forces.models import MilitiaMember
from garrison.oversight.models import Finding, Lesson
from tests.factories.oversight import FindingFactory, LessonFactory


def test_it_lets_the_inspector_change_findings_and_no_register(province_inspector, commune_a):
    finding = FindingFactory(commune=commune_a)
    assert list(Finding.objects.editable_by(province_inspector)) == [finding]
    assert not may_write_model(scope_of(province_inspector), MilitiaMember)


def test_it_keeps_province_staff_from_changing_findings(province_staff, commune_a):
    finding = FindingFactory(commune=commune_a)
    assert list(Finding.objects.visible_to(province_staff)) == [finding]
    assert not Finding.objects.editable_by(province_staff).exists()
    assert may_write_model(scope_of(province_staff), MilitiaMember)


def test_it_lets_a_commune_read_its_findings_and_change_none(
    commune_a_commander, commune_a, commune_b
):
    own = FindingFactory(commune=commune_a)
    FindingFactory(commune=commune_b)
    assert list(Finding.objects.visible_to(commune_a_commander)) == [own]
    assert not Finding.objects.editable_by(commune_a_commander).exists()


def test_it_lets_staff_and_inspectors_write_lessons_of_their_province_only(
    province_staff, province_inspector, province, other_province, ministry_viewer
):
    own = LessonFactory(province=province)
    LessonFactory(province=other_province)
    assert list(Lesson.objects.editable_by(province_staff)) == [own]
    assert list(Lesson.objects.editable_by(province_inspector)) == [own]
    assert not Lesson.objects.editable_by(ministry_viewer).exists()
