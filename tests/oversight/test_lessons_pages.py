"""The lessons register as its users meet it: the province's staff and inspector record lessons
and models and where a model was taken up (its result edited later); the filters by kind, topic,
kind of commune, commune it came from and province; communes read the province's lessons and
their own replications only, the Ministry every province's; neither changes anything. Today is
20/07/2026."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from garrison.oversight.lessons import services
from garrison.oversight.models import Lesson, Replication
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import CommuneFactory, IncidentFactory
from tests.factories.oversight import LessonFactory, ReplicationFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, datetime.date(2026, 7, 20))


@pytest.fixture
def model(province, commune_a):
    """Na Son's effective model: militia self-managing the border road."""
    return LessonFactory(province=province, origin_commune=commune_a, for_border=True)


@pytest.fixture
def commune_c_of_a(province):
    return CommuneFactory(province=province, code=3317, name="Xã Chà Tở")


def _titles(client, **params) -> set[str]:
    response = client.get(reverse("oversight:lesson_list"), params)
    assert response.status_code == 200
    return {row["obj"].title for row in response.context["rows"]}


# --- recording -----------------------------------------------------------------------------------
def _lesson_form(**values):
    data = {
        "kind": "lesson",
        "title": "Kiểm tra chéo sổ sách giữa các xã",
        "topic": "reporting",
        "tags": "sổ sách, kiểm tra",
        "body": "Các xã kiểm tra chéo sổ đăng ký dân quân mỗi quý.",
        "recorded_on": "15/07/2026",
    }
    data.update(values)
    return data


