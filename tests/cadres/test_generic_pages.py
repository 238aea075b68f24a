"""Every cadres register's list, add, detail and edit page opens for the province staff, and a
commune's staff read only the cadres serving in their commune."""

from __future__ import annotations

import datetime

import pytest

from garrison.cadres import models as cadres
from garrison.core.registry import all_configs
from tests.cadres.conftest import cadre
from tests.conftest import client_for
from tests.factories import PostStandardFactory

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def rows(standards, commune_a, command_a, province):
    profile = cadre(commune_a)
    course = cadres.Course.objects.create(
        province=province,
        title="Cao cấp lý luận chính trị",
        kind="political_theory",
        theory_level="advanced",
        provider="Học viện",
        starts_on=DAY,
        ends_on=DAY,
    )
    return {
        cadres.CadreProfile: profile,
        cadres.BodyMembership: cadres.BodyMembership.objects.create(
            profile=profile,
            body="party_executive",
            commune=commune_a,
            term="2025–2030",
            started_on=DAY,
        ),
        cadres.CareerEntry: cadres.CareerEntry.objects.create(
            profile=profile, title="Trợ lý", organisation="Sư đoàn 316", started_on=DAY
        ),
        cadres.PostStandard: PostStandardFactory(province=province, area="border"),
        cadres.SuccessionPlan: cadres.SuccessionPlan.objects.create(
            profile=profile,
            command=command_a,
            position="commander",
            term="2025–2030",
            readiness="now",
        ),
        cadres.Course: course,
        cadres.Enrolment: cadres.Enrolment.objects.create(course=course, profile=profile),
        cadres.Evaluation: cadres.Evaluation.objects.create(
            profile=profile, year=2025, rating="good"
        ),
        cadres.Recognition: cadres.Recognition.objects.create(
            profile=profile,
            kind="commendation",
            form="Bằng khen",
            decided_on=DAY,
            issued_by="Bộ Tư lệnh Quân khu 2",
            reason="Hoàn thành xuất sắc nhiệm vụ",
        ),
        cadres.Entitlement: cadres.Entitlement.objects.create(
            profile=profile, kind="housing", started_on=DAY
        ),
    }


def _cadres_configs():
    return [c for c in all_configs() if c.namespace == "cadres" and c.model in _MODELS]


_MODELS = {
    cadres.CadreProfile,
    cadres.BodyMembership,
    cadres.CareerEntry,
    cadres.PostStandard,
    cadres.SuccessionPlan,
    cadres.Course,
    cadres.Enrolment,
    cadres.Evaluation,
    cadres.Recognition,
    cadres.Entitlement,
}


@pytest.mark.django_db
def test_it_opens_every_page_of_every_register(rows, province_staff):
    client = client_for(province_staff)
    configs = _cadres_configs()
    assert len(configs) == len(_MODELS)
    for config in configs:
        obj = rows[config.model]
        for action, target in (("list", None), ("detail", obj), ("add", None), ("edit", obj)):
            url = config.url(action, target)
            if url is None:
                continue
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)


@pytest.mark.django_db
def test_it_keeps_the_ministrys_standards_out_of_a_provinces_hands(standards, province_staff):
    client = client_for(province_staff)
    ministry = standards[0]
    assert client.get(f"/cadres/standards/{ministry.pk}/").status_code == 200
    assert client.get(f"/cadres/standards/{ministry.pk}/edit/").status_code == 404


@pytest.mark.django_db
def test_it_lets_a_commune_read_only_the_cadres_serving_there(
    rows, commune_a, commune_a_staff, commune_b_staff
):
    profile = rows[cadres.CadreProfile]
    url = f"/cadres/profiles/{profile.pk}/"
    assert client_for(commune_a_staff).get(url).status_code == 404  # not posted there yet
    profile.commune = commune_a
    profile.save()
    assert client_for(commune_a_staff).get(url).status_code == 200
    assert client_for(commune_b_staff).get(url).status_code == 404
    # reading is not writing: the province manages its cadres
    assert client_for(commune_a_staff).get(url + "edit/").status_code == 404


@pytest.mark.django_db
def test_it_raises_the_theory_level_when_an_advanced_course_is_passed(rows, province_staff):
    enrolment = rows[cadres.Enrolment]
    response = client_for(province_staff).post(
        f"/cadres/enrolments/{enrolment.pk}/edit/",
        {
            "version": enrolment.version,
            "course": enrolment.course_id,
            "profile": enrolment.profile_id,
            "result": "passed",
            "grade": "Giỏi",
            "completed_on": "20/10/2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    enrolment.profile.refresh_from_db()
    assert enrolment.profile.political_theory == "advanced"


@pytest.mark.django_db
def test_it_refuses_a_pass_without_its_completion_day(rows, province_staff):
    enrolment = rows[cadres.Enrolment]
    response = client_for(province_staff).post(
        f"/cadres/enrolments/{enrolment.pk}/edit/",
        {
            "version": enrolment.version,
            "course": enrolment.course_id,
            "profile": enrolment.profile_id,
            "result": "passed",
        },
    )
    assert response.status_code == 400  # the form comes back with the error, input kept
    assert "Give the day the course was completed." in response.content.decode()
    enrolment.profile.refresh_from_db()
    assert enrolment.profile.political_theory == "intermediate"


@pytest.mark.django_db
def test_it_keeps_the_commune_results_beside_a_rating(rows, province_staff, command_a):
    from tests.factories import AssignmentFactory

    profile = rows[cadres.CadreProfile]
    AssignmentFactory(command=command_a, person=profile.person, start_date=DAY)
    response = client_for(province_staff).post(
        "/cadres/evaluations/add/",
        {"profile": profile.pk, "year": 2026, "rating": "excellent", "comments": "x"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evaluation = cadres.Evaluation.objects.get(profile=profile, year=2026)
    assert evaluation.command == command_a
    codes = [row["code"] for row in evaluation.evidence]
    assert "militia.trained" in codes and "enlistment.enlisted" in codes
