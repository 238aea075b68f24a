"""The military-service API: the assess endpoint (LAW.md section 10) and the register."""

from __future__ import annotations

import datetime
import json

import pytest

from garrison.conscription.models import RecordTransfer
from tests.conftest import client_for
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

STUDENT = {
    "sex": "M",
    "dob": "2005-03-02",
    "ref_date": "2026-02-20",
    "registered": True,
    "education_grade": 12,
    "study": {
        "level": "university",
        "mode": "regular",
        "status": "studying",
        "course_end": "2027-06-30",
        "first_course_at_level": True,
    },
}


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_assess_answers_one_object_with_outcome_and_grounds(commune_a_staff):
    """NVQS 41.1.g: a regular university student is deferred until his course ends."""
    response = post(client_for(commune_a_staff), "/api/conscription/assess", STUDENT)
    assert response.status_code == 200
    answer = response.json()
    assert answer["outcome"] == "deferred"
    assert "NVQS 41.1.g" in answer["grounds"]
    assert answer["until"] == "2027-06-30"


def test_assess_answers_a_list_in_order(commune_a_staff):
    """NVQS 30: under 18 on the reference date is under age; a fit 20-year-old is eligible."""
    young = {"sex": "M", "dob": "2009-05-01", "ref_date": "2026-02-20", "registered": True}
    fit = {
        "sex": "M",
        "dob": "2005-05-01",
        "ref_date": "2026-02-20",
        "registered": True,
        "education_grade": 12,
        "health": {"class": 2, "myopia_d": 0, "hyperopia": False, "bmi": 21.5},
        "political_ok": True,
    }
    response = post(client_for(commune_a_staff), "/api/conscription/assess", [young, fit, STUDENT])
    assert response.status_code == 200
    outcomes = [a["outcome"] for a in response.json()]
    assert outcomes == ["under_age", "eligible", "deferred"]


def test_assess_names_an_unknown_field_and_a_bad_value(commune_a_staff):
    client = client_for(commune_a_staff)
    response = post(client, "/api/conscription/assess", {**STUDENT, "shoe_size": 42})
    assert response.status_code == 422
    assert "shoe_size" in json.dumps(response.json())
    response = post(client, "/api/conscription/assess", [STUDENT, {**STUDENT, "dob": "02/03/2005"}])
    assert response.status_code == 200  # LAW.md §10: one bad item does not sink the list
    good, bad = response.json()
    assert good["outcome"] == "deferred"
    assert bad == {"error": {"dob": ['expected an ISO date YYYY-MM-DD, got "02/03/2005"']}}
    response = post(client, "/api/conscription/assess", [STUDENT, 5])
    assert response.status_code == 422


def test_a_record_is_read_with_its_outcome_and_handed_over(commune_a_staff, commune_a, commune_b):
    client = client_for(commune_a_staff)
    person = PersonFactory(residence_commune=commune_a, date_of_birth=datetime.date(2009, 3, 3))
    response = post(
        client,
        "/api/conscription/records",
        {"citizen_id": person.citizen_id, "registered_on": "2026-04-10"},
    )
    assert response.status_code == 201, response.content
    record_id = response.json()["id"]
    detail = client.get(f"/api/conscription/records/{record_id}").json()
    assert detail["outcome"]["outcome"] == "under_age" or detail["outcome"]["grounds"]
    again = post(
        client,
        "/api/conscription/records",
        {"citizen_id": person.citizen_id, "registered_on": "2026-04-10"},
    )
    assert again.status_code == 400 and "already registered" in again.json()["detail"]
    moved = post(
        client,
        f"/api/conscription/records/{record_id}/hand-over",
        {"to_commune_code": commune_b.code, "reason": "chuyển nơi cư trú"},
    )
    assert moved.status_code == 201
    assert RecordTransfer.objects.get().status == RecordTransfer.Status.PENDING
    # the sending commune cannot receive its own hand-over
    receive = post(client, f"/api/conscription/transfers/{moved.json()['id']}/receive", {})
    assert receive.status_code == 403


def test_quotas_that_do_not_add_up_are_refused_with_the_difference(
    province_staff, commune_a, commune_b, province
):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(province=province, quota=10)
    client = client_for(province_staff)
    url = f"/api/conscription/campaigns/{campaign.pk}/quotas"
    response = client.put(
        url,
        json.dumps({"quotas": {str(commune_a.code): 3, str(commune_b.code): 3}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "add 4 more" in response.json()["detail"]
    response = client.put(
        url,
        json.dumps({"quotas": {str(commune_a.code): 6, str(commune_b.code): 4}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert {c["commune_code"] for c in response.json()["communes"]} <= {
        commune_a.code,
        commune_b.code,
    }
