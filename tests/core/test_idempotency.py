"""One form, one record (issue 15, finding 3): an add form sent twice — a double click, a
reload, a retry on a slow line — makes one record, on the pages and through the API (with an
`Idempotency-Key`), even when the two copies race each other. Before, three identical posts
made three training sessions."""

from __future__ import annotations

import re

import pytest

from garrison.core.idempotency import KEY_FIELD
from garrison.core.registry import all_configs
from garrison.forces.models import TrainingSession
from tests.conftest import client_for
from tests.core.test_concurrency import _client, _in_parallel
from tests.factories import TrainingPlanFactory

KEY = re.compile(rf'name="{KEY_FIELD}" value="([0-9a-f]{{32}})"')


@pytest.fixture
def plan(commune_a):
    return TrainingPlanFactory(commune=commune_a)


def _session_form(client, plan) -> dict:
    page = client.get(f"/forces/sessions/add/?plan={plan.pk}")
    assert page.status_code == 200
    key = KEY.search(page.content.decode())
    assert key, "the add form carries its submission key"
    return {
        KEY_FIELD: key.group(1),
        "plan": plan.pk,
        "held_on": "2026-05-10",
        "days": "1",
        "content": "Điều lệnh đội ngũ",
    }


@pytest.mark.django_db
def test_it_makes_one_session_from_a_form_sent_three_times(commune_a_staff, plan):
    client = client_for(commune_a_staff)
    form = _session_form(client, plan)
    answers = [client.post("/forces/sessions/add/", form) for _ in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert TrainingSession.objects.filter(plan=plan).count() == 1
    session = TrainingSession.objects.get(plan=plan)
    assert {a["Location"] for a in answers} == {f"/forces/sessions/{session.pk}/"}
    followed = client.post("/forces/sessions/add/", form, follow=True).content.decode()
    assert "already been saved" in followed
    # a new visit of the add page is a new form: it adds a second session
    client.post("/forces/sessions/add/", _session_form(client, plan))
    assert TrainingSession.objects.filter(plan=plan).count() == 2


@pytest.mark.django_db
def test_a_form_refused_and_corrected_keeps_its_key(commune_a_staff, plan):
    client = client_for(commune_a_staff)
    form = _session_form(client, plan)
    refused = client.post("/forces/sessions/add/", {**form, "content": ""})
    assert refused.status_code == 400
    assert KEY.search(refused.content.decode()).group(1) == form[KEY_FIELD]


@pytest.mark.django_db
def test_a_key_belongs_to_its_user(commune_a_staff, commune_a_commander, plan):
    colleague = commune_a_commander
    form = _session_form(client_for(commune_a_staff), plan)
    client_for(commune_a_staff).post("/forces/sessions/add/", form)
    client_for(colleague).post("/forces/sessions/add/", form)
    assert TrainingSession.objects.filter(plan=plan).count() == 2


@pytest.mark.django_db
def test_every_add_page_carries_a_submission_key(province_staff, commune_a_staff):
    checked = 0
    for config in all_configs():
        url = config.url("add")
        if not url:
            continue
        for user in (commune_a_staff, province_staff):
            page = client_for(user).get(url)
            if page.status_code == 200:
                assert KEY.search(page.content.decode()), url
                checked += 1
                break
    assert checked >= 20


@pytest.mark.django_db
def test_the_api_answers_a_repeated_idempotency_key_with_the_first_record(commune_a_staff, plan):
    client = client_for(commune_a_staff)
    body = {"plan_id": plan.pk, "held_on": "2026-05-10", "days": 1, "content": "Bắn súng"}
    headers = {"HTTP_IDEMPOTENCY_KEY": "retry-4f1c2b7a"}
    first = client.post("/api/forces/sessions", body, content_type="application/json", **headers)
    again = client.post("/api/forces/sessions", body, content_type="application/json", **headers)
    assert first.status_code == 201, first.json()
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert TrainingSession.objects.filter(plan=plan).count() == 1
    # without a key, each post is a new record, as the client asked
    client.post("/api/forces/sessions", body, content_type="application/json")
    assert TrainingSession.objects.filter(plan=plan).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_copies_racing_each_other_make_one_session(commune_a_staff, plan):
    first, second = _client(commune_a_staff), _client(commune_a_staff)
    for trial in range(5):
        form = _session_form(first, plan)
        calls = [
            lambda c=c, f=form: c.post("/forces/sessions/add/", f).status_code
            for c in (first, second)
        ]
        answers = _in_parallel(calls)
        assert answers == [302, 302], answers
        assert TrainingSession.objects.filter(plan=plan).count() == trial + 1


@pytest.mark.django_db
def test_an_action_form_sent_twice_is_done_once(province_staff, commune_a, commune_b):
    """Before, an amendment note sent twice was appended twice."""
    from garrison.core.registry import get_config
    from tests.factories import issued_directive

    directive = issued_directive(commune_a.province)
    url = get_config("reporting.directive").url("amend", directive)
    client = client_for(province_staff)
    key = KEY.search(client.get(url).content.decode()).group(1)
    form = {KEY_FIELD: key, "note": "Bổ sung phụ lục 2."}
    assert client.post(url, form).status_code == 302
    followed = client.post(url, form, follow=True).content.decode()
    assert "already been sent" in followed
    directive.refresh_from_db()
    assert directive.amendment.count("Bổ sung phụ lục 2.") == 1
