"""The inspections API: the registers' generated routes and the domain actions, each calling the
same service as the pages — an inspection created with its communes, team and re-checks, a
finding recorded, an action added, answered by the commune, returned, answered again, verified;
a finding closed; a checklist version published and a new one opened; the checklist of a
commune recorded. Refusals answer 400 naming the field, 403 read-only, 404 outside the scope."""

from __future__ import annotations

import datetime
import json

import pytest

from garrison.oversight.models import ChecklistAnswer
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.oversight import (
    ChecklistItemFactory,
    ChecklistVersionFactory,
    FindingFactory,
    inspection_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, datetime.date(2026, 6, 15))


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_the_inspector_records_an_inspection_and_the_commune_answers(
    province_inspector, commune_a_commander, commune_a, commune_b, province_staff
):
    earlier = FindingFactory(commune=commune_a)
    inspector = client_for(province_inspector)
    created = post(
        inspector,
        "/api/oversight/inspections",
        {
            "title": "Kiểm tra lại Na Son",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-02",
            "state": "done",
            "commune_codes": [commune_a.code, commune_b.code],
            "team_ids": [province_inspector.pk],
            "recheck_ids": [earlier.pk],
            "lead": "Đại tá Lò Văn Hùng",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert set(body["commune_codes"]) == {commune_a.code, commune_b.code}
    assert body["recheck_ids"] == [earlier.pk] and body["team_ids"] == [province_inspector.pk]
    inspection_id = body["id"]

    finding = post(
        inspector,
        f"/api/oversight/inspections/{inspection_id}/findings",
        {
            "commune_code": commune_a.code,
            "severity": "serious",
            "area": "readiness",
            "description": "Chưa diễn tập phương án",
            "found_on": "2026-06-01",
        },
    )
    assert finding.status_code == 200, finding.content
    finding_id = finding.json()["findings"][0]["id"]

    action = post(
        inspector,
        f"/api/oversight/findings/{finding_id}/actions",
        {"description": "Tổ chức diễn tập", "due_on": "2026-07-31"},
    )
    assert action.status_code == 200, action.content
    action_id = action.json()["actions"][0]["id"]
    assert action.json()["actions"][0]["commune_code"] == commune_a.code

    commander = client_for(commune_a_commander)
    answer_url = f"/api/oversight/actions/{action_id}/answer"
    missing = post(commander, answer_url, {"answer": "Đã diễn tập", "completion_evidence": ""})
    assert missing.status_code == 400 and "completion_evidence" in missing.json()["errors"]
    for outsider in (inspector, client_for(province_staff)):
        refused = post(outsider, answer_url, {"answer": "x", "completion_evidence": "x"})
        assert refused.status_code == 403
    answered = post(
        commander, answer_url, {"answer": "Đã diễn tập", "completion_evidence": "Biên bản 05"}
    )
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    # the commune cannot verify, nor edit the finding
    assert post(commander, f"/api/oversight/actions/{action_id}/verify").status_code == 403
    patch = commander.patch(
        f"/api/oversight/findings/{finding_id}",
        json.dumps({"version": 1, "description": "x"}),
        content_type="application/json",
    )
    assert patch.status_code == 403

    no_reason = post(inspector, f"/api/oversight/actions/{action_id}/return", {})
    assert no_reason.status_code == 400
    returned = post(
        inspector, f"/api/oversight/actions/{action_id}/return", {"reason": "Thiếu ảnh"}
    )
    assert returned.json()["state"] == "returned"
    post(commander, answer_url, {"answer": "Bổ sung ảnh", "completion_evidence": "Ảnh lưu"})
    verified = post(inspector, f"/api/oversight/actions/{action_id}/verify", {"note": "Đạt"})
    assert verified.status_code == 200 and verified.json()["state"] == "verified"
    again = post(commander, answer_url, {"answer": "x", "completion_evidence": "x"})
    assert again.status_code == 400  # verified: it no longer changes
    got = inspector.get(f"/api/oversight/findings/{finding_id}").json()
    assert got["state"] == "corrected"
    assert client_for(commune_a_commander).get(f"/api/oversight/findings/{earlier.pk}").json()[
        "rechecked_by_ids"
    ] == [inspection_id]


def test_the_overdue_filter_and_the_close_route(province_inspector, commune_a):
    finding = FindingFactory(commune=commune_a)
    client = client_for(province_inspector)
    closed = post(client, f"/api/oversight/findings/{finding.pk}/close", {"reason": "Đã sửa"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    listed = client.get("/api/oversight/actions?overdue=true").json()
    assert listed["count"] == 0
    assert client.get("/api/oversight/actions?overdue=maybe").status_code == 422
    findings = client.get(f"/api/oversight/findings?state=closed&commune={commune_a.code}")
    assert [f["id"] for f in findings.json()["items"]] == [finding.pk]


def test_checklist_versions_and_answers_through_the_api(province_inspector, commune_a):
    client = client_for(province_inspector)
    created = post(client, "/api/oversight/checklists", {"name": "Kiểm tra Ban CHQS xã"})
    assert created.status_code == 201
    checklist = created.json()
    version_id = checklist["versions"][0]["id"]
    empty = post(client, f"/api/oversight/checklist-versions/{version_id}/publish")
    assert empty.status_code == 400
    point = post(
        client,
        "/api/oversight/checklist-items",
        {"checklist_version_id": version_id, "area": "militia", "text": "Sổ dân quân"},
    )
    assert point.status_code == 201, point.content
    published = post(client, f"/api/oversight/checklist-versions/{version_id}/publish")
    assert published.status_code == 200 and published.json()["published_at"]
    opened = post(client, f"/api/oversight/checklists/{checklist['id']}/new-version")
    assert [v["number"] for v in opened.json()["versions"]] == [2, 1]

    inspection = inspection_of(commune_a)
    inspection.checklist_version_id = version_id
    inspection.save()
    item_id = point.json()["id"]
    url = f"/api/oversight/inspections/{inspection.pk}/checklist"
    wrong = post(client, url, {"commune_code": 1, "answers": []})
    assert wrong.status_code == 400 and "commune_code" in wrong.json()["errors"]
    recorded = post(
        client,
        url,
        {
            "commune_code": commune_a.code,
            "answers": [{"item_id": item_id, "result": "not_met", "note": "Chưa cập nhật"}],
        },
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["answers"][0]["result"] == "not_met"
    assert ChecklistAnswer.objects.get().note == "Chưa cập nhật"


def test_a_published_checklist_point_cannot_be_deleted(province_inspector):
    version = ChecklistVersionFactory(published_at=datetime.datetime(2026, 1, 1, 8, 0))
    version.template.province = province_inspector.province
    version.template.save()
    item = ChecklistItemFactory(checklist_version=version)
    response = client_for(province_inspector).delete(f"/api/oversight/checklist-items/{item.pk}")
    assert response.status_code == 400
    assert version.items.count() == 1


def test_another_commune_gets_404(province_inspector, commune_a, commune_b_staff):
    finding = FindingFactory(commune=commune_a)
    client = client_for(commune_b_staff)
    assert client.get(f"/api/oversight/findings/{finding.pk}").status_code == 404
    assert client.get(f"/api/oversight/inspections/{finding.inspection_id}").status_code == 404
