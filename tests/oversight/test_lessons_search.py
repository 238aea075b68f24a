"""The lessons register's search finds Vietnamese words typed with or without diacritics, in any
case, every word required — on the list page, in the API and in a picker alike; the tag filter
finds a tag as typed either way. Three lessons of Điện Biên and one of Lai Châu (never found by
Điện Biên's users)."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from django.urls import reverse

from garrison.oversight.lessons import rules, services
from garrison.oversight.models import Lesson
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.oversight import LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, datetime.date(2026, 7, 20))


@pytest.fixture
def lessons(province, other_province, commune_a, commune_b):
    border = LessonFactory(
        province=province,
        origin_commune=commune_a,
        title="Tổ dân quân tự quản đường biên",
        tags="Dân quân, đường biên",
        topic="militia",
        for_border=True,
    )
    reports = LessonFactory(
        province=province,
        kind="lesson",
        title="Giao ban trực tuyến với Ban CHQS xã",
        body="Họp giao ban hằng tháng qua cầu truyền hình, tiết kiệm thời gian đi lại.",
        tags="báo cáo",
        topic="reporting",
        for_urban=True,
    )
    landslide = LessonFactory(
        province=province,
        origin_commune=commune_b,
        title="Sơ tán dân khi sạt lở",
        body="Phối hợp công an xã và ĐOÀN THANH NIÊN sơ tán người già, trẻ em trước.",
        tags="phòng thủ dân sự, sạt lở",
        topic="civil_defence",
        for_mountain=True,
    )
    LessonFactory(province=other_province, title="Dân quân biển bám ngư trường")
    return {"border": border, "reports": reports, "landslide": landslide}


def _found(client, q: str, **filters) -> set[str]:
    response = client.get(reverse("oversight:lesson_list"), {"q": q, **filters})
    assert response.status_code == 200
    return {row["obj"].title for row in response.context["rows"]}


def test_fold_drops_the_diacritics_and_the_case():
    assert rules.fold("  Đường   BIÊN  giới ") == "duong bien gioi"
    assert rules.fold(unicodedata.normalize("NFD", "Dân quân")) == "dan quan"
    assert rules.search_words("DÂN quân, biên; dân") == ["dan", "quan", "bien"]


@pytest.mark.parametrize(
    "query", ["dan quan", "dân quân", "DÂN QUÂN", "Dan Quan", "duong bien", "đường biên"]
)
def test_it_finds_vietnamese_with_or_without_diacritics(lessons, province_staff, query):
    assert _found(client_for(province_staff), query) == {"Tổ dân quân tự quản đường biên"}


def test_it_finds_words_typed_decomposed_and_upper_case_stored_words(lessons, province_staff):
    client = client_for(province_staff)
    assert _found(client, unicodedata.normalize("NFD", "sạt lở")) == {"Sơ tán dân khi sạt lở"}
    assert _found(client, "doan thanh nien") == {"Sơ tán dân khi sạt lở"}


def test_it_requires_every_word(lessons, province_staff):
    client = client_for(province_staff)
    assert _found(client, "giao ban truyen hinh") == {"Giao ban trực tuyến với Ban CHQS xã"}
    assert _found(client, "giao ban sạt lở") == set()
    assert len(_found(client, "")) == 3


def test_it_finds_a_lesson_by_its_topic_and_kind_in_either_language(lessons, province_staff):
    client = client_for(province_staff)
    assert _found(client, "chi thi bao cao") == {"Giao ban trực tuyến với Ban CHQS xã"}
    assert _found(client, "civil defence") == {"Sơ tán dân khi sạt lở"}
    assert _found(client, "mo hinh hieu qua") == {
        "Tổ dân quân tự quản đường biên",
        "Sơ tán dân khi sạt lở",
    }


def test_the_tag_filter_finds_a_whole_tag_typed_either_way(lessons, province_staff):
    client = client_for(province_staff)
    for tag in ("dan quan", "DÂN QUÂN", "Đường biên"):
        assert _found(client, "", tag=tag) == {"Tổ dân quân tự quản đường biên"}, tag
    assert _found(client, "", tag="dan") == set()  # a word of a tag is no tag
    assert _found(client, "", tag="sat lo, phong thu dan su") == {"Sơ tán dân khi sạt lở"}


def test_the_api_searches_the_same_way(lessons, province_staff):
    client = client_for(province_staff)
    data = client.get("/api/oversight/lessons", {"q": "DUONG BIEN"}).json()
    assert [item["title"] for item in data["items"]] == ["Tổ dân quân tự quản đường biên"]
    assert data["items"][0]["tags"] == ["Dân quân", "đường biên"]
    assert data["items"][0]["suits"] == ["border"]
    data = client.get("/api/oversight/lessons", {"tag": "sat lo"}).json()
    assert [item["title"] for item in data["items"]] == ["Sơ tán dân khi sạt lở"]


def test_a_picker_searches_the_same_way(lessons, province_staff):
    response = client_for(province_staff).get(
        reverse("core:search", kwargs={"key": "oversight.lesson"}), {"q": "dan quan"}
    )
    assert [r["text"] for r in response.json()["results"]] == ["Tổ dân quân tự quản đường biên"]


def test_the_words_follow_every_edit(lessons, province_staff):
    lesson = lessons["reports"]
    lesson.title = "Báo cáo nhanh qua phần mềm"
    services.do_update_lesson(actor=province_staff, lesson=lesson, expected_version=1)
    client = client_for(province_staff)
    assert _found(client, "phan mem") == {"Báo cáo nhanh qua phần mềm"}
    assert _found(client, "truc tuyen") == set()
    # a save of some fields only keeps the words in step too
    lesson.body = "Cập nhật lên Zalo"
    lesson.save(update_fields=["body"])
    assert Lesson.objects.filter(search_text__contains="zalo").exists()
