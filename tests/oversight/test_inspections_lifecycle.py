"""The life cycle of a finding and its corrective actions, and who may change what: the
province's inspector records findings, gives actions, verifies or returns answers and closes
findings; the inspected commune's staff and Commander read their findings and answer their
actions (never edit them); another commune, the province's staff and the Ministry change
nothing. The day is fixed (2026)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from garrison.oversight.inspections import permissions, rules, services
from garrison.oversight.models import ActionState, FindingState
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.oversight import FindingFactory, inspection_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, TODAY)


@pytest.fixture
def inspection(commune_a, commune_b):
    """An inspection of Na Son and Mường Thanh."""
    inspection = inspection_of(commune_a, starts_on=datetime.date(2026, 5, 11))
    inspection.targets.create(commune=commune_b)
    return inspection


@pytest.fixture
def finding(inspection, commune_a, province_inspector):
    return services.do_record_finding(
        actor=province_inspector,
        inspection=inspection,
        commune=commune_a,
        severity="serious",
        area="militia",
        description="Sổ đăng ký dân quân chưa cập nhật",
        evidence="Sổ năm 2026",
        found_on=datetime.date(2026, 5, 12),
    )


def _action(finding, inspector, due=datetime.date(2026, 6, 30)):
    return services.do_add_action(
        actor=inspector, finding=finding, description="Cập nhật sổ", due_on=due
    )


def _answer(action, user):
    return services.do_answer_action(
        actor=user, action=action, answer="Đã cập nhật", evidence="Biên bản số 12"
    )


# --- rules ---------------------------------------------------------------------------------------
def test_it_moves_an_action_only_along_its_life_cycle():
    assert rules.may_answer("open") and rules.may_answer("returned")
    assert not rules.may_answer("answered") and not rules.may_answer("verified")
    assert rules.may_verify("answered") and not rules.may_verify("open")
    assert rules.may_return("answered") and not rules.may_return("verified")


def test_it_corrects_a_finding_only_when_every_action_is_verified():
    assert rules.finding_state(False, []) == "open"
    assert rules.finding_state(False, ["verified", "answered"]) == "open"
    assert rules.finding_state(False, ["verified", "verified"]) == "corrected"
    assert rules.finding_state(True, []) == "closed"


# --- the life cycle ------------------------------------------------------------------------------
def test_it_takes_a_finding_from_open_to_corrected(
    finding, province_inspector, commune_a_staff, commune_a_commander
):
    first = _action(finding, province_inspector)
    second = _action(finding, province_inspector)
    assert first.commune_id == finding.commune_id and first.state == ActionState.OPEN

    _answer(first, commune_a_staff)
    first.refresh_from_db()
    assert first.state == ActionState.ANSWERED and first.answered_on == TODAY
    assert first.answered_by == commune_a_staff

    services.do_return_action(actor=province_inspector, action=first, reason="Thiếu biên bản")
    first.refresh_from_db()
    assert first.state == ActionState.RETURNED and first.verification_note == "Thiếu biên bản"

    _answer(first, commune_a_commander)
    services.do_verify_action(actor=province_inspector, action=first)
    first.refresh_from_db()
    finding.refresh_from_db()
    assert first.state == ActionState.VERIFIED
    assert (first.verified_on, first.verified_by) == (TODAY, province_inspector)
    assert finding.state == FindingState.OPEN  # the second action is not verified yet

    _answer(second, commune_a_staff)
    services.do_verify_action(actor=province_inspector, action=second, note="Đạt")
    finding.refresh_from_db()
    assert finding.state == FindingState.CORRECTED


def test_it_refuses_to_answer_a_verified_action(finding, province_inspector, commune_a_staff):
    action = _action(finding, province_inspector)
    _answer(action, commune_a_staff)
    services.do_verify_action(actor=province_inspector, action=action)
    with pytest.raises(ValidationError, match="verified on 15/06/2026"):
        _answer(action, commune_a_staff)


def test_it_refuses_an_answer_without_what_was_done_or_evidence(
    finding, province_inspector, commune_a_staff
):
    action = _action(finding, province_inspector)
    with pytest.raises(ValidationError) as refused:
        services.do_answer_action(actor=commune_a_staff, action=action, answer=" ", evidence="")
    assert set(refused.value.message_dict) == {"answer", "completion_evidence"}


def test_it_refuses_a_return_without_a_reason(finding, province_inspector, commune_a_staff):
    action = _action(finding, province_inspector)
    _answer(action, commune_a_staff)
    with pytest.raises(ValidationError) as refused:
        services.do_return_action(actor=province_inspector, action=action, reason="")
    assert "reason" in refused.value.message_dict


def test_it_closes_a_finding_without_action_only_while_it_has_none(
    finding, inspection, commune_a, province_inspector
):
    with pytest.raises(ValidationError):
        services.do_close_finding(actor=province_inspector, finding=finding, reason="")
    services.do_close_finding(actor=province_inspector, finding=finding, reason="Đã sửa ngay")
    finding.refresh_from_db()
    assert finding.state == FindingState.CLOSED and finding.closed_reason == "Đã sửa ngay"
    with pytest.raises(ValidationError, match="open findings only"):
        _action(finding, province_inspector)

    other = services.do_record_finding(
        actor=province_inspector,
        inspection=inspection,
        commune=commune_a,
        severity="minor",
        area="reporting",
        description="Báo cáo chậm",
    )
    _action(other, province_inspector)
    with pytest.raises(ValidationError, match="corrected when they are verified"):
        services.do_close_finding(actor=province_inspector, finding=other, reason="x")


def test_it_records_findings_only_in_the_communes_inspected(
    inspection, province_inspector, commune_c, province
):
    from tests.factories import CommuneFactory

    elsewhere = CommuneFactory(province=province, code=3999, name="Xã Khác Tỉnh")
    for commune in (elsewhere, commune_c):
        with pytest.raises(ValidationError) as refused:
            services.do_record_finding(
                actor=province_inspector,
                inspection=inspection,
                commune=commune,
                severity="minor",
                area="other",
                description="x",
            )
        assert "commune" in refused.value.message_dict


def test_it_refuses_an_action_due_before_the_finding(finding, province_inspector):
    with pytest.raises(ValidationError) as refused:
        _action(finding, province_inspector, due=datetime.date(2026, 5, 1))
    assert "due_on" in refused.value.message_dict


# --- who may change what -------------------------------------------------------------------------
def test_only_the_actions_commune_answers_it(
    finding, province_inspector, commune_b_staff, province_staff, ministry_viewer
):
    action = _action(finding, province_inspector)
    for outsider in (commune_b_staff, province_staff, ministry_viewer, province_inspector):
        assert not permissions.can_answer_action(outsider, action)
        with pytest.raises(PermissionDenied):
            _answer(action, outsider)
    action.refresh_from_db()
    assert action.state == ActionState.OPEN


def test_only_the_inspector_records_verifies_and_closes(
    finding,
    inspection,
    commune_a,
    province_inspector,
    commune_a_staff,
    commune_a_commander,
    province_staff,
    ministry_viewer,
):
    action = _action(finding, province_inspector)
    _answer(action, commune_a_staff)
    for user in (commune_a_staff, commune_a_commander, province_staff, ministry_viewer):
        with pytest.raises(PermissionDenied):
            services.do_verify_action(actor=user, action=action)
        with pytest.raises(PermissionDenied):
            services.do_return_action(actor=user, action=action, reason="x")
        with pytest.raises(PermissionDenied):
            _action(finding, user)
        with pytest.raises(PermissionDenied):
            services.do_record_finding(
                actor=user,
                inspection=inspection,
                commune=commune_a,
                severity="minor",
                area="other",
                description="x",
            )
    action.refresh_from_db()
    assert action.state == ActionState.ANSWERED


def test_an_inspector_of_another_province_changes_nothing(commune_c, finding):
    from garrison.accounts.rules import Role
    from tests.conftest import _user

    stranger = _user("c_inspector", Role.PROVINCE_INSPECTOR, province=commune_c.province)
    with pytest.raises(PermissionDenied):
        services.do_close_finding(actor=stranger, finding=finding, reason="x")


# --- the pages -----------------------------------------------------------------------------------
def test_the_commune_reads_its_finding_and_cannot_edit_it(
    finding, commune_a_staff, commune_b_staff, province_inspector
):
    detail = reverse("oversight:finding_detail", args=[finding.pk])
    edit = reverse("oversight:finding_edit", args=[finding.pk])
    own = client_for(commune_a_staff)
    page = own.get(detail)
    assert page.status_code == 200 and "Sổ đăng ký dân quân" in page.content.decode()
    assert 'data-testid="edit"' not in page.content.decode()
    assert own.get(edit).status_code == 404
    assert own.post(edit, {"description": "x", "version": finding.version}).status_code == 404
    assert client_for(commune_b_staff).get(detail).status_code == 404
    inspector = client_for(province_inspector).get(detail).content.decode()
    assert 'data-testid="edit"' in inspector and 'data-testid="action-add_action"' in inspector


def test_the_commune_answers_its_action_on_the_page(
    finding, province_inspector, commune_a_commander, commune_b_staff
):
    action = _action(finding, province_inspector)
    detail = reverse("oversight:corrective_action_detail", args=[action.pk])
    answer = reverse("oversight:corrective_action_answer", args=[action.pk])
    client = client_for(commune_a_commander)
    page = client.get(detail).content.decode()
    assert 'data-testid="action-answer"' in page and 'data-testid="edit"' not in page
    finding_page = client.get(reverse("oversight:finding_detail", args=[finding.pk]))
    assert 'data-testid="answer-action"' in finding_page.content.decode()

    refused = client.post(answer, {"answer": "Đã làm", "completion_evidence": ""})
    assert refused.status_code == 400
    response = client.post(answer, {"answer": "Đã làm", "completion_evidence": "Biên bản 3"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.state == ActionState.ANSWERED and action.completion_evidence == "Biên bản 3"
    # answered: the button is gone, and the page refuses a second answer
    assert 'data-testid="action-answer"' not in client.get(detail).content.decode()
    assert client.get(answer).status_code == 404
    assert client_for(commune_b_staff).get(answer).status_code == 404


def test_the_inspector_verifies_on_the_page_and_the_commune_cannot(
    finding, province_inspector, commune_a_staff, province_staff
):
    action = _action(finding, province_inspector)
    _answer(action, commune_a_staff)
    verify = reverse("oversight:corrective_action_verify", args=[action.pk])
    assert client_for(commune_a_staff).post(verify, {}).status_code == 404
    assert client_for(province_staff).post(verify, {}).status_code == 404
    inspector = client_for(province_inspector)
    detail = inspector.get(reverse("oversight:corrective_action_detail", args=[action.pk]))
    assert 'data-testid="action-verify"' in detail.content.decode()
    assert inspector.post(verify, {"note": "Đạt"}).status_code == 302
    action.refresh_from_db()
    finding.refresh_from_db()
    assert action.state == ActionState.VERIFIED and finding.state == FindingState.CORRECTED
    # verified: no longer editable
    edit = reverse("oversight:corrective_action_edit", args=[action.pk])
    assert inspector.get(edit).status_code == 302


def test_the_inspector_records_a_finding_and_an_action_on_the_pages(
    inspection, commune_a, province_inspector
):
    client = client_for(province_inspector)
    page = client.get(reverse("oversight:inspection_detail", args=[inspection.pk]))
    assert 'data-testid="action-record_finding"' in page.content.decode()
    response = client.post(
        reverse("oversight:inspection_record_finding", args=[inspection.pk]),
        {
            "commune": commune_a.pk,
            "severity": "moderate",
            "area": "readiness",
            "description": "Kế hoạch sẵn sàng chiến đấu chưa bổ sung",
            "found_on": "12/05/2026",
        },
    )
    assert response.status_code == 302
    finding = inspection.findings.get()
    response = client.post(
        reverse("oversight:finding_add_action", args=[finding.pk]),
        {"description": "Bổ sung kế hoạch", "due_on": "30/06/2026"},
    )
    assert response.status_code == 302
    assert finding.actions.get().commune == commune_a


def test_a_commune_reads_only_its_part_of_a_shared_inspection(
    inspection, finding, commune_b, commune_b_staff, province_inspector
):
    FindingFactory(commune=commune_b, inspection=inspection, description="Thiếu sổ trực")
    page = client_for(commune_b_staff).get(
        reverse("oversight:inspection_detail", args=[inspection.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200 and "Thiếu sổ trực" in text
    assert "Sổ đăng ký dân quân" not in text and "Xã Na Son" not in text
