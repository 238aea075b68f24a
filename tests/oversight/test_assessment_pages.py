"""The assessment as its users meet it: the province sets a year's criteria (a Vietnamese
target), computes and approves the run and reads the ranking with its drill-down, the trend,
the PDF and the workbook; a commune sees its own scorecard and nobody else's; the Ministry
compares the provinces; a cadre's yearly evaluation shows the commune's assessment beside the
rating; the API computes and approves as the pages do. The clock stands on TODAY."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from garrison.cadres.models import Evaluation
from garrison.commands.rules import Position
from garrison.oversight.assessment import services
from garrison.oversight.models import AssessmentCriterion, AssessmentRun, CommuneScore
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import (
    AssignmentFactory,
    CadreProfileFactory,
    CommandFactory,
    DefenceWorkFactory,
    PersonFactory,
)
from tests.factories.oversight import AssessmentCriterionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 20)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    move_clock(monkeypatch, TODAY)


@pytest.fixture
def world(province, commune_a, commune_b):
    """2026's criteria (works ready 80% × 40, the Commander post × 30); commune A: 2 works
    ready of 2 and a Commander (100); commune B: 1 ready of 2, no Commander (35,71)."""
    AssessmentCriterionFactory(
        province=province, measure="works.ready_share", target=Decimal(80), weight=40
    )
    AssessmentCriterionFactory(
        province=province, measure="command.commander_post", target=Decimal(1), weight=30
    )
    command = CommandFactory(commune=commune_a)
    CommandFactory(commune=commune_b)
    AssignmentFactory(command=command, position=Position.COMMANDER)
    for commune, states in ((commune_a, ("ready", "ready")), (commune_b, ("ready", "degraded"))):
        for state in states:
            DefenceWorkFactory(commune=commune, state=state)
    return province


@pytest.fixture
def run(world, province_staff):
    return services.do_compute_run(
        actor=province_staff,
        province=world,
        year=2026,
        period="year",
        as_of=datetime.date(2026, 12, 31),
    )


def score_of(run, commune) -> CommuneScore:
    return run.scores.get(commune=commune)


def test_the_province_sets_a_target_typed_the_vietnamese_way(province, province_staff):
    client = client_for(province_staff, "vi")
    response = client.post(
        "/oversight/assessment/criteria/add/",
        {
            "province": province.pk,
            "year": "2026",
            "measure": "reporting.reports_on_time",
            "target": "90,5",
            "weight": "20",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion = AssessmentCriterion.objects.get(measure="reporting.reports_on_time")
    assert (criterion.target, criterion.weight, criterion.province) == (
        Decimal("90.5"),
        20,
        province,
    )
    listed = client.get("/oversight/assessment/criteria/?year=2026").content.decode()
    assert "Báo cáo đúng hạn" in listed or "Reports made on time" in listed


def test_nobody_but_the_province_staff_sets_criteria(province, province_inspector, commune_a_staff):
    for user in (province_inspector, commune_a_staff):
        client = client_for(user)
        assert client.get("/oversight/assessment/criteria/add/").status_code == 404
        assert client.get("/oversight/assessment/criteria/copy/").status_code == 404


def test_the_province_copies_last_year_s_criteria(province, province_staff):
    AssessmentCriterionFactory(province=province, year=2025, measure="works.ready_share")
    client = client_for(province_staff)
    page = client.get("/oversight/assessment/criteria/").content.decode()
    assert 'data-testid="copy-criteria"' in page
    response = client.post("/oversight/assessment/criteria/copy/", {"year": "2026"})
    assert response.status_code == 302
    assert AssessmentCriterion.objects.filter(year=2026, measure="works.ready_share").exists()


def test_the_province_computes_approves_and_reads_the_ranking(world, province_staff, commune_a):
    client = client_for(province_staff)
    response = client.post(
        "/oversight/assessment/runs/compute/", {"year": "2026", "period": "year"}
    )
    assert response.status_code == 302
    run = AssessmentRun.objects.get(province=world, year=2026)
    assert run.as_of == datetime.date(2026, 12, 31)
    page = client.get(f"/oversight/assessment/runs/{run.pk}/").content.decode()
    assert 'data-testid="action-approve"' in page and 'data-testid="ranking"' in page
    assert page.index("Xã Na Son") < page.index("Phường Mường Thanh")
    assert '<td class="text-end fw-semibold" data-score>100</td>' in page
    assert '<td class="text-end fw-semibold" data-score>35.71</td>' in page
    # a value opens the commune's scorecard at that measure
    a_score = score_of(run, commune_a)
    assert f"/oversight/assessment/scores/{a_score.pk}/#measure-works.ready_share" in page
    response = client.post(f"/oversight/assessment/runs/{run.pk}/approve/", {})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.is_frozen
    page = client.get(f"/oversight/assessment/runs/{run.pk}/").content.decode()
    assert 'data-testid="action-approve"' not in page
    assert 'data-testid="action-recompute"' not in page
    assert client.get(f"/oversight/assessment/runs/{run.pk}/delete/").status_code == 302


@pytest.mark.parametrize("persona", ["province_inspector", "commune_a_staff", "ministry_viewer"])
def test_nobody_else_approves_on_the_page_or_through_the_api(run, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/oversight/assessment/runs/{run.pk}/approve/").status_code == 404
    assert client.post(f"/oversight/assessment/runs/{run.pk}/approve/", {}).status_code == 404
    api = client.post(f"/api/oversight/assessment-runs/{run.pk}/approve")
    assert api.status_code == 403
    run.refresh_from_db()
    assert not run.is_frozen


def test_the_scorecard_shows_the_evidence_behind_each_figure(run, province_staff, commune_b):
    page = client_for(province_staff).get(
        f"/oversight/assessment/scores/{score_of(run, commune_b).pk}/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-measure="works.ready_share"' in html
    # the works ready and the works in use, each opening the works list of commune B
    assert f"/operations/works/?commune={commune_b.code}&amp;state=ready" in html
    assert "2 of 2" in html  # rank 2 of the province's 2 communes
    assert "35.71" in html


def test_a_commune_sees_its_own_scorecard_and_nobody_else_s(
    run, commune_a, commune_b, commune_a_staff
):
    client = client_for(commune_a_staff)
    own, other = score_of(run, commune_a), score_of(run, commune_b)
    assert client.get(f"/oversight/assessment/scores/{other.pk}/").status_code == 404
    assert client.get(f"/oversight/assessment/scores/{own.pk}/").status_code == 200
    response = client.get("/oversight/assessment/our-scorecard/")
    assert response.status_code == 302
    assert response["Location"] == f"/oversight/assessment/scores/{own.pk}/"
    ranking = client.get(f"/oversight/assessment/runs/{run.pk}/").content.decode()
    assert "Xã Na Son" in ranking and commune_b.name not in ranking
    assert client.get(f"/oversight/assessment/runs/{run.pk}/compare/").status_code == 404
    api = client.get(f"/api/oversight/assessment-scores?run={run.pk}").json()
    assert [item["commune_id"] for item in api["items"]] == [commune_a.pk]
    assert "Our scorecard" in client.get("/").content.decode()


def test_a_commune_not_yet_assessed_is_told_so(commune_a_staff):
    page = client_for(commune_a_staff).get("/oversight/assessment/our-scorecard/")
    assert 'data-testid="no-scorecard"' in page.content.decode()


def test_the_comparison_shows_what_changed_since_approval(run, province_staff, commune_b):
    services.do_approve_run(actor=province_staff, run=run)
    DefenceWorkFactory(commune=commune_b, state="ready")
    page = client_for(province_staff).get(f"/oversight/assessment/runs/{run.pk}/compare/")
    html = page.content.decode()
    assert 'data-testid="comparison"' in html
    # 2 of 3 ready: 66.67% of 80 → 33.34 points of 40, none of 30: 100 × 33.34 / 70
    assert '<td class="text-end" data-frozen-score>35.71</td>' in html
    assert '<td class="text-end fw-semibold" data-live-score>47.63</td>' in html
    assert score_of(run, commune_b).score == Decimal("35.71")


def test_the_trend_shows_the_province_s_runs_over_the_periods(
    world, run, province_staff, commune_a
):
    services.do_compute_run(
        actor=province_staff,
        province=world,
        year=2026,
        period="h1",
        as_of=datetime.date(2026, 6, 30),
    )
    page = client_for(province_staff).get(f"/oversight/assessment/trend/?commune={commune_a.code}")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="trend"' in html and "chart-trend" in html
    assert html.index("first half-year") < html.index("whole year")
    assert "vendor/chart.js/chart.umd.min.js" in html


def test_the_ministry_compares_the_approved_assessments_of_the_provinces(
    run, province_staff, ministry_viewer
):
    client = client_for(ministry_viewer)
    empty = client.get("/oversight/assessment/provinces/?year=2026").content.decode()
    assert "Điện Biên" not in empty.split('data-testid="provinces"')[1]
    services.do_approve_run(actor=province_staff, run=run)
    page = client.get("/oversight/assessment/provinces/?year=2026").content.decode()
    table = page.split('data-testid="provinces"')[1]
    assert "Điện Biên" in table and "67.86" in table  # mean of 100 and 35.71
    assert client_for(province_staff).get("/oversight/assessment/provinces/").status_code == 404


def test_the_ranking_prints_as_a_decree_30_report_and_exports_to_excel(run, province_staff):
    client = client_for(province_staff)
    pdf = client.get(f"/oversight/assessment/runs/{run.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    export = client.get(f"/oversight/assessment/scores/export/?run={run.pk}&format=csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert len(lines) == 3 and "Defence works ready" in lines[0]
    assert lines[1].split(",")[4:7] == ["1", "3316", "Xã Na Son"]
    workbook = client.get(f"/oversight/assessment/scores/export/?run={run.pk}&format=xlsx")
    assert workbook.status_code == 302 and "/exports/" in workbook["Location"]


def test_a_cadre_s_evaluation_shows_the_commune_s_assessment(run, province_staff, commune_a):
    profile = CadreProfileFactory(person=PersonFactory(residence_commune=commune_a))
    evaluation = Evaluation.objects.create(
        profile=profile, year=2026, rating="good", command=commune_a.command
    )
    page = client_for(province_staff).get(f"/cadres/evaluations/{evaluation.pk}/")
    html = page.content.decode()
    section = html.split('data-testid="commune-assessment"')[1]
    assert 'data-figure="assessment-score">100</span>' in section
    assert "rank 1 of 2" in section and "draft" in section
    assert f"/oversight/assessment/scores/{score_of(run, commune_a).pk}/" in section
    other_year = Evaluation.objects.create(profile=profile, year=2025, rating="good")
    page = client_for(province_staff).get(f"/cadres/evaluations/{other_year.pk}/")
    assert "Not assessed for that year." in page.content.decode()


def test_the_api_computes_and_approves_as_the_pages_do(world, province_staff, province_inspector):
    client = client_for(province_staff)
    response = client.post(
        "/api/oversight/assessment-runs/compute",
        json.dumps({"year": 2026, "period": "h1"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["as_of"] == "2026-06-30" and body["state"] == "draft"
    run_id = body["id"]
    refused = client_for(province_inspector).post(
        "/api/oversight/assessment-runs/compute",
        json.dumps({"year": 2026}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    approved = client.post(f"/api/oversight/assessment-runs/{run_id}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    again = client.post(
        "/api/oversight/assessment-runs/compute",
        json.dumps({"year": 2026, "period": "h1"}),
        content_type="application/json",
    )
    assert again.status_code == 400 and "frozen" in again.json()["detail"]
    figures = client.get(f"/api/oversight/assessment-figures?run={run_id}").json()
    assert figures["count"] == 4


def test_the_homes_show_the_latest_assessment_and_what_awaits_approval(
    run, province_staff, commune_a_staff
):
    province_home = client_for(province_staff).get("/").content.decode()
    assert 'data-testid="home-assessment"' in province_home
    assert "Approve the assessment of the communes: 2026 whole year" in province_home
    commune_home = client_for(commune_a_staff).get("/").content.decode()
    section = commune_home.split('data-testid="home-assessment"')[1]
    assert "Our score" in section and "rank 1 of 2" in section
    services.do_approve_run(actor=province_staff, run=run)
    assert "Approve the assessment" not in client_for(province_staff).get("/").content.decode()
