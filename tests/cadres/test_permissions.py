"""Who may do what with the cadres registers (cadres.permissions)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from garrison.cadres import services
from garrison.cadres.models import PlacementRun
from garrison.cadres.permissions import (
    can_adjust_placement,
    can_change_profile,
    can_propose_placement,
    can_set_national_standard,
)
from tests.cadres.conftest import cadre
from tests.factories import UserFactory

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True)


def test_it_lets_province_staff_and_the_ministry_propose_placements(province_staff, superuser):
    assert can_propose_placement(province_staff)
    assert can_propose_placement(superuser)


def test_it_refuses_placement_proposals_to_communes_and_readers(
    commune_a_staff, commune_a_commander, province_inspector, ministry_viewer
):
    for user in (commune_a_staff, commune_a_commander, province_inspector, ministry_viewer):
        assert not can_propose_placement(user), user.username


def test_it_lets_a_proposal_be_adjusted_only_while_it_is_a_draft(province_staff, province):
    draft = PlacementRun(province=province, status=PlacementRun.Status.DRAFT)
    approved = PlacementRun(province=province, status=PlacementRun.Status.APPROVED)
    assert can_adjust_placement(province_staff, draft)
    assert not can_adjust_placement(province_staff, approved)


def test_it_refuses_a_commune_adjusting_a_draft(commune_a_staff, province):
    draft = PlacementRun(province=province, status=PlacementRun.Status.DRAFT)
    assert not can_adjust_placement(commune_a_staff, draft)


def test_it_refuses_a_proposal_made_by_a_commune_in_the_service(commune_a_staff, province):
    with pytest.raises(PermissionDenied):
        services.do_create_run(
            actor=commune_a_staff,
            province_id=province.pk,
            title="Đợt 1",
            effective_on=DAY,
            horizon=DAY + datetime.timedelta(days=180),
        )
    assert not PlacementRun.objects.exists()


def test_it_lets_province_staff_change_the_profiles_of_their_province(
    province_staff, commune_a, commune_c
):
    ours, theirs = cadre(commune_a), cadre(commune_c)
    assert can_change_profile(province_staff, ours)
    assert not can_change_profile(province_staff, theirs)


def test_it_refuses_profile_changes_to_communes_and_readers(
    commune_a_staff, province_inspector, ministry_viewer, commune_a
):
    profile = cadre(commune_a)
    for user in (commune_a_staff, province_inspector, ministry_viewer):
        assert not can_change_profile(user, profile), user.username


def test_it_keeps_national_standards_to_the_ministry(province_staff, ministry_viewer, superuser):
    assert can_set_national_standard(superuser)
    assert not can_set_national_standard(province_staff)
    assert not can_set_national_standard(ministry_viewer)
