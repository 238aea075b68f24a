"""Readiness events: declared by a province for its communes (all, chosen, a flag) or by the
Ministry for every province; each commune reached, and only those, sees it; the province sees
the state of every reached commune's plan and who is late."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from garrison.accounts.rules import Role
from garrison.operations.events import services
from garrison.operations.events.models import EventTarget, ReadinessEvent
from tests.clock import move_clock
from tests.conftest import client_for
from tests.factories import CommuneFactory, ReadinessEventFactory, ReadinessPlanFactory, UserFactory

DAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    move_clock(monkeypatch, DAY)


@pytest.fixture
def ministry_admin(db):
    return UserFactory(username="ministry_admin", role=Role.MINISTRY_VIEWER, is_superuser=True)


def _event(province, **fields):
    return ReadinessEventFactory(province=province, **fields)


def _reached(event):
    return set(EventTarget.objects.filter(event=event).values_list("commune__name", flat=True))


@pytest.mark.django_db
def test_it_reaches_every_commune_of_the_province(province_staff, commune_a, commune_b, commune_c):
    event = _event(commune_a.province, plan_due_on=datetime.date(2026, 2, 5))
    with CaptureQueriesContext(connection) as queries:
        n = services.do_declare_event(actor=province_staff, event=event)
    assert n == 2
    assert _reached(event) == {commune_a.name, commune_b.name}
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    inserts = [q for q in inserts if "operations_eventtarget" in q["sql"]]
    assert len(inserts) == 1  # one INSERT for every commune, not one save each
    target = EventTarget.objects.get(event=event, commune=commune_a)
    assert (target.plan_due_on, target.patrols_per_week, target.duty_strength) == (
        datetime.date(2026, 2, 5),
        2,
        3,
    )
    event.refresh_from_db()
    assert event.status == "declared" and event.declared_by == province_staff


@pytest.mark.django_db
def test_it_reaches_exactly_the_chosen_communes(province_staff, commune_a, commune_b):
    event = _event(commune_a.province, reach="chosen")
    event.chosen_communes.set([commune_b])
    assert services.do_declare_event(actor=province_staff, event=event) == 1
    assert _reached(event) == {commune_b.name}


@pytest.mark.django_db
def test_it_reaches_the_border_communes(province_staff, commune_a, commune_b):
    commune_a.is_border = True
    commune_a.save()
    event = _event(commune_a.province, reach="border")
    services.do_declare_event(actor=province_staff, event=event)
    assert _reached(event) == {commune_a.name}


@pytest.mark.django_db
def test_an_event_reaching_no_commune_is_refused_with_the_reason(province_staff, commune_a):
    event = _event(commune_a.province, reach="island")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.do_declare_event(actor=province_staff, event=event)
    assert "reaches the island communes and there are none" in str(exc.value.message_dict["reach"])
    event.refresh_from_db()
    assert event.status == "draft" and not event.targets.exists()


@pytest.mark.django_db
def test_the_ministry_reaches_the_communes_of_every_province(
    ministry_admin, commune_a, commune_b, commune_c, province_staff, commune_a_staff
):
    event = _event(None, name="Bầu cử Quốc hội khóa XVI")
    assert services.do_declare_event(actor=ministry_admin, event=event) == 3
    assert _reached(event) == {commune_a.name, commune_b.name, commune_c.name}
    assert {t.province_id for t in event.targets.all()} == {
        commune_a.province_id,
        commune_c.province_id,
    }
    # the province and its communes read it; the province cannot change it
    assert client_for(province_staff).get(f"/operations/events/{event.pk}/").status_code == 200
    assert client_for(commune_a_staff).get(f"/operations/events/{event.pk}/").status_code == 200
    assert ReadinessEvent.objects.editable_by(province_staff).filter(pk=event.pk).count() == 0
    # each reads the communes reached of its own area: the province its two, the Ministry all
    page = client_for(province_staff).get(f"/operations/events/{event.pk}/").content.decode()
    assert "2 communes reached" in page
    page = client_for(ministry_admin).get(f"/operations/events/{event.pk}/").content.decode()
    assert "3 communes reached" in page


@pytest.mark.django_db
def test_a_ministry_draft_is_the_ministrys_alone(ministry_admin, province_staff, commune_a):
    event = _event(None)
    assert not ReadinessEvent.objects.visible_to(province_staff).filter(pk=event.pk).exists()
    assert ReadinessEvent.objects.visible_to(ministry_admin).filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_a_commune_not_reached_sees_nothing(province_staff, commune_a, commune_b, commune_a_staff):
    event = _event(commune_a.province, reach="chosen", name="Đại hội Đảng XIV")
    event.chosen_communes.set([commune_b])
    services.do_declare_event(actor=province_staff, event=event)
    client = client_for(commune_a_staff)
    assert client.get(f"/operations/events/{event.pk}/").status_code == 404
    assert "Đại hội Đảng XIV" not in client.get("/operations/events/").content.decode()
    assert client.get(f"/api/operations/events/{event.pk}").status_code == 404
    assert client.get("/api/operations/events").json()["count"] == 0


@pytest.mark.django_db
def test_a_commune_sees_a_draft_of_its_province_not(province_staff, commune_a, commune_a_staff):
    event = _event(commune_a.province)
    client = client_for(commune_a_staff)
    assert client.get(f"/operations/events/{event.pk}/").status_code == 404


@pytest.mark.django_db
def test_another_province_neither_sees_nor_edits_the_event(
    commune_a, commune_c, other_province, province_staff
):
    event = _event(commune_a.province)
    outsider = UserFactory(username="other_p", role=Role.PROVINCE_STAFF, province=other_province)
    client = client_for(outsider)
    assert client.get(f"/operations/events/{event.pk}/").status_code == 404
    assert client.get(f"/operations/events/{event.pk}/edit/").status_code == 404
    assert client.post(f"/api/operations/events/{event.pk}/declare").status_code == 404


@pytest.mark.django_db
def test_a_declared_event_is_no_longer_edited_but_closed(province_staff, commune_a):
    event = _event(commune_a.province)
    services.do_declare_event(actor=province_staff, event=event)
    client = client_for(province_staff)
    response = client.get(f"/operations/events/{event.pk}/edit/")
    assert response.status_code == 302  # back to the event, with the reason
    with pytest.raises(ValidationError):
        services.do_declare_event(actor=province_staff, event=event)
    response = client.post(f"/operations/events/{event.pk}/close/", {"confirm": "on"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "closed"


@pytest.mark.django_db
def test_the_province_declares_from_the_pages(province_staff, commune_a, commune_b):
    client = client_for(province_staff)
    response = client.post(
        "/operations/events/add/",
        {
            "name": "Tết Nguyên đán Bính Ngọ 2026",
            "kind": "holiday",
            "starts_on": "10/02/2026",
            "ends_on": "22/02/2026",
            "level": "heightened",
            "reach": "chosen",
            "chosen_communes": [commune_a.pk],
            "plan_due_on": "05/02/2026",
            "patrols_per_week": "3",
            "duty_strength": "4",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = ReadinessEvent.objects.get(name="Tết Nguyên đán Bính Ngọ 2026")
    assert event.province_id == commune_a.province_id
    response = client.post(
        f"/operations/events/{event.pk}/declare/", {"confirm": "on"}, follow=True
    )
    assert "it reaches 1 commune" in response.content.decode()
    assert _reached(event) == {commune_a.name}


@pytest.mark.django_db
def test_a_chosen_reach_without_communes_is_refused_on_the_page(province_staff, commune_a):
    response = client_for(province_staff).post(
        "/operations/events/add/",
        {
            "name": "x",
            "kind": "exercise",
            "starts_on": "10/02/2026",
            "ends_on": "22/02/2026",
            "level": "regular",
            "reach": "chosen",
            "plan_due_on": "05/02/2026",
            "patrols_per_week": "0",
            "duty_strength": "0",
        },
    )
    assert response.status_code == 400
    assert "Choose the communes the event reaches" in response.content.decode()


# --- the province's view of the communes reached -------------------------------------------------
@pytest.fixture
def declared(province_staff, commune_a, commune_b):
    """An event of the province reaching A, B and two more communes, plans due 5 February."""
    more = [CommuneFactory(province=commune_a.province, name=f"Xã Thêm {i}") for i in (1, 2)]
    event = _event(commune_a.province, plan_due_on=datetime.date(2026, 2, 5))
    services.do_declare_event(actor=province_staff, event=event)
    ReadinessPlanFactory(event=event, commune=commune_a, status="approved")
    ReadinessPlanFactory(event=event, commune=commune_b, status="draft")
    ReadinessPlanFactory(event=event, commune=more[0], status="submitted")
    return event


@pytest.mark.django_db
def test_the_event_page_counts_the_plans_and_links_to_the_communes(
    declared, province_staff, monkeypatch
):
    client = client_for(province_staff)
    body = client.get(f"/operations/events/{declared.pk}/").content.decode()
    assert "4 communes reached" in body
    assert f"/operations/event-communes/?event={declared.pk}&amp;plan=none" in body
    counts = EventTarget.objects.filter(event=declared).plan_counts(DAY)
    assert (counts["none"], counts["draft"], counts["submitted"], counts["approved"]) == (
        1,
        1,
        1,
        1,
    )
    assert counts["late"] == 0  # not due yet
    late_day = move_clock(monkeypatch, datetime.date(2026, 2, 6))
    counts = EventTarget.objects.filter(event=declared).plan_counts(late_day)
    assert counts["late"] == 2  # no plan, and a draft


@pytest.mark.django_db
def test_the_communes_list_filters_by_plan_state_and_lateness(
    declared, province_staff, commune_b, monkeypatch
):
    client = client_for(province_staff)
    base = f"/api/operations/event-communes?event={declared.pk}"
    names = lambda q: {  # noqa: E731
        row["commune_id"] for row in client.get(base + q).json()["items"]
    }
    assert len(names("&plan=none")) == 1
    assert names("&plan=draft") == {commune_b.pk}
    assert names("&plan=late") == set()
    move_clock(monkeypatch, datetime.date(2026, 2, 6))
    client = client_for(province_staff)  # a session of that day
    assert len(names("&plan=late")) == 2 and commune_b.pk in names("&plan=late")
    assert client.get(base + "&plan=someday").status_code == 422
    page = client.get(f"/operations/event-communes/?event={declared.pk}&plan=late")
    assert page.status_code == 200 and commune_b.name in page.content.decode()


@pytest.mark.django_db
def test_the_communes_list_does_not_grow_in_queries_with_rows(declared, province_staff):
    client = client_for(province_staff)
    url = f"/operations/event-communes/?event={declared.pk}"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        EventTarget.objects.create(
            event=declared,
            commune=CommuneFactory(province=declared.province, name=f"Xã Mới {i}"),
            plan_due_on=declared.plan_due_on,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