@pytest.mark.parametrize("persona", ["province_staff", "province_inspector"])
def test_the_provinces_staff_and_inspector_record_lessons(request, persona, province, commune_a):
    user = request.getfixturevalue(persona)
    review = ReviewFactory(province=province)
    incident = IncidentFactory(commune=commune_a)
    response = client_for(user).post(
        reverse("oversight:lesson_add"),
        _lesson_form(
            origin_commune=commune_a.pk, review=review.pk, incident=incident.pk, for_mountain="on"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = Lesson.objects.get()
    assert lesson.province == province and lesson.review == review and lesson.for_mountain
    assert "so sach" in lesson.search_text and "xa na son" in lesson.search_text


def test_it_refuses_an_origin_of_another_province(province_staff, other_province):
    incident = IncidentFactory(commune=CommuneFactory(province=other_province))
    lesson = Lesson(
        kind="lesson",
        title="x",
        topic="other",
        body="x",
        recorded_on=datetime.date(2026, 7, 1),
        incident=incident,
        review=ReviewFactory(province=other_province),
    )
    with pytest.raises(ValidationError) as refused:
        services.do_create_lesson(actor=province_staff, lesson=lesson)
    assert set(refused.value.message_dict) == {"incident", "review"}


@pytest.mark.parametrize("persona", ["commune_a_commander", "commune_a_staff", "ministry_viewer"])
def test_communes_and_the_ministry_read_lessons_and_change_none(request, persona, model):
    client = client_for(request.getfixturevalue(persona))
    page = client.get(reverse("oversight:lesson_detail", args=[model.pk]))
    assert page.status_code == 200 and model.body in page.content.decode()
    assert 'data-testid="edit"' not in page.content.decode()
    assert "action-record_replication" not in page.content.decode()
    assert client.get(reverse("oversight:lesson_add")).status_code == 404
    assert client.get(reverse("oversight:lesson_edit", args=[model.pk])).status_code == 404
    response = client.post(
        f"/api/oversight/lessons/{model.pk}/record-replication",
        json.dumps({"commune_code": 3151, "started_on": "2026-07-01"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Replication.objects.exists()


# --- filters -------------------------------------------------------------------------------------
def test_it_filters_by_kind_topic_kind_of_commune_and_origin(
    province_staff, model, province, commune_b
):
    LessonFactory(province=province, kind="lesson", title="Báo cáo đúng hạn", topic="reporting")
    LessonFactory(
        province=province, title="Sơ tán", topic="civil_defence", for_mountain=True,
        origin_commune=commune_b,
    )  # fmt: skip
    client = client_for(province_staff)
    border = "Tổ dân quân tự quản đường biên"
    assert _titles(client, kind="lesson") == {"Báo cáo đúng hạn"}
    assert _titles(client, topic="militia") == {border}
    assert _titles(client, suits="border") == {border}
    assert _titles(client, suits="mountain") == {"Sơ tán"}
    assert _titles(client, suits="island") == set()
    assert _titles(client, commune=3316) == {border}
    assert _titles(client, commune=3151) == {"Sơ tán"}
    response = client.get(reverse("oversight:lesson_list"), {"suits": "desert"})
    assert response.context["filterset"].errors


def test_the_ministry_filters_by_province(ministry_viewer, model, other_province):
    LessonFactory(province=other_province, title="Dân quân biển")
    client = client_for(ministry_viewer)
    assert _titles(client) == {"Tổ dân quân tự quản đường biên", "Dân quân biển"}
    assert _titles(client, province=12) == {"Dân quân biển"}
    data = client.get("/api/oversight/lessons", {"province": 11}).json()
    assert [item["title"] for item in data["items"]] == ["Tổ dân quân tự quản đường biên"]


def test_a_commune_reads_its_provinces_lessons_only(commune_a_staff, model, other_province):
    LessonFactory(province=other_province, title="Dân quân biển")
    assert _titles(client_for(commune_a_staff)) == {"Tổ dân quân tự quản đường biên"}


# --- replications --------------------------------------------------------------------------------
def test_the_province_records_where_a_model_was_taken_up_and_its_result_later(
    province_staff, model, commune_b
):
    client = client_for(province_staff)
    detail = reverse("oversight:lesson_detail", args=[model.pk])
    assert 'data-testid="action-record_replication"' in client.get(detail).content.decode()
    url = reverse("oversight:lesson_record_replication", args=[model.pk])
    response = client.post(
        url, {"commune": commune_b.code, "started_on": "01/06/2026", "result": "under_way"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    replication = Replication.objects.get()
    assert replication.commune == commune_b and replication.province == model.province
    page = client.get(detail).content.decode()
    assert "Phường Mường Thanh" in page and "under way" in page
    edit = reverse("oversight:replication_edit", args=[replication.pk])
    assert f'href="{edit}"' in page
    response = client.post(
        edit,
        {
            "started_on": "01/06/2026",
            "result": "succeeded",
            "result_note": "Giảm hẳn vượt biên trái phép",
            "version": replication.version,
        },
    )
    assert response.status_code == 302
    replication.refresh_from_db()
    assert replication.result == "succeeded"
    assert "Giảm hẳn vượt biên trái phép" in client.get(detail).content.decode()


def test_it_refuses_the_models_own_commune_a_second_record_and_a_lesson_learned(
    province_staff, model, commune_a, commune_b, province
):
    client = client_for(province_staff)
    url = reverse("oversight:lesson_record_replication", args=[model.pk])
    form = {"commune": commune_a.code, "started_on": "01/06/2026", "result": "under_way"}
    response = client.post(url, form)
    assert response.status_code == 400
    assert "comes from this commune" in response.content.decode()
    client.post(url, {**form, "commune": commune_b.code})
    response = client.post(url, {**form, "commune": commune_b.code})
    assert response.status_code == 400
    assert "already took up this model" in response.content.decode()
    lesson = LessonFactory(province=province, kind="lesson")
    assert (
        client.get(reverse("oversight:lesson_record_replication", args=[lesson.pk])).status_code
        == 404
    )
    with pytest.raises(ValidationError):
        services.do_record_replication(
            actor=province_staff,
            lesson=lesson,
            commune=commune_b,
            started_on=datetime.date(2026, 6, 1),
        )
    assert Replication.objects.count() == 1


def test_a_model_taken_up_elsewhere_stays_a_model(province_staff, model, commune_b):
    ReplicationFactory(lesson=model, commune=commune_b)
    model.kind = "lesson"
    with pytest.raises(ValidationError) as refused:
        services.do_update_lesson(actor=province_staff, lesson=model, expected_version=1)
    assert "kind" in refused.value.message_dict


def test_each_commune_reads_its_own_replications(
    model, commune_b, commune_c_of_a, commune_a_staff, commune_b_staff
):
    ReplicationFactory(lesson=model, commune=commune_b, result_note="Mường Thanh làm theo")
    ReplicationFactory(lesson=model, commune=commune_c_of_a, result_note="Chà Tở làm theo")
    detail = reverse("oversight:lesson_detail", args=[model.pk])
    page = client_for(commune_b_staff).get(detail).content.decode()
    assert "Mường Thanh làm theo" in page and "Chà Tở làm theo" not in page
    page = client_for(commune_a_staff).get(detail).content.decode()
    assert "làm theo" not in page
    data = client_for(commune_b_staff).get(f"/api/oversight/lessons/{model.pk}").json()
    assert [r["commune_code"] for r in data["replications"]] == [3151]
    mine = client_for(commune_b_staff).get("/api/oversight/replications").json()
    assert [r["result_note"] for r in mine["items"]] == ["Mường Thanh làm theo"]
    replication = Replication.objects.get(commune=commune_b)
    edit = reverse("oversight:replication_edit", args=[replication.pk])
    assert client_for(commune_b_staff).get(edit).status_code == 404


def test_the_api_records_a_replication_and_edits_its_result(province_inspector, model, commune_b):
    client = client_for(province_inspector)
    url = f"/api/oversight/lessons/{model.pk}/record-replication"
    body = {"commune_code": 3151, "started_on": "2026-06-01", "result": "partly"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    (row,) = response.json()["replications"]
    assert row["commune_code"] == 3151 and row["result"] == "partly"
    response = client.post(
        url, json.dumps({**body, "commune_code": 9999}), content_type="application/json"
    )
    assert response.status_code == 400 and "commune_code" in response.json()["errors"]
    response = client.patch(
        f"/api/oversight/replications/{row['id']}",
        json.dumps({"result": "succeeded", "version": row["version"]}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["result"] == "succeeded"


def test_the_register_exports_to_a_sheet(province_staff, model):
    response = client_for(province_staff).get(
        reverse("oversight:lesson_export"), {"format": "csv", "q": "duong bien"}
    )
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert model.title in text and "border communes" in text
