"""Education pages and API: a session added with a count typed "1.200", attendance recorded
(many at once, twice changes nothing) and refused for a session not yet held, for a stranger,
beyond the count; a session ending before it starts; removing attendance; the lists' filters;
who sees and changes what. Today is 30/06/2026."""

from __future__ import annotations

import json

import pytest

from garrison.operations.models import EducationAttendance, EducationSession
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import AudienceMemberFactory, EducationSessionFactory, PersonFactory

from .education_world import TODAY, education_world

pytestmark = pytest.mark.django_db
SESSIONS = "/operations/education/sessions/"
API = "/api/operations/education-sessions"


@pytest.fixture
def w(monkeypatch, commune_a, commune_b):
    move_clock(monkeypatch, TODAY)
    return education_world(commune_a, commune_b)


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _add(client, commune, **extra):
    data = {
        "commune": commune.pk,
        "audience": "population",
        "topic": "Phổ biến kiến thức quốc phòng cho nhân dân",
        "starts_on": "20/06/2026",
        "ends_on": "20/06/2026",
        "place": "Nhà văn hoá bản Na Son",
        "attendance_count": "1.200",
    }
    data.update(extra)
    return client.post(f"{SESSIONS}add/", data)


def test_it_reads_a_count_typed_the_vietnamese_way(w, commune_a, commune_a_staff):
    response = _add(client_for(commune_a_staff), commune_a)
    assert response.status_code == 302
    session = EducationSession.objects.get(topic__startswith="Phổ biến")
    assert session.attendance_count == 1200


def test_it_refuses_a_session_ending_before_it_starts(w, commune_a, commune_a_staff):
    response = _add(client_for(commune_a_staff), commune_a, ends_on="19/06/2026")
    assert response.status_code == 400
    assert "ends (19/06/2026) before it starts (20/06/2026)" in response.content.decode()


def test_it_records_attendance_from_the_session_page(w, commune_a_staff):
    client = client_for(commune_a_staff)
    session = w["g4"]
    url = f"{SESSIONS}{session.pk}/attend/"
    assert "Record attendance" in client.get(f"{SESSIONS}{session.pk}/").content.decode()
    response = client.post(url, {"persons": [w["binh"].pk, w["chi"].pk, w["an"].pk]})
    assert response.status_code == 302
    names = set(session.attendances.values_list("person__full_name", flat=True))
    assert names == {"Lò Văn An", "Lò Văn Bình", "Lò Thị Chi"}
    again = client.post(url, {"persons": [w["binh"].pk]})
    assert again.status_code == 302 and session.attendances.count() == 3
    detail = client.get(f"{SESSIONS}{session.pk}/").content.decode()
    assert f"/people/{w['chi'].pk}/" in detail
    client.post(f"{SESSIONS}{session.pk}/unattend/", {"persons": [w["chi"].pk]})
    assert session.attendances.count() == 2


def test_it_refuses_attendance_at_a_session_not_yet_held(w, commune_a_staff):
    client = client_for(commune_a_staff)
    planned = w["planned"]
    response = client.post(f"{SESSIONS}{planned.pk}/attend/", {"persons": [w["an"].pk]})
    assert response.status_code == 400
    assert "This session starts on 01/09/2026" in response.content.decode()
    api = post_json(client, f"{API}/{planned.pk}/record-attendance", {"person_ids": [w["an"].pk]})
    assert api.status_code == 400
    assert "not yet held" in api.json()["detail"]
    assert not planned.attendances.exists()


def test_it_refuses_a_person_of_another_commune_unless_a_cadre_of_it(
    w, commune_a, commune_b, commune_a_staff
):
    from garrison.operations.education import services

    stranger = PersonFactory(full_name="Quàng Văn Lạ", residence_commune=commune_b)
    with pytest.raises(Exception, match="neither living in Xã Na Son"):
        services.do_record_attendance(actor=commune_a_staff, session=w["g4"], persons=[stranger])
    AudienceMemberFactory(person=stranger, commune=commune_a, audience="group_4")
    services.do_record_attendance(actor=commune_a_staff, session=w["g4"], persons=[stranger])
    assert w["g4"].attendances.filter(person=stranger).exists()


def test_it_keeps_the_count_at_or_above_those_named(w, commune_a_staff):
    client = client_for(commune_a_staff)
    session = EducationSessionFactory(
        commune=w["g4"].commune, audience="population", attendance_count=1
    )
    refused = post_json(
        client, f"{API}/{session.pk}/record-attendance", {"person_ids": [w["an"].pk, w["binh"].pk]}
    )
    assert refused.status_code == 400 and "raise the session's count" in refused.json()["detail"]
    post_json(client, f"{API}/{session.pk}/record-attendance", {"person_ids": [w["an"].pk]})
    lowered = client.patch(
        f"{API}/{session.pk}",
        json.dumps({"attendance_count": 0, "version": session.version}),
        content_type="application/json",
    )
    assert lowered.status_code in (400, 409, 422)


def test_the_api_lists_records_and_removes_attendance(w, commune_a_staff):
    client = client_for(commune_a_staff)
    listed = client.get(API, {"audience": "group_4", "year": 2026})
    assert listed.status_code == 200
    assert {s["id"] for s in listed.json()["items"]} == {w["g4"].pk, w["planned"].pk}
    url = f"{API}/{w['g4'].pk}/record-attendance"
    assert post_json(client, url, {"person_ids": [w["binh"].pk]}).status_code == 200
    assert post_json(client, url, {"person_ids": [w["binh"].pk]}).status_code == 200
    assert w["g4"].attendances.count() == 2
    rows = client.get("/api/operations/education-attendance", {"session": w["g4"].pk}).json()[
        "items"
    ]
    assert len(rows) == 2
    removed = post_json(
        client, f"{API}/{w['g4'].pk}/remove-attendance", {"person_ids": [w["binh"].pk]}
    )
    assert removed.status_code == 200 and w["g4"].attendances.count() == 1
    groups = client.get("/api/operations/education-groups", {"due": "true"}).json()["items"]
    assert {g["person_id"] for g in groups} == {w["binh"].pk, w["chi"].pk}


def test_other_communes_and_the_province_cannot_record(
    w, commune_b, province_staff, commune_a_staff
):
    from garrison.accounts.models import Role
    from tests.conftest import _user

    b_staff = _user("b_staff", Role.COMMUNE_STAFF, commune=commune_b)
    session = w["g4"]
    assert client_for(b_staff).get(f"{SESSIONS}{session.pk}/").status_code == 404
    api = post_json(
        client_for(b_staff), f"{API}/{session.pk}/record-attendance", {"person_ids": []}
    )
    assert api.status_code == 404
    province = client_for(province_staff)
    assert province.get(f"{SESSIONS}{session.pk}/").status_code == 200
    refused = post_json(
        province, f"{API}/{session.pk}/record-attendance", {"person_ids": [w["an"].pk]}
    )
    assert refused.status_code in (403, 404)
    assert EducationAttendance.objects.filter(session=session).count() == 1


def test_the_lists_filter_by_audience_year_and_commune_code(w, commune_a, province_staff):
    client = client_for(province_staff)
    page = client.get(SESSIONS, {"audience": "group_4", "year": 2026, "commune": commune_a.code})
    assert page.status_code == 200
    assert {s.pk for s in page.context["page"].object_list} == {w["g4"].pk, w["planned"].pk}
    due = client.get("/operations/education/groups/", {"due": "true"})
    assert {m.person.full_name for m in due.context["page"].object_list} == {
        "Lò Văn Bình",
        "Lò Thị Chi",
    }
