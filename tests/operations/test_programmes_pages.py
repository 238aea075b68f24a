"""Mass-mobilisation pages and API as their users meet them: the commune adds help under its
province's programme, amounts typed the Vietnamese way, a person helped twice flagged on the page
and in the API (with the earlier help), totals equal to the rows, the list of recipients printed,
and who reads which programme. The clock is fixed on 28/01/2026."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from garrison.core.indicators import get_indicator
from garrison.operations.models import MassProgramme, ProgrammeAid
from garrison.operations.programmes import indicators as ind
from garrison.operations.programmes import services
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import MassProgrammeFactory, PersonFactory, ProgrammeAidFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 28)


@pytest.fixture
def today(monkeypatch):
    return move_clock(monkeypatch, DAY)


@pytest.fixture
def tet(province):
    """The province's "Warm Military-Civilian Tết 2026" programme: every commune takes part."""
    return MassProgrammeFactory(province=province, commune=None)


def _give(actor, programme, person, **kw):
    values = {"kind": "gift", "quantity": 1, "value_vnd": 500_000, "given_on": DAY}
    values.update(kw)
    return services.do_give_aid(actor=actor, programme=programme, person=person, **values)


def test_it_reads_vietnamese_amounts_and_refuses_half_a_dong(today, tet, commune_a_staff, person_a):
    client = client_for(commune_a_staff, "vi")
    url = reverse("operations:programme_give_aid", args=[tet.pk])
    form = {
        "person": person_a.pk,
        "kind": "money",
        "quantity": "1",
        "value_vnd": "1.200.000",
        "given_on": "28/01/2026",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    aid = ProgrammeAid.objects.get(person=person_a)
    assert aid.value_vnd == 1_200_000 and aid.commune_id == person_a.residence_commune_id
    response = client.post(url, {**form, "value_vnd": "0,5"})
    assert response.status_code == 400
    assert "0,5" in response.content.decode()
    assert ProgrammeAid.objects.count() == 1


def test_it_refuses_help_outside_the_period(today, tet, commune_a_staff, person_a):
    client = client_for(commune_a_staff)
    response = client.post(
        reverse("operations:programme_give_aid", args=[tet.pk]),
        {
            "person": person_a.pk,
            "kind": "gift",
            "quantity": "2",
            "value_vnd": "500.000",
            "given_on": "04/01/2026",
        },
    )
    assert response.status_code == 400
    assert "outside the programme&#x27;s period" in response.content.decode()
    assert not ProgrammeAid.objects.exists()


def test_it_flags_a_person_helped_twice_on_the_page(today, tet, commune_a_staff, person_a):
    _give(commune_a_staff, tet, person_a, given_on=datetime.date(2026, 1, 12))
    client = client_for(commune_a_staff)
    response = client.post(
        reverse("operations:programme_give_aid", args=[tet.pk]),
        {
            "person": person_a.pk,
            "kind": "work_days",
            "quantity": "5",
            "value_vnd": "0",
            "given_on": "28/01/2026",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "already helped under this programme" in page and "12/01/2026" in page
    assert ProgrammeAid.objects.filter(person=person_a).count() == 2
    detail = client.get(reverse("operations:programme_detail", args=[tet.pk])).content.decode()
    assert 'data-testid="helped-twice"' in detail and person_a.full_name in detail
    listed = client.get(reverse("operations:aid_list") + "?helped_twice=true").content.decode()
    assert listed.count(person_a.full_name) >= 2


def test_it_flags_a_person_helped_twice_in_the_api(today, tet, commune_a_staff, person_a):
    first = _give(commune_a_staff, tet, person_a, given_on=datetime.date(2026, 1, 12)).row
    client = client_for(commune_a_staff)
    response = client.post(
        f"/api/operations/programmes/{tet.pk}/give-aid",
        json.dumps(
            {
                "citizen_id": person_a.citizen_id,
                "kind": "money",
                "value_vnd": "1.200.000",
                "given_on": "2026-01-28",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["aid"]["value_vnd"] == 1_200_000 and body["aid"]["helped_twice"]
    assert [f["id"] for f in body["flags"]] == [first.pk]
    assert body["flags"][0]["given_on"] == "2026-01-12"
    half = client.post(
        f"/api/operations/programmes/{tet.pk}/give-aid",
        json.dumps(
            {"person_id": person_a.pk, "kind": "gift", "value_vnd": "0,5", "given_on": "2026-01-28"}
        ),
        content_type="application/json",
    )
    assert half.status_code == 400 and "value_vnd" in half.json()["errors"]


def test_it_keeps_help_to_people_of_the_commune(today, tet, commune_a_staff, person_b):
    client = client_for(commune_a_staff)
    response = client.post(
        f"/api/operations/programmes/{tet.pk}/give-aid",
        json.dumps(
            {"person_id": person_b.pk, "kind": "gift", "value_vnd": 1, "given_on": "2026-01-28"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not ProgrammeAid.objects.exists()


def _world(tet, commune_a, commune_b, commune_a_staff, commune_b_staff):
    a1 = PersonFactory(residence_commune=commune_a)
    a2 = PersonFactory(residence_commune=commune_a)
    b1 = PersonFactory(residence_commune=commune_b)
    _give(commune_a_staff, tet, a1, kind="gift", quantity=2, value_vnd=1_000_000)
    _give(commune_a_staff, tet, a1, kind="money", value_vnd=2_000_000)
    _give(commune_a_staff, tet, a2, kind="house_repaired", value_vnd=30_000_000)
    _give(commune_b_staff, tet, b1, kind="work_days", quantity=4, value_vnd=0)
    return a1, a2, b1


def test_it_totals_the_rows_by_commune(
    today, tet, commune_a, commune_b, commune_a_staff, commune_b_staff, province_staff
):
    _world(tet, commune_a, commune_b, commune_a_staff, commune_b_staff)
    rows = {r["code"]: r for r in ind.programme_totals(province_staff, "commune", tet)}
    a, b = rows[commune_a.code], rows[commune_b.code]
    assert (a["people"], a["rows"], a["value"], a["flagged"]) == (2, 3, 33_000_000, 2)
    assert a["value_gift"] == 1_000_000 and a["value_money"] == 2_000_000
    assert a["value_house_repaired"] == 30_000_000 and a["quantity_gift"] == 2
    assert (b["people"], b["rows"], b["value"], b["quantity_work_days"]) == (1, 1, 0, 4)
    aid = ProgrammeAid.objects.filter(programme=tet)
    assert sum(r["rows"] for r in rows.values()) == aid.count()
    assert sum(r["value"] for r in rows.values()) == sum(x.value_vnd for x in aid)
    client = client_for(province_staff)
    page = client.get(reverse("operations:programme_totals")).content.decode()
    assert 'data-testid="totals-table"' in page and commune_a.name in page
    api = client.get(f"/api/operations/programme-totals?programme={tet.pk}").json()
    assert api["by"] == "commune" and api["total"]["people"] == 3
    assert api["total"]["value_vnd"] == 33_000_000


def test_the_ministry_sees_provinces_and_drills_down(
    today, tet, commune_a, commune_b, commune_a_staff, commune_b_staff, ministry_viewer, province
):
    _world(tet, commune_a, commune_b, commune_a_staff, commune_b_staff)
    rows = ind.programme_totals(ministry_viewer, "province")
    assert [(r["code"], r["people"], r["rows"]) for r in rows] == [(province.code, 3, 4)]
    client = client_for(ministry_viewer)
    page = client.get(reverse("operations:programme_totals")).content.decode()
    assert f"province={province.code}" in page
    down = client.get(reverse("operations:programme_totals") + f"?province={province.code}")
    assert commune_a.name in down.content.decode()
    api = client.get(f"/api/operations/programme-totals?province={province.code}").json()
    assert api["by"] == "commune" and len(api["rows"]) == 2


def test_the_indicators_equal_the_rows(
    today, tet, commune_a, commune_b, commune_a_staff, commune_b_staff
):
    _a1, _a2, _b1 = _world(tet, commune_a, commune_b, commune_a_staff, commune_b_staff)
    people = get_indicator("operations.people_helped")
    value = get_indicator("operations.value_given")
    assert people.values([commune_a.pk, commune_b.pk], DAY) == {commune_a.pk: 2, commune_b.pk: 1}
    assert value.values([commune_a.pk, commune_b.pk], DAY) == {
        commune_a.pk: 33_000_000,
        commune_b.pk: 0,
    }
    assert people.value(commune_a.pk, datetime.date(2026, 1, 27)) == 0  # given on the 28th


def test_the_recipients_pdf_lists_them(
    today, tet, commune_a, commune_b, commune_a_staff, commune_b_staff, monkeypatch
):
    a1, a2, b1 = _world(tet, commune_a, commune_b, commune_a_staff, commune_b_staff)
    seen = {}

    def fake_render(template, context):
        seen.update(context)
        from django.template.loader import render_to_string

        seen["html"] = render_to_string(template, context)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr("garrison.operations.programmes.views.render_pdf", fake_render)
    client = client_for(commune_a_staff)
    url = reverse("operations:programme_recipients_pdf", args=[tet.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert a1.full_name in seen["html"] and a2.full_name in seen["html"]
    assert b1.full_name not in seen["html"]  # commune A sees its own help only
    assert "DANH SÁCH" in seen["html"] and "Ký nhận" in seen["html"]
    assert seen["issuer"].startswith("Ban Chỉ huy Quân sự")


def test_the_recipients_pdf_renders(
    today, tet, commune_a, commune_a_staff, person_a, province_staff
):
    _give(commune_a_staff, tet, person_a)
    client = client_for(province_staff)
    url = reverse("operations:programme_recipients_pdf", args=[tet.pk])
    response = client.get(url + f"?commune={commune_a.code}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_province_programme_is_read_by_its_communes_only(today, tet, commune_a_staff, commune_c):
    from garrison.accounts.models import Role
    from tests.conftest import _user

    other = _user("c_staff", Role.COMMUNE_STAFF, commune=commune_c)
    assert (
        client_for(commune_a_staff)
        .get(reverse("operations:programme_detail", args=[tet.pk]))
        .status_code
        == 200
    )
    assert (
        client_for(other).get(reverse("operations:programme_detail", args=[tet.pk])).status_code
        == 404
    )
    assert (
        client_for(other).get(reverse("operations:programme_give_aid", args=[tet.pk])).status_code
        == 404
    )
    # the commune reads the province's programme, but does not change it
    assert (
        client_for(commune_a_staff)
        .get(reverse("operations:programme_edit", args=[tet.pk]))
        .status_code
        == 404
    )


def test_who_creates_which_programme(today, commune_a_staff, province_staff, commune_a):
    data = {
        "name": "Tết 2026",
        "starts_on": "05/01/2026",
        "ends_on": "20/02/2026",
        "with_youth_union": "on",
        "budget_vnd": "150.000.000",
    }
    assert (
        client_for(province_staff, "vi").post(reverse("operations:programme_add"), data).status_code
        == 302
    )
    assert (
        client_for(commune_a_staff, "vi")
        .post(reverse("operations:programme_add"), {**data, "name": "Xã Na Son"})
        .status_code
        == 302
    )
    province_wide = MassProgramme.objects.get(name="Tết 2026")
    own = MassProgramme.objects.get(name="Xã Na Son")
    assert province_wide.commune_id is None and province_wide.budget_vnd == 150_000_000
    assert province_wide.with_youth_union and not province_wide.with_farmers_union
    assert own.commune_id == commune_a.pk


def test_the_home_page_lists_the_running_programmes(
    today, tet, commune_a_staff, province_staff, person_a
):
    page = client_for(commune_a_staff).get("/").content.decode()
    assert 'data-testid="home-programmes"' in page
    assert reverse("operations:programme_give_aid", args=[tet.pk]) in page
    _give(commune_a_staff, tet, person_a)
    page = client_for(province_staff).get("/").content.decode()
    assert 'data-testid="home-programmes-totals"' in page


def test_the_lists_filter_and_export(
    today, tet, commune_a_staff, person_a, province_staff, commune_a
):
    ProgrammeAidFactory(programme=tet, person=person_a, given_on=DAY)
    client = client_for(province_staff)
    programmes = client.get(
        reverse("operations:programme_list")
        + f"?running_on=28/01/2026&partner=womens_union&year=2026&commune={commune_a.code}"
    )
    assert tet.name in programmes.content.decode()
    none = client.get(reverse("operations:programme_list") + "?partner=farmers_union")
    assert tet.name not in none.content.decode()
    export = client.get(reverse("operations:aid_export") + f"?programme={tet.pk}&format=csv")
    assert export.status_code == 200


def test_the_aid_register_imports_and_reimports_its_export(
    today, tet, commune_a_staff, person_a, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from garrison.core.models import ImportJob

    client = client_for(commune_a_staff)
    sheet = (
        "id,programme,person,kind,quantity,value_vnd,given_on,note\n"
        f",{tet.pk},{person_a.citizen_id},money,1,1.200.000,28/01/2026,\n"
    )

    def run(text):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("operations:aid_import"),
                {"file": SimpleUploadedFile("aid.csv", text.encode(), content_type="text/csv")},
            )
        assert response.status_code == 302, response.content[:1000]
        job = ImportJob.objects.latest("pk")
        assert job.status == ImportJob.Status.READY, job.errors
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/imports/{job.pk}/", {"action": "apply"})
        job.refresh_from_db()
        assert job.status == ImportJob.Status.DONE, job.errors
        return job

    run(sheet)
    aid = ProgrammeAid.objects.get()
    assert aid.value_vnd == 1_200_000 and aid.kind == "money"
    again = sheet.replace("\n,", f"\n{aid.pk},", 1)
    job = run(again)
    assert (job.created_count, job.updated_count) == (0, 0)
    assert ProgrammeAid.objects.count() == 1


def test_it_offers_the_province_no_edit_of_a_communes_own_programme(
    client, province_staff, commune_a
):
    programme = MassProgrammeFactory(province=commune_a.province, commune=commune_a)
    client.force_login(province_staff)
    page = client.get(f"/operations/programmes/{programme.pk}/")
    assert page.status_code == 200
    assert f"/operations/programmes/{programme.pk}/edit/" not in page.content.decode()
    assert client.get(f"/operations/programmes/{programme.pk}/edit/").status_code == 404
