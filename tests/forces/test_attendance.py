"""Attendance of a training session: "all present" in one click, absence with its reason, and a
session not yet held (its date after today) refused on the page, in the service and in the API
— and never counted as training done. Today is pinned (conftest.TODAY, 15/10/2026)."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from garrison.forces import services
from garrison.forces.models import Absence, Attendance, MilitiaMember
from tests.conftest import client_for
from tests.factories import MilitiaMemberFactory, TrainingPlanFactory, TrainingSessionFactory

from .conftest import TODAY, YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

D = datetime.date


@pytest.fixture
def squad(mobile_squad):
    return [MilitiaMemberFactory(unit=mobile_squad, started_on=D(YEAR - 1, 4, 1)) for _ in range(3)]


@pytest.fixture
def plan(commune_a):
    return TrainingPlanFactory(commune=commune_a, year=YEAR, kind="mobile")


@pytest.fixture
def held(plan):
    return TrainingSessionFactory(plan=plan, held_on=TODAY - datetime.timedelta(days=3), days=5)


@pytest.fixture
def coming(plan):
    return TrainingSessionFactory(plan=plan, held_on=TODAY + datetime.timedelta(days=1), days=5)


def test_all_present_marks_every_expected_member_in_one_click(held, squad, commune_a_staff):
    client = client_for(commune_a_staff)
    page = client.get(f"/forces/sessions/{held.pk}/").content.decode()
    form = re.search(
        r'action="(/forces/sessions/\d+/all-present/)"[^>]*>[^<]*<input[^>]*>\s*'
        r'<input type="hidden" name="_submission" value="([^"]+)">',
        page,
    )
    assert form, "the session page offers 'all present'"
    url, key = form.groups()
    assert client.post(url, {"_submission": key}).status_code == 302
    assert set(held.attendance.values_list("member", flat=True)) == {m.pk for m in squad}
    assert "Present (3)" in client.get(f"/forces/sessions/{held.pk}/").content.decode()
    # a double click marks them once
    assert client.post(url, {"_submission": key}).status_code == 302
    assert held.attendance.count() == 3


def test_an_absence_is_recorded_with_its_reason_and_note(held, squad, commune_a_staff):
    present, sick, away = squad
    client = client_for(commune_a_staff)
    url = f"/forces/sessions/{held.pk}/attendance/"
    assert f"reason_{sick.pk}" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "members": [present.pk],
            f"reason_{sick.pk}": "sick",
            f"note_{sick.pk}": "Sốt xuất huyết, có giấy của trạm y tế",
            f"reason_{away.pk}": "working_away",
        },
    )
    assert response.status_code == 302
    assert set(held.attendance.values_list("member", flat=True)) == {present.pk}
    assert dict(Absence.objects.values_list("member", "reason")) == {
        sick.pk: "sick",
        away.pk: "working_away",
    }
    page = client.get(f"/forces/sessions/{held.pk}/").content.decode()
    assert "Absent (2)" in page and "Sốt xuất huyết, có giấy của trạm y tế" in page
    # the form shows what was recorded; all present then clears the absences
    assert client.get(url).context["form"].initial[f"reason_{sick.pk}"] == "sick"
    services.do_mark_all_present(actor=commune_a_staff, session=held)
    assert not Absence.objects.exists() and held.attendance.count() == 3


def test_present_and_absent_at_once_is_refused(held, squad, commune_a_staff):
    with pytest.raises(ValidationError):
        services.do_record_attendance(
            actor=commune_a_staff,
            session=held,
            members=[squad[0]],
            absences={squad[0].pk: ("sick", "")},
        )
    assert not Attendance.objects.exists()


def test_a_session_not_yet_held_takes_no_attendance(coming, squad, commune_a_staff):
    with translation.override("en"):
        with pytest.raises(ValidationError, match="has not been held yet"):
            services.do_record_attendance(actor=commune_a_staff, session=coming, members=squad)
        with pytest.raises(ValidationError, match="16/10/2026"):
            services.do_mark_all_present(actor=commune_a_staff, session=coming)
    client = client_for(commune_a_staff)
    page = client.get(f"/forces/sessions/{coming.pk}/").content.decode()
    assert 'data-testid="session-not-held"' in page and 'data-testid="all-present"' not in page
    response = client.post(
        f"/forces/sessions/{coming.pk}/attendance/", {"members": [m.pk for m in squad]}
    )
    assert response.status_code == 400
    assert "has not been held yet" in response.content.decode()
    api = client.put(
        f"/api/forces/sessions/{coming.pk}/attendance",
        json.dumps({"member_ids": [squad[0].pk]}),
        "application/json",
    )
    assert api.status_code == 400 and "has not been held yet" in api.content.decode()
    api = client.post(f"/api/forces/sessions/{coming.pk}/all-present")
    assert api.status_code == 400
    assert not Attendance.objects.exists()


def test_the_api_records_absences_and_all_present(held, squad, commune_a_staff):
    client = client_for(commune_a_staff)
    body = {
        "member_ids": [squad[0].pk],
        "absences": [{"member_id": squad[1].pk, "reason": "excused", "note": "Đám cưới"}],
    }
    response = client.put(
        f"/api/forces/sessions/{held.pk}/attendance", json.dumps(body), "application/json"
    )
    assert response.status_code == 200, response.content
    assert Absence.objects.get().note == "Đám cưới"
    response = client.post(f"/api/forces/sessions/{held.pk}/all-present")
    assert response.status_code == 200 and response.json()["present"] == 3


def test_attendance_at_a_future_session_does_not_count_as_training(
    held, coming, squad, commune_a_staff
):
    member = squad[0]
    # a row written before the rule (or by an import) for a session still to come
    Attendance.objects.create(
        session=coming, member=member, commune=coming.commune, province=coming.province
    )
    services.do_record_attendance(actor=commune_a_staff, session=held, members=[member])
    row = MilitiaMember.objects.filter(pk=member.pk).with_training(YEAR, TODAY).get()
    assert row.attended == 5
