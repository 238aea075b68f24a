"""No internal name reaches a reader: every model of the project names itself, and each of its
fields, in the reader's language (issue 16, section 4). Django falls back on the class name
("Person") or the field's attribute name ("name sort key") when a model forgets its
verbose names, and that English word then appears inside Vietnamese sentences such as the
duplicate message "Person có Citizen ID (CCCD) đã tồn tại."."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from tests.factories import PersonFactory

MODELS = sorted(
    (
        m
        for m in apps.get_models()
        if m.__module__.startswith("garrison.") and not m._meta.abstract and not m._meta.proxy
    ),
    key=lambda m: m._meta.label,
)


def named_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields a page or a message may name (not the automatic id, reverse relations or the
    links Django adds for multi-table inheritance)."""
    return [
        f for f in model._meta.get_fields() if isinstance(f, models.Field) and not f.auto_created
    ]


def in_language(text, language: str) -> str:
    with translation.override(language):
        return str(text)


def translated(name: Promise) -> bool:
    """`name` reads differently in Vietnamese, or the catalogue says it is written the same
    ("PDF")."""
    if in_language(name, "vi") != in_language(name, "en"):
        return True
    catalogue = translation.trans_real.translation("vi")._catalog
    return bool(catalogue.get(name._args[-1]))


def test_the_project_has_models_to_check():
    assert len(MODELS) > 40


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_model_names_itself_in_vietnamese(model):
    options = model._meta.original_attrs
    for attr in ("verbose_name", "verbose_name_plural"):
        name = options.get(attr)
        assert isinstance(name, Promise), f"{model._meta.label} has no translatable Meta.{attr}"
        assert translated(name), (
            f"{model._meta.label}.{attr} {in_language(name, 'en')!r} is not translated"
        )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_field_names_itself_in_vietnamese(model):
    untranslated = []
    for field in named_fields(model):
        name = field.verbose_name
        if not isinstance(name, Promise) or not translated(name):
            untranslated.append(field.name)
    assert not untranslated, f"{model._meta.label}: fields named in English only: {untranslated}"


def unique_checks(model: type[models.Model]) -> list[tuple[str, ...]]:
    checks = [(f.name,) for f in model._meta.local_fields if f.unique and not f.primary_key]
    checks += [tuple(group) for group in model._meta.unique_together]
    return checks


UNIQUE = [(m, check) for m in MODELS for check in unique_checks(m)]


@pytest.mark.parametrize(
    ("model", "check"), UNIQUE, ids=lambda v: v._meta.label if isinstance(v, type) else "-".join(v)
)
def test_every_duplicate_message_is_vietnamese_throughout(model, check):
    error = model().unique_error_message(model, check)
    with translation.override("vi"):
        params = {k: str(v) for k, v in error.params.items() if k not in {"model", "model_class"}}
        message = str(error.message) % params
    english_model = in_language(model._meta.verbose_name, "en")
    if "%(model_name)s" in str(error.message):
        assert in_language(model._meta.verbose_name, "vi").lower() in message.lower(), message
    assert english_model.lower() not in message.lower(), message
    assert model.__name__ not in message, message


# --- the duplicate citizen ID, through the API and the page ----------------------------------


def test_a_duplicate_citizen_id_through_the_api_is_refused_in_vietnamese(
    as_user, commune_a_staff, person_a
):
    body = {
        "citizen_id": person_a.citizen_id,
        "full_name": "Mùa A Dế",
        "date_of_birth": person_a.date_of_birth.isoformat(),
        "sex": person_a.sex,
        "ethnicity": "Mông",
        "residence_commune_code": person_a.residence_commune.code,
    }
    response = as_user(commune_a_staff, "vi").post(
        "/api/people", data=json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 400
    message = " ".join(response.json()["errors"]["citizen_id"])
    assert "Công dân" in message and "đã tồn tại" in message, message
    assert "Person" not in message and "Citizen ID" not in message, message


def test_a_duplicate_citizen_id_on_the_page_is_refused_in_vietnamese(
    as_user, commune_a_staff, person_a, commune_a
):
    other = PersonFactory(residence_commune=commune_a, full_name="Lò Thị Hai")
    data = {
        "citizen_id": person_a.citizen_id,
        "full_name": other.full_name,
        "date_of_birth": person_a.date_of_birth.strftime("%d/%m/%Y"),
        "sex": person_a.sex,
        "ethnicity": other.ethnicity,
        "residence_commune": other.residence_commune_id,
        "version": other.version,
    }
    response = as_user(commune_a_staff, "vi").post(f"/people/{other.pk}/edit/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Công dân có" in page and "đã tồn tại" in page
    assert "Person có" not in page and "Person with" not in page
