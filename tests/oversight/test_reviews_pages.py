"""The reviews register as its users meet it: the province records a review (refused, with the
reason beside the field, when a programme review names no programme), quotes figures from the
registers on the review's page (said to be as of the review date), draws a lesson from it, prints
its report (in Vietnamese); its communes and the Ministry read it and change nothing; the API
does the same. Today is 20/07/2026."""

from __future__ import annotations

import datetime
import io
import json
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from garrison.core.indicators import all_indicators
from garrison.oversight.models import Review, ReviewFigure
from garrison.oversight.reviews import services
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import MassProgrammeFactory, MilitiaMemberFactory, MilitiaUnitFactory
from tests.factories.oversight import LessonFactory, ReviewFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, TODAY)


@pytest.fixture
def review(province):
    return ReviewFactory(
        province=province,
        scope_text="45 xã, phường trên địa bàn tỉnh",
        conclusions="Ban Chỉ huy Quân sự cấp xã hoạt động ổn định, nền nếp.",
    )


def _form(**values):
    data = {
        "kind": "interim",
        "title": "Sơ kết công tác dân vận",
        "subject": "period",
        "period_start": "01/01/2026",
        "period_end": "30/06/2026",
        "held_on": "15/07/2026",
        "scope_text": "",
        "conclusions": "",
    }
    data.update(values)
    return data


def test_it_records_a_review_and_says_what_a_programme_review_lacks(province_staff, province):
    client = client_for(province_staff, "vi")
    url = reverse("oversight:review_add")
    response = client.post(url, _form(subject="programme"))
    assert response.status_code == 400
    assert "chương trình" in response.context["form"].errors["programme"][0]
    programme = MassProgrammeFactory(province=province)
    response = client.post(url, _form(subject="programme", programme=programme.pk))
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.province == province and review.programme == programme
    assert review.held_on == datetime.date(2026, 7, 15)


def test_the_inspector_records_a_review_too(province_inspector):
    response = client_for(province_inspector).post(reverse("oversight:review_add"), _form())
    assert response.status_code == 302
    assert Review.objects.count() == 1


def test_it_quotes_figures_on_the_page_as_of_the_review_date(province_staff, review, commune_a):
    unit = MilitiaUnitFactory(commune=commune_a)
    MilitiaMemberFactory.create_batch(2, unit=unit)
    client = client_for(province_staff)
    detail = reverse("oversight:review_detail", args=[review.pk])
    page = client.get(detail).content.decode()
    assert 'data-testid="action-quote_figures"' in page
    assert "No figure quoted yet." in page
    url = reverse("oversight:review_quote_figures", args=[review.pk])
    form = client.get(url).content.decode()
    assert form.count('name="codes"') == len(all_indicators())
    response = client.post(url, {"codes": ["militia.strength"]})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "As the registers stood on 15/07/2026" in page
    assert "militia and self-defence strength" in page
    figure = review.figures.get()
    assert figure.value == 2 and figure.as_of == review.held_on
    # every figure at once; the ones quoted already were ticked
    assert client.get(url).context["form"].initial["codes"] == ["militia.strength"]
    client.post(url, {"every": "on"})
    assert review.figures.count() == len(all_indicators())


def test_it_refuses_a_quote_without_a_figure(province_staff, review):
    response = client_for(province_staff).post(
        reverse("oversight:review_quote_figures", args=[review.pk]), {}
    )
    assert response.status_code == 400
    assert "Tick the figures to quote" in response.content.decode()


def test_it_draws_a_lesson_from_the_review(province_staff, review):
    client = client_for(province_staff)
    page = client.get(reverse("oversight:review_detail", args=[review.pk])).content.decode()
    add = f"{reverse('oversight:lesson_add')}?review={review.pk}"
    assert f'href="{add}"' in page
    form = client.get(add).context["form"]
    assert str(form["review"].value()) == str(review.pk)
    LessonFactory(province=review.province, review=review, title="Giao ban trực tuyến")
    page = client.get(reverse("oversight:review_detail", args=[review.pk])).content.decode()
    assert "Giao ban trực tuyến" in page


def test_communes_and_the_ministry_read_a_review_and_change_nothing(
    review, commune_a_staff, ministry_viewer
):
    for user in (commune_a_staff, ministry_viewer):
        client = client_for(user)
        page = client.get(reverse("oversight:review_detail", args=[review.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert review.conclusions in text
        for absent in ('data-testid="edit"', "action-quote_figures", "record-lesson"):
            assert absent not in text
        assert client.get(reverse("oversight:review_add")).status_code == 404
        quote = reverse("oversight:review_quote_figures", args=[review.pk])
        assert client.post(quote, {"every": "on"}).status_code == 404
    assert not ReviewFigure.objects.exists()


def test_another_provinces_review_is_not_found(review, other_province):
    from tests.factories import UserFactory

    outsider = UserFactory(role="province_staff", province=other_province)
    response = client_for(outsider).get(reverse("oversight:review_detail", args=[review.pk]))
    assert response.status_code == 404


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_the_report_prints_in_vietnamese(province_staff, review, commune_a):
    MilitiaMemberFactory(unit=MilitiaUnitFactory(commune=commune_a))
    services.do_quote_review_figures(
        actor=province_staff, review=review, codes=["militia.strength"]
    )
    LessonFactory(province=review.province, review=review)
    response = client_for(province_staff, "en").get(
        reverse("oversight:review_pdf", args=[review.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for words in (
        "BỘ CHỈ HUY QUÂN SỰ TỈNH ĐIỆN BIÊN",
        "BÁO CÁO",
        "Sơ kết 01 năm thực hiện mô hình chính quyền địa phương hai cấp",
        "tính đến ngày 15/07/2026",
        "quân số dân quân tự vệ",
        "Ban Chỉ huy Quân sự cấp xã hoạt động ổn định, nền nếp.",
        "Tổ dân quân tự quản đường biên",
        "mô hình hiệu quả",
    ):
        assert words in text, words


def test_the_register_exports_to_a_sheet(province_staff, review):
    response = client_for(province_staff).get(reverse("oversight:review_export"), {"format": "csv"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert review.title in body.decode("utf-8-sig")


def test_the_api_quotes_figures_and_answers_them_with_the_review(
    province_staff, commune_a_staff, review
):
    url = f"/api/oversight/reviews/{review.pk}/quote-figures"
    body = json.dumps({"codes": ["militia.strength", "no.such"]})
    client = client_for(province_staff)
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400 and "codes" in response.json()["errors"]
    response = client.post(url, json.dumps({"every": True}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert len(response.json()["figures"]) == len(all_indicators())
    detail = client.get(f"/api/oversight/reviews/{review.pk}").json()
    assert detail["figures"][0]["as_of"] == "2026-07-15"
    response = client_for(commune_a_staff).post(
        url, json.dumps({"every": True}), content_type="application/json"
    )
    assert response.status_code == 403


def test_the_api_refuses_a_programme_review_without_its_programme(province_staff):
    body = {
        "kind": "overall",
        "title": "Tổng kết",
        "subject": "programme",
        "period_start": "2025-07-01",
        "period_end": "2026-06-30",
        "held_on": "2026-07-15",
    }
    response = client_for(province_staff).post(
        "/api/oversight/reviews", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert "programme_id" in response.json()["errors"]
