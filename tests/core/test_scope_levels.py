"""The scope-level helpers of core.scoping that pages use to choose what to show."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from garrison.core.scoping import (
    NATION,
    PROVINCE,
    Scope,
    is_commune_scope,
    is_nation_scope,
    is_province_scope,
    writes_at,
)


def test_it_names_each_level_once(commune_a_staff, province_staff, ministry_viewer):
    assert [is_nation_scope(u) for u in (ministry_viewer, province_staff, commune_a_staff)] == [
        True,
        False,
        False,
    ]
    assert [is_province_scope(u) for u in (ministry_viewer, province_staff, commune_a_staff)] == [
        False,
        True,
        False,
    ]
    assert [is_commune_scope(u) for u in (ministry_viewer, province_staff, commune_a_staff)] == [
        False,
        False,
        True,
    ]


def test_it_answers_no_for_a_user_without_a_scope():
    anonymous = AnonymousUser()
    assert not (is_nation_scope(anonymous) or is_province_scope(anonymous))
    assert not (is_commune_scope(anonymous) or writes_at(anonymous, {NATION, PROVINCE}))


def test_it_writes_only_with_a_writing_role_at_a_writing_level(
    commune_a_staff, province_staff, province_inspector
):
    levels = frozenset({NATION, PROVINCE})
    assert writes_at(province_staff, levels)
    assert not writes_at(province_inspector, levels)
    assert not writes_at(commune_a_staff, levels)


def test_it_reads_the_level_from_the_scope():
    scope = Scope(PROVINCE, province_id=1)
    assert scope.is_province and not scope.is_nation and not scope.is_commune
