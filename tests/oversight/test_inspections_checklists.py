"""Checklists are kept like report forms: a new checklist has a draft version 1 whose points
change; "Publish" freezes it (a published version refuses every change, on the pages and in
the API); "New version" copies the latest points into a new draft. An inspection follows a
published version, and its checklist is recorded one commune at a time, one line per point."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from garrison.oversight.inspections import services
from garrison.oversight.models import ChecklistAnswer, ChecklistTemplate
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.oversight import ChecklistItemFactory, inspection_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, datetime.date(2026, 6, 15))


@pytest.fixture
def checklist(province_inspector):
    template = services.do_create_checklist(
        actor=province_inspector, template=ChecklistTemplate(name="Kiểm tra Ban CHQS xã")
    )
    version = template.versions.get()
    for order, text in enumerate(["Sổ đăng ký dân quân", "Kế hoạch sẵn sàng chiến đấu"]):
        ChecklistItemFactory(checklist_version=version, order=order, text=text)
    return template


def test_it_creates_a_checklist_of_the_province_with_a_draft_version(checklist, province):
    version = checklist.versions.get()
    assert checklist.province == province
    assert version.number == 1 and version.is_draft


def test_it_refuses_to_publish_an_empty_version(province_inspector):
    template = services.do_create_checklist(
        actor=province_inspector, template=ChecklistTemplate(name="Trống")
    )
    with pytest.raises(ValidationError, match="no point"):
        services.do_publish_checklist_version(
            actor=province_inspector, version=template.versions.get()
        )


def test_a_published_version_refuses_every_change(checklist, province_inspector):
    version = services.do_publish_checklist_version(
        actor=province_inspector, version=checklist.versions.get()
    )
    item = version.items.first()
    client = client_for(province_inspector)
    for url in (
        reverse("oversight:checklist_item_edit", args=[item.pk]),
        reverse("oversight:checklist_item_delete", args=[item.pk]),
    ):
        response = client.post(url, {"order": 5, "area": "other", "text": "x", "version": 1})
        assert response.status_code == 302  # back to the point, with the reason
    add = client.post(
        reverse("oversight:checklist_item_add"),
        {"checklist_version": version.pk, "order": 9, "area": "other", "text": "Thêm"},
    )
    assert add.status_code == 400
    api = client.patch(
        f"/api/oversight/checklist-items/{item.pk}",
        json.dumps({"version": item.version, "text": "Sửa"}),
        content_type="application/json",
    )
    assert api.status_code == 400 and "published" in api.json()["detail"]
    created = client.post(
        "/api/oversight/checklist-items",
        json.dumps({"checklist_version_id": version.pk, "area": "other", "text": "Thêm"}),
        content_type="application/json",
    )
    assert created.status_code == 400
    item.refresh_from_db()
    assert item.text == "Sổ đăng ký dân quân" and version.items.count() == 2
    page = client.get(reverse("oversight:checklist_version_detail", args=[version.pk]))
    assert 'data-testid="version-published"' in page.content.decode()
    assert 'data-testid="action-publish"' not in page.content.decode()


def test_a_new_version_copies_the_points_and_leaves_the_old_one(checklist, province_inspector):
    first = services.do_publish_checklist_version(
        actor=province_inspector, version=checklist.versions.get()
    )
    client = client_for(province_inspector)
    response = client.post(
        reverse("oversight:checklist_new_version", args=[checklist.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    second = checklist.versions.get(number=2)
    assert second.is_draft
    assert [i.text for i in second.items.all()] == [i.text for i in first.items.all()]
    copied = second.items.first()
    edit = client.post(
        reverse("oversight:checklist_item_edit", args=[copied.pk]),
        {"order": 0, "area": "militia", "text": "Sổ dân quân (mới)", "version": copied.version},
    )
    assert edit.status_code == 302
    assert first.items.first().text == "Sổ đăng ký dân quân"
    with pytest.raises(ValidationError, match="still a draft"):
        services.do_new_checklist_version(actor=province_inspector, template=checklist)


def test_only_the_inspector_keeps_checklists(checklist, province_staff, commune_a_staff):
    version = checklist.versions.get()
    for user in (province_staff, commune_a_staff):
        client = client_for(user)
        assert client.get(reverse("oversight:checklist_add")).status_code == 404
        publish = reverse("oversight:checklist_version_publish", args=[version.pk])
        assert client.post(publish, {"confirm": "on"}).status_code == 404
    version.refresh_from_db()
    assert version.is_draft


def test_an_inspection_follows_a_published_version_only(checklist, province_inspector, commune_a):
    draft = checklist.versions.get()
    inspection = inspection_of(commune_a)
    inspection.checklist_version = draft
    with pytest.raises(ValidationError) as refused:
        services.do_save_inspection(
            actor=province_inspector,
            inspection=inspection,
            communes=[commune_a],
            expected_version=inspection.version,
        )
    assert "checklist_version" in refused.value.message_dict


def test_it_records_the_checklist_of_one_commune_line_by_line(
    checklist, province_inspector, commune_a, commune_b
):
    version = services.do_publish_checklist_version(
        actor=province_inspector, version=checklist.versions.get()
    )
    inspection = inspection_of(commune_a, checklist_version=version)
    inspection.targets.create(commune=commune_b)
    first, second = version.items.all()
    client = client_for(province_inspector)
    url = reverse("oversight:inspection_record_checklist", args=[inspection.pk])
    page = client.get(url, {"commune": commune_a.pk})
    assert page.status_code == 200
    assert 'data-testid="checklist-lines"' in page.content.decode()
    incomplete = client.post(url, {"commune": commune_a.pk, f"result_{first.pk}": "met"})
    assert incomplete.status_code == 400
    data = {
        "commune": commune_a.pk,
        f"result_{first.pk}": "met",
        f"result_{second.pk}": "not_met",
        f"note_{second.pk}": "Chưa bổ sung",
    }
    assert client.post(url, data).status_code == 302
    answers = ChecklistAnswer.objects.filter(inspection=inspection, commune=commune_a)
    assert {(a.item_id, a.result) for a in answers} == {(first.pk, "met"), (second.pk, "not_met")}
    # again: the answers are replaced, not doubled; the page shows what was recorded
    again = client.get(url, {"commune": commune_a.pk})
    assert again.context["form"][f"result_{second.pk}"].value() == "not_met"
    data[f"result_{second.pk}"] = "partly"
    assert client.post(url, data).status_code == 302
    assert answers.count() == 2 and answers.get(item=second).result == "partly"
    detail = client.get(reverse("oversight:inspection_detail", args=[inspection.pk]))
    assert 'data-testid="checklist-answers"' in detail.content.decode()
