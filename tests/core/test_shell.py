"""The shell around every page: the language it speaks and the error pages it shows."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from garrison.urls import urlpatterns as garrison_urls
from tests.conftest import client_for


# --- language: Vietnamese unless the user chose English -------------------------------------------
@pytest.mark.django_db
def test_it_speaks_vietnamese_to_an_english_browser_that_chose_nothing():
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    response = client.get("/accounts/login/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Hệ thống thông tin Ban Chỉ huy quân sự cấp xã" in page


@pytest.mark.django_db
def test_it_speaks_english_after_the_switch_is_pressed():
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Information system of the commune Military Commands" in page
    # and back to Vietnamese
    client.post("/i18n/setlang/", {"language": "vi", "next": "/accounts/login/"})
    assert '<html lang="vi">' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_vietnamese():
    client = Client(headers={"accept-language": "en"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="vi">' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_a_program_calling_the_api_still_chooses_by_its_header(commune_a_staff):
    client = Client(headers={"accept-language": "en"})
    response = client.get("/api/people")  # not signed in: the refusal is in the asked language
    assert response.status_code == 401
    assert response.headers["Content-Language"] == "en"


# --- error pages: Garrison's own, translated, with a way home, in debug mode too ---------------
def boom(request):
    raise RuntimeError("a bug")


def refuse(request):
    raise PermissionDenied


urlpatterns = [*garrison_urls, path("test-boom/", boom), path("test-refuse/", refuse)]


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    settings.GARRISON_FRIENDLY_ERRORS = True
    return request.param


@pytest.mark.django_db
def test_an_unknown_address_answers_garrisons_404(debug, commune_a_staff):
    response = client_for(commune_a_staff, "vi").get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page
    assert 'data-testid="error-home"' in page
    assert "Using the URLconf" not in page  # not Django's technical page


@pytest.mark.django_db
def test_a_record_outside_the_area_answers_the_same_404_as_a_missing_one(
    debug, commune_a_staff, person_b
):
    client = client_for(commune_a_staff)
    outside = client.get(f"/people/{person_b.pk}/")
    missing = client.get("/people/999999/")
    assert outside.status_code == missing.status_code == 404
    assert "Page not found" in outside.content.decode()
    assert "Page not found" in missing.content.decode()

    def main(response):
        page = response.content.decode()
        return page[page.index("<main") : page.index("</main>")]

    assert main(outside) == main(missing)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_forbidden_page_answers_garrisons_403(debug, commune_a_staff):
    response = client_for(commune_a_staff).get("/test-refuse/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Not allowed" in page
    assert 'data-testid="error-home"' in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_crash_answers_garrisons_500_without_a_traceback(debug, commune_a_staff):
    client = client_for(commune_a_staff, "vi")
    client.raise_request_exception = False
    response = client.get("/test-boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in page
    assert 'data-testid="error-home"' in page
    assert "RuntimeError" not in page


@pytest.mark.django_db
def test_with_friendly_errors_off_debug_shows_djangos_pages(settings, commune_a_staff):
    settings.DEBUG = True
    settings.GARRISON_FRIENDLY_ERRORS = False
    page = client_for(commune_a_staff).get("/no-such-page/").content.decode()
    assert "Using the URLconf" in page


# --- a province's dashboard, as the Ministry sees it ------------------------------------------
@pytest.mark.django_db
def test_the_ministry_opens_a_provinces_dashboard_from_its_home(
    ministry_viewer, province, command_a, command_b
):
    client = client_for(ministry_viewer)
    url = f"/territory/provinces/{province.pk}/dashboard/"
    assert url in client.get("/").content.decode()  # the province's row leads there
    page = client.get(url).content.decode()
    assert 'data-testid="dashboard-of"' in page
    assert province.name in page
    assert "Read only" in page
    # the province's own home: its commune commands, not the nation's table of provinces
    assert command_a.commune.name in page and command_b.commune.name in page
    assert "Communes without a Commander" in page
    assert "Commune commands by province" not in page


@pytest.mark.django_db
def test_a_province_sees_only_its_own_dashboard(
    province_staff, commune_a_staff, province, other_province
):
    own = client_for(province_staff).get(f"/territory/provinces/{province.pk}/dashboard/")
    other = client_for(province_staff).get(f"/territory/provinces/{other_province.pk}/dashboard/")
    commune = client_for(commune_a_staff).get(f"/territory/provinces/{province.pk}/dashboard/")
    assert own.status_code == 200
    assert other.status_code == 404
    assert commune.status_code == 404


@pytest.mark.django_db
def test_the_dashboard_offers_the_ministry_nothing_to_change(ministry_viewer, province, command_a):
    page = (
        client_for(ministry_viewer)
        .get(f"/territory/provinces/{province.pk}/dashboard/")
        .content.decode()
    )
    assert "/add/" not in page
    assert "/edit/" not in page


@pytest.mark.django_db
def test_a_provinces_record_leads_the_ministry_to_its_dashboard(ministry_viewer, province):
    page = client_for(ministry_viewer).get(f"/territory/provinces/{province.pk}/").content.decode()
    assert f'href="/territory/provinces/{province.pk}/dashboard/"' in page
