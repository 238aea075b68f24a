"""The directives API: list, get, create (and send), send, amend, remind for the province;
receipts, acknowledge and complete for the commune; 404 across scopes."""

from __future__ import annotations

import datetime
import json

import pytest

from garrison.reporting.directives import services
from garrison.reporting.models import Directive
from tests.factories import issued_directive

from .conftest import make_late, receipt_of

pytestmark = pytest.mark.django_db


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _body(today, **extra):
    return {
        "number": "07/CT-BCH",
        "title": "Về bảo đảm an ninh Đại hội XIV",
        "text": "Nội dung chỉ thị.",
        "issued_on": today.isoformat(),
        "due_on": (today + datetime.timedelta(days=5)).isoformat(),
        **extra,
    }


def test_the_province_creates_and_sends_a_directive_to_chosen_communes(
    province_staff, commune_a, commune_b, as_user, today
):
    client = as_user(province_staff)
    response = post(
        client,
        "/api/reporting/directives",
        _body(today, to_all_communes=False, recipient_codes=[commune_b.code], issue=True),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "issued" and data["recipient_codes"] == [commune_b.code]
    assert (data["recipients"], data["acknowledged"], data["overdue"]) == (1, 0, 0)
    assert data["pdf_url"].endswith("/pdf/")
    listed = client.get("/api/reporting/directives").json()
    assert listed["count"] == 1 and listed["items"][0]["number"] == "07/CT-BCH"


def test_a_draft_is_sent_later_and_bad_input_names_the_field(
    province_staff, commune_a, as_user, today
):
    client = as_user(province_staff)
    bad = post(
        client,
        "/api/reporting/directives",
        _body(today, due_on=(today - datetime.timedelta(days=1)).isoformat()),
    )
    assert bad.status_code == 400 and "due_on" in bad.json()["errors"]
    unknown = post(client, "/api/reporting/directives", _body(today, recipient_codes=[9999]))
    assert unknown.status_code == 400 and "recipient_codes" in unknown.json()["errors"]
    none = post(client, "/api/reporting/directives", _body(today, to_all_communes=False))
    assert none.status_code == 400 and "recipients" in none.json()["errors"]
    assert not Directive.objects.exists()
    draft = post(client, "/api/reporting/directives", _body(today)).json()
    assert draft["status"] == "draft"
    sent = post(client, f"/api/reporting/directives/{draft['id']}/issue")
    assert sent.status_code == 200 and sent.json()["recipients"] == 1
    again = post(client, f"/api/reporting/directives/{draft['id']}/issue")
    assert again.status_code == 400
    amended = post(client, f"/api/reporting/directives/{draft['id']}/amend", {"note": "Sửa"})
    assert amended.status_code == 200 and "Sửa" in amended.json()["amendment"]


def test_a_commune_cannot_write_directives(commune_a_staff, as_user, today):
    response = post(as_user(commune_a_staff), "/api/reporting/directives", _body(today))
    assert response.status_code == 403


def test_the_commune_acknowledges_and_completes_and_the_province_reminds(
    sent, commune_a, commune_b, commune_a_staff, province_staff, as_user
):
    commune = as_user(commune_a_staff)
    receipts = commune.get("/api/reporting/receipts").json()
    assert receipts["count"] == 1
    receipt = receipts["items"][0]
    assert receipt["state"] == "pending" and receipt["commune_code"] == commune_a.code
    acked = post(commune, f"/api/reporting/receipts/{receipt['id']}/acknowledge")
    assert acked.status_code == 200 and acked.json()["state"] == "acknowledged"
    assert post(commune, f"/api/reporting/receipts/{receipt['id']}/complete").status_code == 422
    empty = post(commune, f"/api/reporting/receipts/{receipt['id']}/complete", {"account": " "})
    assert empty.status_code == 400 and "account" in empty.json()["errors"]
    done = post(
        commune, f"/api/reporting/receipts/{receipt['id']}/complete", {"account": "Đã xong"}
    )
    assert done.status_code == 200
    assert done.json()["state"] == "completed" and done.json()["completion_account"] == "Đã xong"

    province = as_user(province_staff)
    reminded = post(province, f"/api/reporting/directives/{sent.pk}/remind")
    assert reminded.status_code == 200 and reminded.json() == {"count": 1}
    b = province.get(f"/api/reporting/receipts/{receipt_of(sent, commune_b).pk}").json()
    assert b["reminders_sent"] == 1
    detail = province.get(f"/api/reporting/directives/{sent.pk}").json()
    assert (detail["recipients"], detail["acknowledged"], detail["completed"]) == (2, 1, 1)
    # the province cannot acknowledge for a commune; the commune cannot remind
    assert post(province, f"/api/reporting/receipts/{b['id']}/acknowledge").status_code == 403
    assert post(commune, f"/api/reporting/directives/{sent.pk}/remind").status_code == 403


def test_overdue_and_state_filters(sent, commune_a, commune_a_staff, province_staff, as_user):
    make_late(sent, days=4)
    services.do_complete_receipt(
        actor=commune_a_staff, receipt=receipt_of(sent, commune_a), account="x"
    )
    client = as_user(province_staff)
    assert client.get("/api/reporting/directives?overdue=true").json()["count"] == 1
    late = client.get("/api/reporting/receipts?state=late").json()["items"]
    assert [(r["commune_code"], r["days_late"]) for r in late] == [(commune_a.code, 4)]
    overdue = client.get("/api/reporting/receipts?state=overdue").json()["items"]
    assert len(overdue) == 1 and overdue[0]["state"] == "overdue"
    assert client.get("/api/reporting/receipts?state=nonsense").status_code == 422


def test_404_across_scopes(
    province, other_province, commune_a, commune_b, commune_a_staff, province_staff, as_user
):
    to_b = issued_directive(province, [commune_b])
    elsewhere = issued_directive(other_province, [])
    commune = as_user(commune_a_staff)
    assert commune.get(f"/api/reporting/directives/{to_b.pk}").status_code == 404
    receipt_b = to_b.receipts.get()
    assert commune.get(f"/api/reporting/receipts/{receipt_b.pk}").status_code == 404
    assert post(commune, f"/api/reporting/receipts/{receipt_b.pk}/acknowledge").status_code == 404
    province_client = as_user(province_staff)
    assert province_client.get(f"/api/reporting/directives/{elsewhere.pk}").status_code == 404
    assert (
        post(province_client, f"/api/reporting/directives/{elsewhere.pk}/remind").status_code == 404
    )
