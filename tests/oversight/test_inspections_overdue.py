"""Overdue corrective actions (due before today and not verified), on a frozen day: the
commune's to-do list (its overdue actions and those due soon), the province's home section
(overdue actions by commune, linked), the "overdue" filter of the actions list, the year's plan
page, and the Excel export of findings and actions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from garrison.oversight.inspections import querysets as q
from garrison.oversight.inspections import rules, services
from garrison.oversight.models import CorrectiveAction
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.oversight import (
    CorrectiveActionFactory,
    FindingFactory,
    InspectionPlanFactory,
    inspection_of,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, TODAY)


def _action(commune, due_on, **kwargs):
    return CorrectiveActionFactory(finding=FindingFactory(commune=commune), due_on=due_on, **kwargs)


@pytest.fixture
def actions(commune_a, commune_b):
    """Na Son: overdue (open), overdue (answered), due soon, due later, overdue but verified;
    Mường Thanh: one overdue."""
    return {
        "late": _action(commune_a, datetime.date(2026, 6, 30)),
        "late_answered": _action(commune_a, datetime.date(2026, 7, 1), state="answered"),
        "soon": _action(commune_a, datetime.date(2026, 7, 20)),
        "later": _action(commune_a, datetime.date(2026, 9, 30)),
        "done": _action(commune_a, datetime.date(2026, 6, 1), state="verified"),
        "late_b": _action(commune_b, datetime.date(2026, 7, 9)),
    }


def test_it_calls_an_action_overdue_from_the_day_after_it_is_due():
    due = datetime.date(2026, 7, 10)
    assert not rules.is_overdue(due, "open", due)
    assert rules.is_overdue(due, "open", due + datetime.timedelta(days=1))
    assert rules.is_overdue(due, "answered", due + datetime.timedelta(days=1))
    assert not rules.is_overdue(due, "verified", due + datetime.timedelta(days=30))


def test_the_database_agrees_with_the_rule(actions):
    late = set(q.overdue_actions(CorrectiveAction.objects.all(), TODAY))
    assert late == {actions["late"], actions["late_answered"], actions["late_b"]}
    by_rule = {
        a for a in CorrectiveAction.objects.all() if rules.is_overdue(a.due_on, a.state, TODAY)
    }
    assert by_rule == late


def test_the_commune_sees_its_overdue_and_due_soon_actions_to_answer(actions, commune_a_staff):
    page = client_for(commune_a_staff).get("/").content.decode()
    assert "1 corrective action is overdue: answer it" in page
    assert "1 corrective action to answer soon" in page
    assert "overdue=true&amp;to_answer=true" in page


def test_the_province_home_lists_overdue_actions_by_commune(
    actions, province_staff, province_inspector, commune_a, commune_b
):
    for user in (province_staff, province_inspector):
        response = client_for(user).get("/")
        section = next(
            s for s in response.context["sections"] if s.get("template", "").startswith("oversight")
        )
        rows = {row["commune__name"]: row for row in section["overdue"]}
        assert rows["Xã Na Son"]["count"] == 2
        assert rows["Xã Na Son"]["url"].endswith(f"commune={commune_a.code}&overdue=true")
        assert rows["Phường Mường Thanh"]["count"] == 1
        assert section["overdue_total"] == 3
    inspector_page = client_for(province_inspector).get("/").content.decode()
    assert "1 answer to verify" in inspector_page


def test_the_overdue_filter_lists_what_is_late(actions, province_inspector, commune_a):
    client = client_for(province_inspector)
    url = reverse("oversight:corrective_action_list")
    listed = client.get(url, {"overdue": "true"}).context["page"].object_list
    assert {a.pk for a in listed} == {
        actions["late"].pk,
        actions["late_answered"].pk,
        actions["late_b"].pk,
    }
    narrowed = client.get(url, {"overdue": "true", "commune": commune_a.code, "state": "open"})
    assert [a.pk for a in narrowed.context["page"].object_list] == [actions["late"].pk]
    refused = client.get(url, {"overdue": "0"})
    assert "overdue" in refused.context["filterset"].errors


def test_the_commune_list_shows_its_own_actions_only(actions, commune_b_staff):
    listed = client_for(commune_b_staff).get(reverse("oversight:corrective_action_list"))
    assert [a.pk for a in listed.context["page"].object_list] == [actions["late_b"].pk]


def test_the_year_page_counts_inspections_and_communes(
    actions, province_inspector, province, commune_a, commune_b
):
    InspectionPlanFactory(province=province, year=2026)
    inspection_of(commune_a, starts_on=datetime.date(2026, 3, 2), ends_on=datetime.date(2026, 3, 3))
    inspection_of(
        commune_a,
        starts_on=datetime.date(2026, 8, 3),
        ends_on=datetime.date(2026, 8, 4),
        state="planned",
    )
    response = client_for(province_inspector).get(
        reverse("oversight:inspection_year"), {"year": "2026"}
    )
    context = response.context
    assert response.status_code == 200
    assert context["inspected_total"] == 2  # the findings' factory inspections name A and B
    assert context["communes_total"] == 2 and context["not_inspected"] == []
    assert context["months"][2]["total"] == 1  # March
    assert context["months"][4]["total"] == 6  # May: the inspection of each finding
    assert context["months"][7]["cells"][0] == 1  # August: one planned
    assert context["overdue_total"] == 3
    assert context["open_findings"] == 6


def test_the_commune_does_not_open_the_year_page(commune_a_staff):
    assert client_for(commune_a_staff).get(reverse("oversight:inspection_year")).status_code == 404


def test_findings_and_actions_export_to_a_sheet(actions, province_inspector):
    client = client_for(province_inspector)
    sheet = client.get(
        reverse("oversight:corrective_action_export"), {"format": "csv", "overdue": "true"}
    )
    body = b"".join(sheet.streaming_content).decode("utf-8-sig")
    assert body.count("\n") == 4  # the header and the three overdue actions
    assert "Cập nhật sổ đăng ký" in body
    findings = client.get(reverse("oversight:finding_export"), {"format": "csv"})
    text = b"".join(findings.streaming_content).decode("utf-8-sig")
    assert "Sổ đăng ký dân quân chưa cập nhật" in text
    xlsx = client.get(reverse("oversight:finding_export"), {"format": "xlsx"})
    assert xlsx.status_code == 302  # a worker builds the workbook


def test_verifying_the_last_action_corrects_the_finding_and_clears_the_overdue(
    actions, province_inspector
):
    late = actions["late_answered"]
    services.do_verify_action(actor=province_inspector, action=late)
    remaining = q.overdue_actions(CorrectiveAction.objects.all(), TODAY)
    assert late not in set(remaining)
    late.finding.refresh_from_db()
    assert late.finding.state == "corrected"
