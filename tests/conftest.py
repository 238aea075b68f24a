"""Shared fixtures: two communes (A, B) of one province, a commune (C) of another province, and
the personas of CONVENTIONS.md: commune_a_staff, commune_b_staff, province_staff,
ministry_viewer (plus a province inspector and commune A's commander)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from garrison.accounts.rules import Role
from tests.factories import (
    CommandFactory,
    CommuneFactory,
    PersonFactory,
    ProvinceFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    # A fast hasher first: every persona signs in, and PBKDF2's million iterations cost
    # minutes over the suite. PBKDF2 stays second, so its hashes still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def province(db):
    return ProvinceFactory(code=11, name="Điện Biên", codename="dien_bien")


@pytest.fixture
def other_province(db):
    return ProvinceFactory(code=12, name="Lai Châu", codename="lai_chau")


@pytest.fixture
def commune_a(province):
    return CommuneFactory(code=3316, name="Xã Na Son", province=province)


@pytest.fixture
def commune_b(province):
    return CommuneFactory(
        code=3151, name="Phường Mường Thanh", province=province, division_type="phuong"
    )


@pytest.fixture
def commune_c(other_province):
    return CommuneFactory(code=3400, name="Xã Khác", province=other_province)


@pytest.fixture
def command_a(commune_a):
    return CommandFactory(commune=commune_a)


@pytest.fixture
def command_b(commune_b):
    return CommandFactory(commune=commune_b)


@pytest.fixture
def person_a(commune_a):
    return PersonFactory(residence_commune=commune_a, full_name="Lò Văn An")


@pytest.fixture
def person_b(commune_b):
    return PersonFactory(residence_commune=commune_b, full_name="Quàng Thị Bình", sex="female")


def _user(username, role, province=None, commune=None):
    return UserFactory(
        username=username,
        role=role,
        province=province or (commune.province if commune else None),
        commune=commune,
        full_name=username,
    )


@pytest.fixture
def commune_a_staff(commune_a):
    return _user("a_staff", Role.COMMUNE_STAFF, commune=commune_a)


@pytest.fixture
def commune_a_commander(commune_a):
    return _user("a_commander", Role.COMMUNE_COMMANDER, commune=commune_a)


@pytest.fixture
def commune_b_staff(commune_b):
    return _user("b_staff", Role.COMMUNE_STAFF, commune=commune_b)


@pytest.fixture
def province_staff(province):
    return _user("p_staff", Role.PROVINCE_STAFF, province=province)


@pytest.fixture
def province_inspector(province):
    return _user("p_inspector", Role.PROVINCE_INSPECTOR, province=province)


@pytest.fixture
def ministry_viewer(db):
    return _user("ministry", Role.MINISTRY_VIEWER)


def client_for(user, language: str = "en") -> Client:
    """A signed-in client that chose its language with the header's switch (the language
    cookie; the default language is Vietnamese whatever the browser asks): English, so tests
    can assert on the English texts; tests of the Vietnamese UI pass language="vi"."""
    client = Client(headers={"accept-language": language})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def as_user():
    return client_for
