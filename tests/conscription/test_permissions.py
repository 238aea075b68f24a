"""Who may do what with the military-service registers (conscription.permissions)."""

from __future__ import annotations

from garrison.conscription.models import RecordTransfer
from garrison.conscription.permissions import (
    can_build_pool,
    can_cancel_hand_over,
    can_receive_record,
)


def test_it_lets_writing_roles_build_a_pool(commune_a_staff, commune_a_commander, province_staff):
    for user in (commune_a_staff, commune_a_commander, province_staff):
        assert can_build_pool(user), user.username


def test_it_refuses_readers_building_a_pool(province_inspector, ministry_viewer):
    assert not can_build_pool(province_inspector)
    assert not can_build_pool(ministry_viewer)


def test_it_lets_only_the_receiving_commune_receive_a_record(
    commune_a, commune_b, commune_a_staff, commune_b_staff, province_staff
):
    transfer = RecordTransfer(from_commune=commune_a, to_commune=commune_b)
    assert can_receive_record(commune_b_staff, transfer)
    assert not can_receive_record(commune_a_staff, transfer)
    assert can_receive_record(province_staff, transfer)


def test_it_lets_only_the_sending_commune_cancel_a_hand_over(
    commune_a, commune_b, commune_a_staff, commune_b_staff, province_staff
):
    transfer = RecordTransfer(from_commune=commune_a, to_commune=commune_b)
    assert can_cancel_hand_over(commune_a_staff, transfer)
    assert not can_cancel_hand_over(commune_b_staff, transfer)
    assert can_cancel_hand_over(province_staff, transfer)


def test_it_refuses_an_anonymous_user_on_both_sides(commune_a, commune_b):
    from django.contrib.auth.models import AnonymousUser

    transfer = RecordTransfer(from_commune=commune_a, to_commune=commune_b)
    assert not can_receive_record(AnonymousUser(), transfer)
    assert not can_cancel_hand_over(AnonymousUser(), transfer)
