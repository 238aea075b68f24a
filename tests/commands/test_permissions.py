"""Who may change a military command and its staffing (commands.permissions)."""

from __future__ import annotations

from garrison.commands.permissions import can_change_command
from tests.factories import CommandFactory


def test_it_lets_province_staff_change_the_commands_of_their_province(province_staff, command_a):
    assert can_change_command(province_staff)
    assert can_change_command(province_staff, command_a)


def test_it_refuses_a_command_of_another_province(province_staff, commune_c):
    assert not can_change_command(province_staff, CommandFactory(commune=commune_c))


def test_it_refuses_communes_the_inspector_and_the_ministry_viewer(
    commune_a_staff, commune_a_commander, province_inspector, ministry_viewer, command_a
):
    for user in (commune_a_staff, commune_a_commander, province_inspector, ministry_viewer):
        assert not can_change_command(user, command_a), user.username
