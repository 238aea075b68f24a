"""An inspection names the communes it inspects (a searched picker, several), its team (the
province's users, searched) and, for a re-inspection, the open findings of those communes it
checks; the finding then shows the inspection that re-checked it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from garrison.oversight.inspections import services
from garrison.oversight.models import Inspection
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories.oversight import FindingFactory, InspectionPlanFactory, inspection_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, datetime.date(2026, 9, 1))


def _form(**extra):
    return {
        "kind": "inspection",
        "title": "Kiểm tra lại việc khắc phục",
        "starts_on": "14/09/2026",
        "ends_on": "15/09/2026",
        "state": "planned",
        **extra,
    }


def test_the_inspector_records_a_re_inspection_of_open_findings(
    province_inspector, province_staff, commune_a, commune_b, province
):
    finding = FindingFactory(commune=commune_a)
    plan = InspectionPlanFactory(province=province)
    client = client_for(province_inspector)
    page = client.get(reverse("oversight:inspection_add")).content.decode()
    assert 'data-search-url="/search/territory.commune/"' in page
    assert 'data-search-url="/search/accounts.user/?is_active=true"' in page
    assert 'data-search-url="/search/oversight.finding/?state=open"' in page
    response = client.post(
        reverse("oversight:inspection_add"),
        _form(
            plan=plan.pk,
            communes=[commune_a.pk, commune_b.pk],
            team=[province_inspector.pk, province_staff.pk],
            rechecks=[finding.pk],
            lead="Đại tá Nguyễn Văn Hùng",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    inspection = Inspection.objects.exclude(pk=finding.inspection_id).get()
    assert inspection.province == province
    assert {t.commune for t in inspection.targets.all()} == {commune_a, commune_b}
    assert set(inspection.team.all()) == {province_inspector, province_staff}
    assert list(inspection.rechecks.all()) == [finding]
    finding_page = client.get(reverse("oversight:finding_detail", args=[finding.pk]))
    assert 'data-testid="finding-rechecked-by"' in finding_page.content.decode()
    detail = client.get(reverse("oversight:inspection_detail", args=[inspection.pk]))
    assert 'data-testid="inspection-rechecks"' in detail.content.decode()
    # the commune reads the re-inspection that names it, and the link on its finding
    a_page = client_for(_commune_user(commune_a)).get(
        reverse("oversight:finding_detail", args=[finding.pk])
    )
    assert inspection.title in a_page.content.decode()


def _commune_user(commune):
    from garrison.accounts.rules import Role
    from tests.conftest import _user

    return _user("na_son_reader", Role.COMMUNE_STAFF, commune=commune)


def test_it_re_checks_only_open_findings_of_the_communes_inspected(
    province_inspector, commune_a, commune_b
):
    of_b = FindingFactory(commune=commune_b)
    closed = FindingFactory(commune=commune_a)
    services.do_close_finding(actor=province_inspector, finding=closed, reason="x")
    client = client_for(province_inspector)
    for rechecked in (of_b, closed):
        response = client.post(
            reverse("oversight:inspection_add"),
            _form(communes=[commune_a.pk], rechecks=[rechecked.pk]),
        )
        assert response.status_code == 400
        assert "rechecks" in response.context["form"].errors


def test_it_refuses_a_commune_or_a_user_of_another_province(
    province_inspector, commune_a, commune_c, other_province
):
    from garrison.accounts.rules import Role
    from tests.conftest import _user

    stranger = _user("lai_chau", Role.PROVINCE_STAFF, province=other_province)
    client = client_for(province_inspector)
    response = client.post(
        reverse("oversight:inspection_add"),
        _form(communes=[commune_a.pk, commune_c.pk], team=[stranger.pk]),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "communes" in errors and "team" in errors  # not among the choices of the scope


def test_it_keeps_a_commune_where_the_inspection_found_something(
    province_inspector, commune_a, commune_b
):
    inspection = inspection_of(commune_a)
    inspection.targets.create(commune=commune_b)
    FindingFactory(commune=commune_b, inspection=inspection)
    with pytest.raises(ValidationError) as refused:
        services.do_save_inspection(
            actor=province_inspector,
            inspection=inspection,
            communes=[commune_a],
            expected_version=inspection.version,
        )
    assert "Mường Thanh" in refused.value.message_dict["communes"][0]
    assert inspection.targets.count() == 2


def test_the_dates_must_be_in_order(province_inspector, commune_a):
    response = client_for(province_inspector).post(
        reverse("oversight:inspection_add"),
        _form(communes=[commune_a.pk], starts_on="15/09/2026", ends_on="14/09/2026"),
    )
    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors


def test_province_staff_and_communes_cannot_record_inspections(
    province_staff, commune_a_commander, commune_a
):
    for user in (province_staff, commune_a_commander):
        client = client_for(user)
        assert client.get(reverse("oversight:inspection_add")).status_code == 404
        response = client.post(reverse("oversight:inspection_add"), _form(communes=[commune_a.pk]))
        assert response.status_code == 404
    assert not Inspection.objects.exists()
