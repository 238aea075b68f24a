"""Who may do what in reporting (garrison.reporting.permissions): the commune's own command fills
returns and answers directives, the province issues directives and decides on returns, a reader
does neither; with an object, only one of the user's own commune or province."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from garrison.reporting import permissions

pytestmark = pytest.mark.django_db


def test_it_lets_the_commune_fill_and_answer_its_own_only(
    commune_a_staff, commune_a, commune_b, province_staff, ministry_viewer
):
    own, other = SimpleNamespace(commune_id=commune_a.pk), SimpleNamespace(commune_id=commune_b.pk)
    assert permissions.can_fill(commune_a_staff) and permissions.can_fill(commune_a_staff, own)
    assert not permissions.can_fill(commune_a_staff, other)
    assert permissions.can_answer(commune_a_staff, own)
    assert not permissions.can_answer(commune_a_staff, other)
    for user in (province_staff, ministry_viewer, None):
        assert not permissions.can_fill(user) and not permissions.can_answer(user)


def test_it_lets_the_province_decide_and_issue_for_its_own_only(
    province_staff, province, other_province, commune_a_staff, province_inspector, ministry_viewer
):
    own = SimpleNamespace(province_id=province.pk)
    other = SimpleNamespace(province_id=other_province.pk)
    for can in (permissions.can_decide, permissions.can_issue):
        assert can(province_staff) and can(province_staff, own)
        assert not can(province_staff, other)
        for user in (commune_a_staff, ministry_viewer, None):
            assert not can(user)
    # an inspector reads the province but writes nothing here
    assert not permissions.can_decide(province_inspector)


def test_it_says_from_which_height_the_user_looks(commune_a_staff, province_staff, ministry_viewer):
    assert permissions.sees_one_commune(commune_a_staff)
    assert permissions.sees_one_province(province_staff)
    assert permissions.sees_the_nation(ministry_viewer)
    assert not permissions.sees_the_nation(province_staff)
    assert not permissions.sees_one_commune(None)
