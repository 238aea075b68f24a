"""Accounts: who may create whom, disabling, sign-in throttling, API tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from garrison.accounts.models import ApiToken, User
from garrison.accounts.permissions import can_manage_users
from garrison.accounts.rules import Role, grantable_roles
from tests.conftest import client_for
from tests.factories import UserFactory


def test_only_province_staff_manage_accounts_and_never_above_their_level():
    # only the roles below their own (issue 15, finding 12): not their peers at the province
    assert grantable_roles(Role.PROVINCE_STAFF) == [Role.COMMUNE_COMMANDER, Role.COMMUNE_STAFF]
    assert Role.MINISTRY_VIEWER not in grantable_roles(Role.PROVINCE_STAFF)
    for role in (
        Role.COMMUNE_COMMANDER,
        Role.COMMUNE_STAFF,
        Role.PROVINCE_INSPECTOR,
        Role.MINISTRY_VIEWER,
    ):
        assert grantable_roles(role) == []


def signs_in(username: str, password: str) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def new_user_form(**extra) -> dict:
    return {
        "username": "nguoimoi",
        "full_name": "Người Mới",
        "role": Role.COMMUNE_STAFF,
        "password": "a-long-enough-passphrase",
        "is_active": "on",
        **extra,
    }


@pytest.mark.django_db
def test_province_staff_create_a_commune_user(province_staff, commune_a, as_user):
    client = as_user(province_staff)
    response = client.post("/accounts/users/add/", new_user_form(commune=commune_a.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="nguoimoi")
    assert (user.role, user.commune, user.province) == (
        Role.COMMUNE_STAFF,
        commune_a,
        commune_a.province,
    )
    assert user.check_password("a-long-enough-passphrase")
    assert signs_in("nguoimoi", "a-long-enough-passphrase")


@pytest.mark.django_db
def test_province_staff_cannot_grant_the_ministry_role_or_another_province(
    province_staff, commune_c, as_user
):
    client = as_user(province_staff)
    response = client.post("/accounts/users/add/", new_user_form(role=Role.MINISTRY_VIEWER))
    assert response.status_code == 400
    response = client.post("/accounts/users/add/", new_user_form(commune=commune_c.pk))
    assert response.status_code == 400
    assert not User.objects.filter(username="nguoimoi").exists()


@pytest.mark.django_db
def test_commune_users_cannot_manage_accounts(commune_a_commander, commune_a, as_user):
    client = as_user(commune_a_commander)
    assert client.get("/accounts/users/add/").status_code == 404
    response = client.post("/accounts/users/add/", new_user_form(commune=commune_a.pk))
    assert response.status_code == 404
    assert not User.objects.filter(username="nguoimoi").exists()


@pytest.mark.django_db
def test_a_disabled_account_sees_nothing(province_staff, commune_a_staff, person_a, as_user):
    client = as_user(province_staff)
    edit = client.get(f"/accounts/users/{commune_a_staff.pk}/edit/")
    assert edit.status_code == 200
    form = {
        "username": commune_a_staff.username,
        "full_name": commune_a_staff.full_name,
        "role": commune_a_staff.role,
        "province": commune_a_staff.province_id,
        "commune": commune_a_staff.commune_id,
        "version": commune_a_staff.version,
    }  # is_active left unticked
    assert client.post(f"/accounts/users/{commune_a_staff.pk}/edit/", form).status_code == 302
    commune_a_staff.refresh_from_db()
    assert not commune_a_staff.is_active
    assert not signs_in(commune_a_staff.username, "secret-pass-123")


@pytest.mark.django_db
def test_sign_in_is_throttled_after_repeated_failures(commune_a_staff, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/accounts/login/", {"username": commune_a_staff.username, "password": "wrong"}
        )
        assert response.status_code in (200, 429)
    response = client.post(
        "/accounts/login/", {"username": commune_a_staff.username, "password": "secret-pass-123"}
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_lands_on_the_home_page(commune_a_staff, command_a):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": commune_a_staff.username, "password": "secret-pass-123"},
        follow=True,
    )
    assert response.status_code == 200
    assert command_a.name in response.content.decode()


@pytest.mark.django_db
def test_users_create_and_revoke_their_own_api_tokens(commune_a_staff, as_user):
    client = as_user(commune_a_staff)
    response = client.post("/accounts/tokens/", {"name": "báo cáo"})
    token = ApiToken.objects.get(user=commune_a_staff)
    page = response.content.decode()
    assert token.prefix in page
    key = page.split('data-testid="new-token">')[1].split("<")[0]
    assert ApiToken.hash_key(key) == token.key_hash  # only the hash is stored
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/people").status_code == 200
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert api.get("/api/people").status_code == 401


# --- issue 15, finding 12 ------------------------------------------------------------------------
def _edit_form(user, **extra) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "province": user.province_id or "",
        "commune": user.commune_id or "",
        "is_active": "on",
        "version": user.version,
        **extra,
    }


@pytest.mark.django_db
def test_it_refuses_province_staff_changing_a_peer_at_the_province(
    province_staff, province_inspector, as_user
):
    """Province staff reset neither the inspector's password nor another province staff's:
    neither by the page, nor by the API, nor by an import; the inspector and the peer keep their
    passwords."""
    peer = UserFactory(
        username="p_staff2",
        role=Role.PROVINCE_STAFF,
        province=province_staff.province,
        full_name="p_staff2",
    )
    client = as_user(province_staff)
    for target in (province_inspector, peer):
        url = f"/accounts/users/{target.pk}/edit/"
        assert client.get(url).status_code == 404, target.username
        form = _edit_form(target, password="a-long-enough-passphrase")
        assert client.post(url, form).status_code == 404, target.username
        response = client.patch(
            f"/api/accounts/users/{target.pk}",
            {"password": "a-long-enough-passphrase", "version": target.version},
            content_type="application/json",
        )
        assert response.status_code in (403, 404), target.username
        assert not can_manage_users(province_staff, target)
        target.refresh_from_db()
        assert target.check_password("secret-pass-123")
    # nor do they create one
    response = client.post(
        "/accounts/users/add/",
        new_user_form(role=Role.PROVINCE_STAFF, province=province_staff.province_id),
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="nguoimoi").exists()


@pytest.mark.django_db
def test_it_ends_sessions_and_revokes_api_tokens_on_a_password_reset(
    province_staff, commune_a_staff, as_user
):
    _token, key = ApiToken.issue(commune_a_staff, "báo cáo")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    session = as_user(commune_a_staff)
    assert api.get("/api/people").status_code == 200
    assert session.get("/people/").status_code == 200

    url = f"/accounts/users/{commune_a_staff.pk}/edit/"
    form = _edit_form(commune_a_staff, password="another-long-passphrase")
    assert as_user(province_staff).post(url, form).status_code == 302

    assert api.get("/api/people").status_code == 401
    assert session.get("/people/").status_code == 302  # back to the sign-in page
    assert signs_in(commune_a_staff.username, "another-long-passphrase")


@pytest.mark.django_db
def test_it_keeps_api_tokens_when_an_edit_sets_no_password(
    province_staff, commune_a_staff, as_user
):
    _token, key = ApiToken.issue(commune_a_staff, "báo cáo")
    url = f"/accounts/users/{commune_a_staff.pk}/edit/"
    form = _edit_form(commune_a_staff, phone="0912345678")
    assert as_user(province_staff).post(url, form).status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/people").status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_new_account_whose_password_is_its_username(
    province_staff, commune_a, as_user
):
    client = as_user(province_staff)
    form = new_user_form(
        username="nguyenvanthanh", password="nguyenvanthanh1", commune=commune_a.pk
    )
    response = client.post("/accounts/users/add/", form)
    assert response.status_code == 400
    assert "too similar" in response.content.decode()
    assert not User.objects.filter(username="nguyenvanthanh").exists()


@pytest.mark.django_db
def test_it_refuses_an_all_digit_password(province_staff, commune_a, as_user):
    client = as_user(province_staff)
    form = new_user_form(password="8402739165", commune=commune_a.pk)
    response = client.post("/accounts/users/add/", form)
    assert response.status_code == 400
    assert "entirely numeric" in response.content.decode()
    assert not User.objects.filter(username="nguoimoi").exists()


# --- issue 20: a read does not write -------------------------------------------------------------
@pytest.mark.django_db
def test_it_records_a_tokens_use_at_most_every_five_minutes(commune_a_staff, monkeypatch):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    start = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=datetime.UTC)
    clock = [start]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    token, key = ApiToken.issue(commune_a_staff, "script")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get("/api/people").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == start  # the first use is recorded
    clock[0] = start + datetime.timedelta(minutes=4)
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/people").status_code == 200
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == start  # within 5 minutes: still right
    clock[0] = start + datetime.timedelta(minutes=6)
    assert api.get("/api/people").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == clock[0]
    page = client_for(commune_a_staff).get("/accounts/tokens/").content.decode()
    assert "at most every 5 minutes" in page
