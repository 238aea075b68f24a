"""Pickers that work at the size of a province (issue 16, section 3).

Every page a GET reaches (enumerated from the URL resolver, a parametrised one naming a row of
the scoping test's worlds) is opened by commune staff, province staff and the Ministry's viewer
in a province of more communes and a commune of more people than a screen holds. On each:
- no <select> offers more than a screenful of options: a choice among a growing register is a
  search (`core.widgets.SearchSelect`);
- every choice any form or filter on the page would accept lies inside the user's scope (a
  commune's filter once offered the province's training plans);
- on an add page, a commune user's commune is chosen already, and no required choice is made
  for the user (ethnicity once said "Kinh" unasked).
The search behind the pickers answers from the user's scope only."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django import forms
from django.urls import get_resolver
from django_filters import FilterSet

from garrison.core.scoping import ScopedModel
from garrison.core.widgets import SearchSelect, picker_key
from garrison.territory.models import Commune
from tests.conftest import client_for
from tests.core import test_scoping as scoping
from tests.core.test_page_fuzz import world_a  # noqa: F401 (a fixture)
from tests.factories import CommuneFactory, PersonFactory, TrainingPlanFactory

pytestmark = pytest.mark.django_db

SCREENFUL = 60
SKIPPED = ("accounts/logout/", "search/<str:key>/")
_SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S)
_NAME = re.compile(r'\bname="([^"]*)"')


@pytest.fixture
def crowded(province, commune_a, commune_b, world_a):  # noqa: F811 (a fixture)
    """More communes in the province, and more people in commune A, than a screen holds;
    commune A's people share one name (Na Son has 19 namesakes); commune B has its own
    training plan, which commune A's filters must not offer."""
    TrainingPlanFactory(commune=commune_b, year=2026, kind="mobile")
    for n in range(SCREENFUL + 1):
        CommuneFactory(province=province, code=5000 + n, name=f"Xã Đông {n}")
    for n in range(SCREENFUL + 1):
        PersonFactory(
            residence_commune=commune_a,
            full_name="Lò Văn Thắng",
            date_of_birth=datetime.date(2000, 1, 1) + datetime.timedelta(days=n),
            address=f"Bản {n}",
        )
    return world_a


def pages(world: dict) -> list[tuple[str, str, Any]]:
    found = []
    for route, pattern in scoping.walk(get_resolver().url_patterns):
        if route.startswith(scoping.SKIPPED_PREFIXES) or route in SKIPPED:
            continue
        url = "/" + route
        if "<" in route:
            obj = scoping.object_for(pattern, world)
            if obj is None:
                continue
            url = url.replace("<int:pk>", str(obj.pk)).replace("<str:period_key>", "2026-10")
        found.append((url, route, pattern))
    return found


def forms_of(response) -> list[tuple[str, forms.BaseForm]]:
    """The forms (and filter forms) a page rendered, by their name in its context."""
    contexts = response.context
    if contexts is None:
        return []
    if not isinstance(contexts, list):
        contexts = [contexts]
    found: dict[int, tuple[str, forms.BaseForm]] = {}
    for context in contexts:
        for name, value in context.flatten().items():
            values = value if isinstance(value, list | tuple) else [value]
            for item in values:
                if isinstance(item, FilterSet):
                    found[id(item.form)] = (name, item.form)
                elif isinstance(item, forms.BaseForm):
                    found[id(item)] = (name, item)
    return list(found.values())


def oversized_selects(html: str) -> list[str]:
    return [
        f"{(_NAME.search(attrs) or ['', '?'])[1]}: {body.count('<option')} options"
        for attrs, body in _SELECT.findall(html)
        if body.count("<option") > SCREENFUL
    ]


def out_of_scope_choices(form: forms.BaseForm, user) -> list[str]:
    problems = []
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not issubclass(queryset.model, ScopedModel):
            continue
        widget = field.widget
        if isinstance(widget, SearchSelect) and widget.nationwide:
            continue  # a commune of the nation, where a record goes: public, and declared
        visible = queryset.model._default_manager.visible_to(user).values("pk")
        outside = queryset.exclude(pk__in=visible)
        if outside.exists():
            problems.append(f"{name} offers {outside.count()} rows outside the scope")
    return problems


