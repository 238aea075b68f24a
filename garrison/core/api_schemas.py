"""Schemas generated from a register's declaration (`ModelConfig` + `ApiSpec`) for its API
(`core.api_routes`): the row schema from the model, the bodies from the page's forms, the query
parameters from the page's FilterSet. Descriptions are read in English, like the rest of the
OpenAPI file. (No `from __future__ import annotations`: the generated models are built from
run-time types.)
"""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils import translation
from django_filters import filters as df
from ninja import Schema
from pydantic import Field, create_model

from .api import BodySchema, JsonDecimal, omittable
from .registry import ApiSpec, ModelConfig


def spec_of(config: type[ModelConfig]) -> ApiSpec:
    return config.api or ApiSpec()


def in_english(text: Any) -> str:
    """The schema is written in English: lazy labels are read in English."""
    with translation.override("en"):
        return str(text)


def verbose_label(config: type[ModelConfig], plural: bool = False) -> str:
    meta = config.model._meta
    return in_english(meta.verbose_name_plural if plural else meta.verbose_name)


_MODEL_TYPES: list[tuple[type[models.Field], Any]] = [
    (models.BooleanField, bool),
    (models.DecimalField, Decimal),
    (models.FloatField, float),
    (models.IntegerField, int),
    (models.AutoField, int),
    (models.DateTimeField, datetime.datetime),
    (models.DateField, datetime.date),
    (models.TimeField, datetime.time),
    (models.JSONField, Any),
]


def out_schema(config: type[ModelConfig]) -> type[Schema]:
    """The declared row schema, or one generated from the model's columns (a foreign key
    as `<name>_id`), described in English."""
    spec = spec_of(config)
    if spec.out is not None:
        return spec.out
    fields: dict[str, Any] = {}
    for f in config.model._meta.concrete_fields:
        if f.name in {"created_at", "updated_at"}:
            continue
        python_type: Any = str
        if f.is_relation:
            python_type = int
        else:
            for model_type, candidate in _MODEL_TYPES:
                if isinstance(f, model_type):
                    python_type = candidate
                    break
        name = f.attname if f.is_relation else f.name
        if f.null:
            python_type = python_type | None
        fields[name] = (python_type, Field(..., description=in_english(f.verbose_name)))
    return create_model(f"{_schema_prefix(config)}Out", __base__=Schema, **fields)


def detail_schema(config: type[ModelConfig]) -> type[Schema]:
    return spec_of(config).detail_out or out_schema(config)


def _schema_prefix(config: type[ModelConfig]) -> str:
    return "".join(part.capitalize() for part in f"{config.namespace}_{config.name}".split("_"))


_FORM_TYPES: list[tuple[type[forms.Field], Any]] = [
    (forms.ModelMultipleChoiceField, list[int]),
    (forms.ModelChoiceField, int),
    (forms.TypedChoiceField, str),
    (forms.MultipleChoiceField, list[str]),
    (forms.ChoiceField, str),
    (forms.NullBooleanField, bool),
    (forms.BooleanField, bool),
    (forms.DecimalField, JsonDecimal),
    (forms.FloatField, float),
    (forms.IntegerField, int),
    (forms.DateTimeField, datetime.datetime),
    (forms.DateField, datetime.date),
    (forms.TimeField, datetime.time),
    (forms.FileField, str),
]


def _python_type(field: forms.Field) -> Any:
    for form_type, python_type in _FORM_TYPES:
        if isinstance(field, form_type):
            return python_type
    return str


def _by_code(field: forms.Field) -> bool:
    """Rows with an official numeric code (communes, provinces) are named by it in the API."""
    try:
        code = field.queryset.model._meta.get_field("code")
    except Exception:
        return False
    return isinstance(code, models.IntegerField)


def _input_name(name: str, field: forms.Field) -> str:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return f"{name}_codes" if _by_code(field) else f"{name}_ids"
    if isinstance(field, forms.ModelChoiceField):
        return f"{name}_code" if _by_code(field) else f"{name}_id"
    return name


def _form_fields(config: type[ModelConfig], adding: bool) -> dict[str, forms.Field]:
    form_class = (config.add_form_class if adding else None) or config.form_class
    assert form_class is not None
    return {n: f for n, f in form_class.base_fields.items() if n != "version"}


def may_be_emptied(field: forms.Field) -> bool:
    """Whether a form field takes "nothing" (an empty value, which the API writes `null`): a
    field the form does not require, except a yes/no box, which is true or false."""
    if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
        return False
    return not field.required


def in_schema(config: type[ModelConfig], adding: bool) -> type[Schema]:
    """The body of a create (the add form's fields) or a patch (the edit form's fields, each
    optional, and the `version` read). A field is nullable where the form takes it empty —
    `null` then clears it; one the form requires may be left out of a patch but is never
    null. Declared schemas win over generated ones."""
    spec = spec_of(config)
    declared = spec.create_in if adding else spec.patch_in
    if declared is not None:
        return declared
    fields: dict[str, Any] = {}
    for name, field in _form_fields(config, adding).items():
        python_type = _python_type(field)
        description = in_english(field.help_text or field.label or name)
        if may_be_emptied(field):
            fields[_input_name(name, field)] = (
                python_type | None,
                Field(None, description=description),
            )
        elif adding and field.required:
            fields[_input_name(name, field)] = (python_type, Field(..., description=description))
        else:
            fields[_input_name(name, field)] = (python_type, omittable(description))
    if not adding:
        fields["version"] = (
            int,
            Field(..., description="the version you read; a stale one answers 409"),
        )
    suffix = "In" if adding else "Patch"
    return create_model(f"{_schema_prefix(config)}{suffix}", __base__=BodySchema, **fields)


_FILTER_TYPES: list[tuple[type, Any]] = [
    (df.ModelMultipleChoiceFilter, list[str]),
    (df.MultipleChoiceFilter, list[str]),
    (df.BooleanFilter, bool),
]


def filter_schema(config: type[ModelConfig]) -> type[Schema]:
    """The list's query parameters, read from the config's FilterSet (the page's filters).
    Values are checked by the FilterSet itself, so the page and the API refuse alike."""
    fields: dict[str, Any] = {}
    filterset_class = config.filterset_class
    if filterset_class is not None:
        for name, flt in filterset_class.base_filters.items():
            python_type: Any = str
            for filter_type, candidate in _FILTER_TYPES:
                if isinstance(flt, filter_type):
                    python_type = candidate
                    break
            description = in_english(flt.label or name)
            if isinstance(flt, df.ModelChoiceFilter | df.ModelMultipleChoiceFilter):
                key = flt.extra.get("to_field_name") or "id"
                description += f" (by {key})"
            choices = flt.extra.get("choices")
            if choices and not callable(choices):
                description += ": " + ", ".join(str(value) for value, _text in choices)
            fields[name] = (python_type | None, Field(None, description=description))
    if config.search_fields:
        fields["q"] = (str | None, Field(None, description="search, as on the list page"))
    return create_model(f"{_schema_prefix(config)}Filters", __base__=Schema, **fields)
