"""Shared fixtures of the cadres tests: the Ministry's standards and a small province with
posts to fill and candidates."""

from __future__ import annotations

import pytest

from tests.factories import (
    CadreProfileFactory,
    CommandFactory,
    CommuneFactory,
    PersonFactory,
    PostStandardFactory,
)


@pytest.fixture
def standards(db):
    """The Ministry's standards for Commander and Deputy Commander."""
    return [
        PostStandardFactory(position="commander"),
        PostStandardFactory(
            position="deputy_commander",
            min_rank="second_lieutenant",
            max_rank="major",
            min_political_theory="elementary",
        ),
    ]


@pytest.fixture
def border_commune(province):
    return CommuneFactory(province=province, name="Xã Biên Giới", is_border=True)


@pytest.fixture
def border_command(border_commune):
    return CommandFactory(commune=border_commune)


def cadre(commune, **kwargs):
    """A cadre whose home (residence) is `commune`; keyword arguments set the profile."""
    person_fields = {k[8:]: kwargs.pop(k) for k in list(kwargs) if k.startswith("person__")}
    person = PersonFactory(residence_commune=commune, **person_fields)
    kwargs.setdefault("home_commune", commune)
    return CadreProfileFactory(person=person, province=commune.province, **kwargs)
