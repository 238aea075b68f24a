"""Every date of every model either may lie ahead (declared in the model's `future_dates`) or
records something that has happened and is refused when later than today (issue 16, section 2).

The walk covers every concrete Garrison model and every date a user can type, so a model or a
date field added later is held to the same rule without anyone writing a test for it."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from garrison.core.datebounds import EARLIEST, MAX_AGE, DateBoundsModel, date_fields

TODAY = datetime.date(2026, 11, 30)
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def _dated_models() -> list[type]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("garrison.") and not m._meta.abstract and date_fields(m)
    ]


def _cases() -> list[tuple[type, str]]:
    return [(m, f.name) for m in _dated_models() for f in date_fields(m)]


def _value(field, day: datetime.date):
    if field.get_internal_type() == "DateTimeField":
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    return day


def _errors(model: type, name: str, day: datetime.date) -> list[str]:
    """The messages `full_clean` gives for `name` set to `day` (the other fields are left out:
    this checks the date alone)."""
    field = model._meta.get_field(name)
    instance = model()
    setattr(instance, field.attname, _value(field, day))
    others = [f.name for f in model._meta.fields if f.name != name]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError as exc:
        return exc.message_dict.get(name, [])
    return []


def test_every_model_with_dates_declares_which_may_lie_ahead():
    undeclared = [
        m._meta.label
        for m in _dated_models()
        if not issubclass(m, DateBoundsModel) or getattr(m, "future_dates", None) is None
    ]
    assert undeclared == [], f"declare `future_dates` on: {', '.join(undeclared)}"
    unknown = [
        f"{m._meta.label}.{name}"
        for m in _dated_models()
        for name in m.future_dates
        if name not in {f.name for f in date_fields(m)}
    ]
    assert unknown == [], f"`future_dates` names no date field: {', '.join(unknown)}"


def test_the_walk_sees_the_registers():
    labels = {m._meta.label for m in _dated_models()}
    assert {"people.Person", "conscription.ServiceRecord", "forces.TrainingSession"} <= labels
    assert len(_cases()) > 60


@pytest.mark.parametrize(("model", "name"), _cases(), ids=lambda x: getattr(x, "__name__", x))
def test_tomorrow_is_refused_unless_declared(model, name):
    errors = _errors(model, name, TOMORROW)
    if name in model.future_dates:
        assert errors == [], f"{model._meta.label}.{name} may lie ahead"
    else:
        assert errors, f"{model._meta.label}.{name} accepted tomorrow"
        assert "30/11/2026" in errors[0] and "01/12/2026" in errors[0]
    assert _errors(model, name, TODAY) == []


@pytest.mark.parametrize(("model", "name"), _cases(), ids=lambda x: getattr(x, "__name__", x))
def test_absurdly_old_dates_are_refused(model, name):
    if name in getattr(model, "birth_dates", ()):
        oldest = TODAY.replace(year=TODAY.year - MAX_AGE)
        assert _errors(model, name, oldest) == []
        assert "120" in _errors(model, name, oldest - datetime.timedelta(days=1))[0]
    else:
        assert _errors(model, name, EARLIEST) == []
        assert "02/09/1945" in _errors(model, name, EARLIEST - datetime.timedelta(days=1))[0]


@pytest.mark.django_db
def test_the_generated_api_and_page_refuse_a_past_event_dated_tomorrow(commune_a_staff, commune_a):
    """The generic API validates through the register's form, which cleans the instance: the
    same message as the page, answered 400 naming the field, not 500."""
    import json

    from tests.conftest import client_for
    from tests.factories import TechnicalMeansFactory

    means = TechnicalMeansFactory(commune=commune_a)
    client = client_for(commune_a_staff)
    response = client.patch(
        f"/api/forces/means/{means.pk}",
        json.dumps({"version": means.version, "registered_on": TOMORROW.isoformat()}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    message = response.json()["errors"]["registered_on"][0]
    assert "cannot be later than today (30/11/2026)" in message
    means.refresh_from_db()
    assert means.registered_on == datetime.date(2024, 5, 1)
    page = client.get(f"/forces/means/{means.pk}/edit/")
    data = {
        k: v for k, v in page.context["form"].initial.items() if v is not None and v is not False
    }
    data.update({"version": means.version, "registered_on": "01/12/2026"})
    data = {k: (getattr(v, "pk", v)) for k, v in data.items()}
    response = client.post(f"/forces/means/{means.pk}/edit/", data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
