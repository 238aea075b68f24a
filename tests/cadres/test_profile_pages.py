"""The pages of a cadre's record, as the province's staff use them: the profile page with every
section of the record and its "add" links, opening a profile by citizen ID, issuing a decision
from its page (a posting creates the assignment, a promotion changes the rank), revoking it,
printing it, the course and evaluation pages, and the screening page with every reason.

"Today" is pinned to 01/07/2026 (the `today` fixture)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from garrison.cadres import services
from garrison.cadres.models import (
    BodyMembership,
    CadreDecision,
    CadreProfile,
    Course,
    Enrolment,
    Entitlement,
    Evaluation,
    Recognition,
    SuccessionPlan,
)
from garrison.commands.models import Assignment
from tests.conftest import client_for
from tests.factories import PersonFactory

from .conftest import cadre

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 7, 1)


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def issue(actor, profile, **fields):
    values = {
        "kind": "appointment",
        "number": "12/QĐ-BCH",
        "signed_on": D(2026, 6, 20),
        "effective_on": TODAY,
        "signer_name": "Nguyễn Văn Ký",
        "signer_title": "Chỉ huy trưởng",
    } | fields
    return services.do_issue_decision(actor=actor, profile=profile, **values)


@pytest.fixture
def officer(today, commune_b):
    """A Captain from commune B, with nothing on the record yet."""
    return cadre(commune_b, person__full_name="Lò Văn Hùng")


@pytest.fixture
def full_record(officer, province_staff, province, command_a, border_command):
    """The officer posted Commander of commune A by decision, with a line of every kind."""
    decision = issue(province_staff, officer, command=command_a, position="commander")
    BodyMembership.objects.create(
        profile=officer,
        body="party_executive",
        commune=command_a.commune,
        term="2025–2030",
        started_on=D(2025, 9, 1),
    )
    course = Course.objects.create(
        province=province,
        title="Bồi dưỡng chỉ huy trưởng 2026",
        kind="military",
        provider="Trường Quân sự tỉnh",
        starts_on=D(2026, 3, 1),
        ends_on=D(2026, 5, 31),
    )
    Enrolment.objects.create(course=course, profile=officer, result="passed", grade="giỏi")
    Evaluation.objects.create(profile=officer, year=2025, rating="excellent", command=command_a)
    Recognition.objects.create(
        profile=officer,
        kind="commendation",
        form="Giấy khen",
        decided_on=D(2025, 12, 22),
        issued_by="Bộ CHQS tỉnh",
        reason="Hoàn thành xuất sắc nhiệm vụ",
    )
    Entitlement.objects.create(profile=officer, kind="housing", started_on=D(2026, 1, 1))
    SuccessionPlan.objects.create(
        profile=officer,
        command=border_command,
        position="commander",
        term="2025–2030",
        readiness="1-2",
    )
    return {"decision": decision, "course": course}


# --- the profile page -------------------------------------------------------------------------


def test_the_profile_page_shows_every_section_of_the_record(
    full_record, officer, province_staff, command_a
):
    response = client_for(province_staff).get(
        reverse("cadres:profile_detail", kwargs={"pk": officer.pk})
    )
    assert response.status_code == 200
    html = response.content.decode()
    for section in (
        "posts",
        "memberships",
        "career",
        "decisions",
        "evaluations",
        "enrolments",
        "recognitions",
        "entitlements",
        "succession",
    ):
        assert f'data-testid="section-{section}"' in html, section
    decision = full_record["decision"]
    assert command_a.name in html
    assert "commune Party Executive Committee" in html
    assert reverse("cadres:decision_detail", kwargs={"pk": decision.pk}) in html
    assert reverse("cadres:decision_pdf", kwargs={"pk": decision.pk}) in html
    assert "12/QĐ-BCH" in html and "in force" in html
    assert "excellently completed duties" in html
    assert "Bồi dưỡng chỉ huy trưởng 2026" in html
    assert "Giấy khen" in html
    assert "official housing" in html
    assert "ready in 1–2 years" in html
    for name in (
        "membership_add",
        "career_add",
        "decision_add",
        "evaluation_add",
        "enrolment_add",
        "recognition_add",
        "entitlement_add",
        "succession_add",
    ):
        assert f"{reverse('cadres:' + name)}?profile={officer.pk}" in html, name
    assert f"{reverse('cadres:screening')}?profile={officer.pk}" in html


def test_a_reader_sees_the_record_without_the_add_links(full_record, officer, province_inspector):
    html = (
        client_for(province_inspector)
        .get(reverse("cadres:profile_detail", kwargs={"pk": officer.pk}))
        .content.decode()
    )
    assert 'data-testid="section-decisions"' in html
    assert f"{reverse('cadres:membership_add')}?profile=" not in html
    assert f"{reverse('cadres:decision_add')}?profile=" not in html


def test_the_commune_served_reads_the_profile_and_another_commune_does_not(
    full_record, officer, commune_a_staff, commune_b_staff
):
    url = reverse("cadres:profile_detail", kwargs={"pk": officer.pk})
    assert client_for(commune_a_staff).get(url).status_code == 200
    # commune B is the officer's home, not where they serve
    assert client_for(commune_b_staff).get(url).status_code == 404


# --- opening a profile ------------------------------------------------------------------------


def _profile_form(citizen_id, province):
    return {
        "citizen_id": citizen_id,
        "province": province.pk,
        "status": "active",
        "service_category": "regular_officer",
        "rank": "captain",
        "rank_date": "02/09/2022",
        "political_theory": "intermediate",
        "party_member": "on",
        "party_joined_on": "19/05/2010",
        "health_class": "1",
        "local_military_years": "4",
        "grassroots_years": "2",
    }


def test_a_profile_is_opened_by_citizen_id(today, province_staff, province, commune_a):
    person = PersonFactory(residence_commune=commune_a, full_name="Tòng Văn Mới")
    response = client_for(province_staff).post(
        reverse("cadres:profile_add"), _profile_form(person.citizen_id, province)
    )
    assert response.status_code == 302
    profile = CadreProfile.objects.get(person=person)
    assert response["Location"] == reverse("cadres:profile_detail", kwargs={"pk": profile.pk})
    assert (profile.rank, profile.province_id) == ("captain", province.pk)


def test_an_unknown_citizen_id_says_to_add_the_person_first(today, province_staff, province):
    response = client_for(province_staff).post(
        reverse("cadres:profile_add"), _profile_form("011099000001", province)
    )
    assert response.status_code == 400
    assert (
        "No person with citizen ID 011099000001 is in your registers" in response.content.decode()
    )
    assert not CadreProfile.objects.exists()


def test_a_second_profile_for_the_same_person_is_refused(officer, province_staff, province):
    response = client_for(province_staff).post(
        reverse("cadres:profile_add"), _profile_form(officer.person.citizen_id, province)
    )
    assert response.status_code == 400
    assert "Lò Văn Hùng already has a cadre profile" in response.content.decode()
    assert CadreProfile.objects.filter(person=officer.person).count() == 1


# --- decisions ------------------------------------------------------------------------------------


def _decision_form(profile, **fields):
    return {
        "profile": profile.pk,
        "kind": "appointment",
        "number": "15/QĐ-BCH",
        "signed_on": "25/06/2026",
        "effective_on": dmy(TODAY),
        "signer_name": "Nguyễn Văn Ký",
        "signer_title": "Chỉ huy trưởng",
        "command": "",
        "position": "",
        "new_rank": "",
        "reason": "",
    } | fields


def test_issuing_a_posting_from_its_page_creates_the_assignment(officer, province_staff, command_a):
    add = reverse("cadres:decision_add")
    page = client_for(province_staff).get(f"{add}?profile={officer.pk}")
    assert page.status_code == 200
    assert page.context["form"].instance.profile == officer
    response = client_for(province_staff).post(
        add, _decision_form(officer, command=command_a.pk, position="commander")
    )
    assert response.status_code == 302, response.content.decode()
    decision = CadreDecision.objects.get(number="15/QĐ-BCH")
    held = Assignment.objects.current(TODAY).get(person=officer.person)
    assert (held.command, held.position, held.decision) == (command_a, "commander", "15/QĐ-BCH")
    assert decision.assignment == held
    officer.refresh_from_db()
    assert officer.commune_id == command_a.commune_id
    assert officer.career.get().decision == decision


def test_issuing_a_promotion_from_its_page_changes_the_rank(officer, province_staff):
    response = client_for(province_staff).post(
        reverse("cadres:decision_add"), _decision_form(officer, kind="promotion", new_rank="major")
    )
    assert response.status_code == 302, response.content.decode()
    officer.refresh_from_db()
    assert (officer.rank, officer.rank_date) == ("major", TODAY)
    assert not Assignment.objects.filter(person=officer.person).exists()


def test_a_promotion_to_a_lower_rank_is_refused_with_the_reason(officer, province_staff):
    response = client_for(province_staff).post(
        reverse("cadres:decision_add"),
        _decision_form(officer, kind="promotion", new_rank="first_lieutenant"),
    )
    assert response.status_code == 400
    assert "is not above the present rank" in response.content.decode()
    officer.refresh_from_db()
    assert officer.rank == "captain"


def test_revoking_a_posting_ends_it_and_keeps_the_decision(
    full_record, officer, province_staff, command_a
):
    decision = full_record["decision"]
    url = reverse("cadres:decision_revoke", kwargs={"pk": decision.pk})
    assert client_for(province_staff).get(url).status_code == 200
    response = client_for(province_staff).post(
        url, {"revoked_on": dmy(TODAY), "reason": "Nhầm người"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == CadreDecision.Status.REVOKED
    assert decision.revocation_reason == "Nhầm người"
    assignment = decision.assignment
    assignment.refresh_from_db()
    assert assignment.end_date == TODAY
    assert not Assignment.objects.current(D(2026, 7, 2)).filter(person=officer.person).exists()
    detail = client_for(province_staff).get(
        reverse("cadres:profile_detail", kwargs={"pk": officer.pk})
    )
    assert "revoked" in detail.content.decode()


def test_the_decision_prints_as_a_pdf(full_record, province_staff):
    decision = full_record["decision"]
    response = client_for(province_staff).get(
        reverse("cadres:decision_pdf", kwargs={"pk": decision.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- course and evaluation pages -----------------------------------------------------------------


def test_the_course_page_lists_its_enrolments(full_record, officer, province_staff):
    course = full_record["course"]
    html = (
        client_for(province_staff)
        .get(reverse("cadres:course_detail", kwargs={"pk": course.pk}))
        .content.decode()
    )
    assert 'data-testid="enrolments"' in html
    assert "Lò Văn Hùng" in html and "passed" in html and "giỏi" in html
    assert f"{reverse('cadres:enrolment_add')}?course={course.pk}" in html


def test_the_evaluation_page_shows_the_rating_beside_its_evidence(officer, province_staff):
    evaluation = Evaluation.objects.create(
        profile=officer,
        year=2025,
        rating="good",
        evidence=[
            {
                "code": "militia.trained",
                "label": "militia trained",
                "value": 45,
                "of": 60,
                "of_label": "militia strength",
            },
            {"code": "command.commander_filled", "label": "Commander post filled", "value": 1},
        ],
    )
    html = (
        client_for(province_staff)
        .get(reverse("cadres:evaluation_detail", kwargs={"pk": evaluation.pk}))
        .content.decode()
    )
    assert "well completed duties" in html.lower()
    assert 'data-testid="evidence"' in html
    assert "militia trained" in html and "militia strength" in html
    assert "75%" in html  # 45 of 60
    assert "Commander post filled" in html
    assert "As the registers held them on 31/12/2025." in html


# --- screening ------------------------------------------------------------------------------------


def test_the_screening_page_gives_every_reason(
    today, standards, province_staff, commune_a, command_a
):
    weak = cadre(
        commune_a,
        person__full_name="Lường Văn Yếu",
        rank="second_lieutenant",
        political_theory="elementary",
        party_member=False,
        health_class=4,
    )
    response = client_for(province_staff).get(
        reverse("cadres:screening"),
        {
            "profile": weak.pk,
            "command": command_a.pk,
            "position": "commander",
            "on": dmy(TODAY),
            "home_rule": "on",
        },
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.passed
    assert {r.code for r in result.reasons} == {
        "rank",
        "political_theory",
        "party",
        "health",
        "home_commune",
    }
    html = response.content.decode()
    assert 'data-testid="screening-reasons"' in html
    for reason in result.reasons:
        assert escape(reason.message) in html
    assert "Rank Second Lieutenant is below the Senior Lieutenant the post needs." in html
    assert "Health class 4; the post needs class 2 or better." in html
