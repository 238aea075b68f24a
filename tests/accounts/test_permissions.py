"""Who may manage user accounts (accounts.permissions)."""

from __future__ import annotations

from garrison.accounts.permissions import can_manage_users
from garrison.accounts.rules import Role
from tests.factories import UserFactory


def test_it_lets_province_staff_manage_the_accounts_of_their_province(
    province_staff, commune_a_staff
):
    assert can_manage_users(province_staff)
    assert can_manage_users(province_staff, commune_a_staff)


def test_it_refuses_accounts_outside_the_province(province_staff, commune_c):
    outsider = UserFactory(
        username="c_staff", role=Role.COMMUNE_STAFF, commune=commune_c, province=commune_c.province
    )
    assert not can_manage_users(province_staff, outsider)


def test_it_refuses_communes_the_inspector_and_the_ministry_viewer(
    commune_a_staff, commune_a_commander, province_inspector, ministry_viewer
):
    for user in (commune_a_staff, commune_a_commander, province_inspector, ministry_viewer):
        assert not can_manage_users(user), user.username


def test_it_lets_a_superuser_manage_every_account(db, commune_a_staff):
    admin = UserFactory(username="admin", is_superuser=True)
    assert can_manage_users(admin, commune_a_staff)


def test_it_refuses_an_inactive_user(province_staff):
    province_staff.is_active = False
    assert not can_manage_users(province_staff)


def test_it_lets_province_staff_manage_only_the_roles_below_their_own(
    province_staff, province_inspector, commune_a_staff, commune_a_commander
):
    peer = UserFactory(
        username="p_staff2", role=Role.PROVINCE_STAFF, province=province_staff.province
    )
    admin = UserFactory(
        username="admin2",
        role=Role.COMMUNE_STAFF,
        commune=commune_a_staff.commune,
        province=province_staff.province,
        is_superuser=True,
    )
    assert can_manage_users(province_staff, commune_a_staff)
    assert can_manage_users(province_staff, commune_a_commander)
    for target in (province_inspector, peer, province_staff, admin):
        assert not can_manage_users(province_staff, target), target.username