def unsearched_choices(form: forms.BaseForm) -> list[str]:
    return [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and picker_key(field.queryset.model)
        and not isinstance(field.widget, SearchSelect | forms.HiddenInput)
        and not isinstance(field.widget, forms.CheckboxSelectMultiple)
    ]


def silent_defaults(form: forms.BaseForm) -> list[str]:
    """Required choices an unbound add form has already made for the user."""
    if form.is_bound:
        return []
    chosen = []
    for name, field in form.fields.items():
        if not field.required or not isinstance(field, forms.ChoiceField):
            continue
        if isinstance(field.widget, forms.HiddenInput):
            continue
        # a choice of rows is checked below (the only row chosen); boxes ticked in advance are
        # in plain sight, not a closed select's value
        if isinstance(field, forms.ModelChoiceField | forms.MultipleChoiceField):
            continue
        if form[name].value() not in (None, "", []):
            chosen.append(f"{name}={form[name].value()!r}")
    return chosen


PERSONAS = ["commune_a_staff", "province_staff", "ministry_viewer"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_offers_a_screenful_of_choices_from_the_users_scope(
    request, crowded, persona, commune_a
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    world = crowded
    problems: list[str] = []
    opened = 0
    for url, _route, pattern in pages(world):
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        opened += 1
        html = response.content.decode()
        problems += [f"{url} {s}" for s in oversized_selects(html)]
        is_add = bool(pattern.name and pattern.name.endswith("_add"))
        for name, form in forms_of(response):
            problems += [f"{url} {name}.{p}" for p in out_of_scope_choices(form, user)]
            problems += [f"{url} {name}.{n} is a plain select" for n in unsearched_choices(form)]
            if is_add and name == "form":
                problems += [f"{url} chooses {d} unasked" for d in silent_defaults(form)]
                if persona == "commune_a_staff":
                    problems += [
                        f"{url} {n}: the user's commune is not chosen"
                        for n in _unchosen_own_commune(form, commune_a)
                    ]
    assert opened > 50
    assert not problems, "\n".join(problems)


def _unchosen_own_commune(form: forms.BaseForm, commune: Commune) -> list[str]:
    missing = []
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset.model is not Commune:
            continue
        if isinstance(field, forms.ModelMultipleChoiceField) or not field.required:
            continue
        if str(form[name].value()) not in {str(commune.pk), str(commune.code)}:
            missing.append(name)
    return missing


# --- the search behind the pickers ----------------------------------------------------------


def _search(client, key: str, q: str, **params: str) -> list[dict[str, str]]:
    response = client.get(f"/search/{key}/", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_commune_user_finds_their_people_by_name_birth_citizen_id_and_village(
    commune_a_staff, person_a, person_b
):
    twin = PersonFactory(
        residence_commune=person_a.residence_commune,
        full_name=person_a.full_name,
        date_of_birth=datetime.date(2001, 3, 12),
        address="Bản Na Son",
    )
    client = client_for(commune_a_staff)
    found = _search(client, "people.person", "Lò Văn An")
    assert {r["value"] for r in found} == {str(person_a.pk), str(twin.pk)}
    label = next(r["text"] for r in found if r["value"] == str(twin.pk))
    assert label == f"Lò Văn An — 12/03/2001 — CCCD …{twin.citizen_id[-4:]} — Bản Na Son"
    assert twin.citizen_id not in label  # the number is masked but for its last digits
    by_birth = _search(client, "people.person", "An 12/03/2001")
    assert [r["value"] for r in by_birth] == [str(twin.pk)]
    assert [r["value"] for r in _search(client, "people.person", "na son")] == [str(twin.pk)]
    by_id = _search(client, "people.person", twin.citizen_id[-6:])
    assert [r["value"] for r in by_id] == [str(twin.pk)]
    # commune B's people are not found, by name or by number
    assert _search(client, "people.person", person_b.full_name) == []
    assert _search(client, "people.person", person_b.citizen_id) == []


def test_a_search_answers_a_screenful_and_is_audited_like_a_list(commune_a_staff, commune_a):
    from auditlog.models import LogEntry

    for n in range(25):
        PersonFactory(residence_commune=commune_a, full_name=f"Lò Văn Thắng {n}")
    found = _search(client_for(commune_a_staff), "people.person", "Thắng")
    assert len(found) == 20
    entry = LogEntry.objects.filter(additional_data__kind="list").latest("pk")
    assert entry.actor == commune_a_staff
    assert entry.additional_data["filters"] == {"picker": "people.person", "q": "Thắng"}
    assert entry.additional_data["rows"] == 20


def test_communes_are_named_with_their_province(ministry_viewer, commune_a, commune_c):
    CommuneFactory(province=commune_c.province, code=3401, name="Xã Na Son")
    found = _search(client_for(ministry_viewer), "territory.commune", "Na Son", value="code")
    assert sorted(r["text"] for r in found) == ["Xã Na Son (Lai Châu)", "Xã Na Son (Điện Biên)"]
    assert str(commune_a.code) in {r["value"] for r in found}
    narrowed = _search(client_for(ministry_viewer), "territory.commune", "Na Son Lai")
    assert [r["text"] for r in narrowed] == ["Xã Na Son (Lai Châu)"]


def test_a_province_user_searches_the_communes_of_their_province_only(
    province_staff, commune_a, commune_c
):
    found = _search(client_for(province_staff), "territory.commune", "Xã")
    assert str(commune_a.pk) in {r["value"] for r in found}
    assert str(commune_c.pk) not in {r["value"] for r in found}


def test_a_search_refuses_unknown_registers_values_and_small_lists(commune_a_staff):
    client = client_for(commune_a_staff)
    assert client.get("/search/nothing.here/").status_code == 404
    assert client.get("/search/territory.province/").status_code == 404  # a plain select
    assert client.get("/search/people.person/?value=citizen_id").status_code == 404
    assert client.get("/search/people.person/?scope=nation&q=B").json() == {"results": []}


def test_a_person_picker_embeds_the_chosen_person_only(commune_a_staff, person_a, commune_a):
    PersonFactory.create_batch(SCREENFUL + 1, residence_commune=commune_a)
    page = client_for(commune_a_staff).get("/forces/reservists/add/").content.decode()
    select = next(body for attrs, body in _SELECT.findall(page) if 'name="person"' in attrs)
    assert select.count("<option") == 1  # the empty choice
    assert 'data-search-url="/search/people.person/"' in page


def test_a_forged_choice_outside_the_scope_is_still_refused(commune_a_staff, person_b):
    response = client_for(commune_a_staff).post("/forces/reservists/add/", {"person": person_b.pk})
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    assert person_b.full_name not in response.content.decode()


def test_a_training_plan_is_found_by_year_and_commune(province_staff, commune_a, commune_b):
    wanted = TrainingPlanFactory(commune=commune_a, year=2026)
    TrainingPlanFactory(commune=commune_a, year=2025)
    TrainingPlanFactory(commune=commune_b, year=2026)
    found = _search(client_for(province_staff), "forces.plan", "2026 Na Son")
    assert [r["value"] for r in found] == [str(wanted.pk)]
    assert found[0]["text"].startswith("2026 — ") and found[0]["text"].endswith(" — Xã Na Son")
    assert _search(client_for(province_staff), "forces.plan", "9" * 30) == []


def test_a_campaign_is_found_by_year_and_province(ministry_viewer, province, other_province):
    from garrison.conscription.models import Campaign

    def campaign(where, year):
        return Campaign.objects.create(
            province=where,
            year=year,
            quota=100,
            exam_start=datetime.date(year - 1, 11, 1),
            exam_end=datetime.date(year - 1, 12, 31),
            handover_date=datetime.date(year, 2, 20),
        )

    wanted = campaign(province, 2027)
    campaign(province, 2026)
    campaign(other_province, 2027)
    found = _search(client_for(ministry_viewer), "conscription.campaign", "2027 Điện")
    assert [r["value"] for r in found] == [str(wanted.pk)]
