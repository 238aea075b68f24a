"""The command indicators (garrison/commands/indicators.py): the commune command's posts as they
were held on the day asked about. Every day derives from one fixed date (DAY)."""

from __future__ import annotations

import datetime

import pytest

from garrison.commands.rules import Position
from garrison.core.indicators import get_indicator
from tests.factories import AssignmentFactory, CommandFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 14)
BEFORE = DAY - datetime.timedelta(days=1)
LATER = DAY + datetime.timedelta(days=90)


def figure(code: str, commune, on: datetime.date):
    return get_indicator(code).value(commune.pk, on)


@pytest.fixture
def command(commune_a):
    return CommandFactory(commune=commune_a, province=commune_a.province)


def test_the_commander_post_is_filled_from_the_day_of_the_assignment(commune_a, command):
    AssignmentFactory(command=command, position=Position.COMMANDER, start_date=DAY)
    assert figure("command.commander_filled", commune_a, BEFORE) == 0
    assert figure("command.commander_filled", commune_a, DAY) == 1


def test_it_counts_the_posts_held_on_the_day(commune_a, command):
    AssignmentFactory(command=command, position=Position.COMMANDER, start_date=DAY)
    AssignmentFactory(
        command=command,
        position=Position.DEPUTY_COMMANDER,
        start_date=BEFORE - datetime.timedelta(days=365),
        end_date=LATER - datetime.timedelta(days=1),
    )
    assert figure("command.staff", commune_a, BEFORE) == 1
    assert figure("command.staff", commune_a, DAY) == 2
    assert figure("command.staff", commune_a, LATER) == 1
