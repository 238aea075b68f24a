"""The evacuation plan as its users meet it: a village sent to an area (page, API, service), an
area that is not an evacuation area or is another commune's refused by name, the province
reading without changing, the incident naming the evacuation area used, and the commune's
to-do items. Fixed times (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from garrison.core.home import todo_items
from garrison.core.scoping import scope_of
from garrison.operations.evacuation import services
from garrison.operations.models import EvacuationAssignment, Incident
from tests.conftest import client_for
from tests.factories import DefenceWorkFactory, EvacuationAreaFactory, VillageFactory
from tests.factories.ops_incidents import at, stop_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def na(commune_a):
    return VillageFactory(commune=commune_a, name="Bản Na", population=200)


@pytest.fixture
def area(commune_a):
    return EvacuationAreaFactory(
        commune=commune_a, name="Khu sơ tán Đồi Thông", capacity_people=150
    )


def test_it_assigns_a_village_once_and_changes_it_on_a_second_assignment(na, area, commune_a_staff):
    first = services.do_assign_village(actor=commune_a_staff, village=na, area=area)
    assert first.people is None and first.commune == na.commune
    second = services.do_assign_village(actor=commune_a_staff, village=na, area=area, people=80)
    assert second.pk == first.pk and EvacuationAssignment.objects.get().people == 80
    services.do_unassign_village(actor=commune_a_staff, assignment=second)
    assert not EvacuationAssignment.objects.exists()


def test_it_refuses_a_work_that_is_not_an_evacuation_area_naming_it(na, commune_a, commune_a_staff):
    base = DefenceWorkFactory(commune=commune_a, kind="combat_base", name="Căn cứ Pú Nhi")
    with pytest.raises(ValidationError) as refused:
        services.do_assign_village(actor=commune_a_staff, village=na, area=base)
    assert "Căn cứ Pú Nhi is not an evacuation area" in str(refused.value)


def test_it_refuses_another_communes_area_naming_it(na, commune_b, commune_a_staff):
    theirs = EvacuationAreaFactory(commune=commune_b, name="Khu sơ tán Bản Xa")
    with pytest.raises(ValidationError) as refused:
        services.do_assign_village(actor=commune_a_staff, village=na, area=theirs)
    assert "Khu sơ tán Bản Xa is an evacuation area of another commune" in str(refused.value)


def test_the_province_reads_the_plan_but_does_not_change_it(na, area, province_staff):
    with pytest.raises(PermissionDenied):
        services.do_assign_village(actor=province_staff, village=na, area=area)
    assignment = services.do_assign_village(actor=_commune_staff(na.commune), village=na, area=area)
    client = client_for(province_staff)
    assert client.get(f"/operations/evacuation/{assignment.pk}/").status_code == 200
    assert client.get(f"/operations/evacuation/{assignment.pk}/edit/").status_code == 404


def _commune_staff(commune):
    from garrison.accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(
        username="other", role=Role.COMMUNE_STAFF, commune=commune, province=commune.province
    )


def test_the_page_and_the_api_assign_a_village(na, area, commune_a, commune_a_staff):
    client = client_for(commune_a_staff)
    response = client.post(
        "/operations/evacuation/add/", {"village": na.pk, "area": area.pk, "people": "1.200"}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert EvacuationAssignment.objects.get().people == 1200
    other = VillageFactory(commune=commune_a, name="Bản Pa")
    response = client.post(
        "/api/operations/evacuation-assignments",
        json.dumps({"village_id": other.pk, "area_id": area.pk}),
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content
    base = DefenceWorkFactory(commune=commune_a, kind="shelter", name="Hầm trú ẩn số 1")
    third = VillageFactory(commune=commune_a, name="Bản Xa")
    response = client.post(
        "/api/operations/evacuation-assignments",
        json.dumps({"village_id": third.pk, "area_id": base.pk}),
        content_type="application/json",
    )
    assert response.status_code in (400, 422)


def test_the_commune_is_told_what_to_do(na, area, commune_a, commune_a_staff, rf):
    VillageFactory(commune=commune_a, name="Bản Pa", population=900)
    services.do_assign_village(actor=commune_a_staff, village=na, area=area)
    request = rf.get("/")
    request.user = commune_a_staff
    labels = [item.label for item in todo_items(request, scope_of(commune_a_staff))]
    assert "1 village has no evacuation area" in labels
    assert "1 evacuation area is over capacity" in labels


def test_the_incident_names_the_evacuation_area_used(
    monkeypatch, area, commune_a, commune_b, commune_a_staff
):
    stop_clock(monkeypatch, at(20, 8))
    client = client_for(commune_a_staff)
    data = {
        "commune": commune_a.pk,
        "kind": "landslide",
        "title": "Sạt lở taluy đường vào bản",
        "occurred_at": "20/07/2026 05:30",
        "severity": "severe",
        "evacuation_area": area.pk,
    }
    response = client.post(reverse("operations:incident_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    incident = Incident.objects.get()
    assert incident.evacuation_area == area
    page = client.get(reverse("operations:incident_detail", args=[incident.pk]))
    assert "Khu sơ tán Đồi Thông" in page.content.decode()
    api = client.get(f"/api/operations/incidents/{incident.pk}").json()
    assert api["evacuation_area_id"] == area.pk
    base = DefenceWorkFactory(commune=commune_a, kind="combat_base", name="Căn cứ Pú Nhi")
    refused = client.post(reverse("operations:incident_add"), {**data, "evacuation_area": base.pk})
    assert refused.status_code == 400
    assert "evacuation_area" in refused.context["form"].errors


def test_it_offers_only_evacuation_areas_in_the_area_search(area, commune_a, commune_a_staff):
    """The area picker of the plan and of the incident searches the defence works through their
    FilterSet with kind=evacuation_area: a combat base of the commune is not offered."""
    DefenceWorkFactory(commune=commune_a, name="Căn cứ chiến đấu Đồi Thông", kind="combat_base")
    client = client_for(commune_a_staff)
    for page in ("/operations/evacuation/add/", "/operations/incidents/add/"):
        html = client.get(page).content.decode()
        assert "kind=evacuation_area" in html, page
    html = client.get("/operations/evacuation/add/").content.decode()
    search = re.search(r'name="area"[^>]*data-search-url="([^"?]+)', html) or re.search(
        r'data-search-url="([^"?]+)[^"]*"[^>]*name="area"', html
    )
    search = search.group(1)
    names = [r["text"] for r in client.get(search, {"q": "Đồi Thông"}).json()["results"]]
    assert len(names) == 2  # the register's own search: both works
    narrowed = client.get(search, {"q": "Đồi Thông", "kind": "evacuation_area"}).json()
    assert [r["value"] for r in narrowed["results"]] == [str(area.pk)]
    refused = client.get(search, {"q": "Đồi Thông", "kind": "castle"}).json()
    assert refused["results"] == []  # a value the filter refuses finds nothing
