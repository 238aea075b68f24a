"""Every number filter of every FilterSet reads numbers as Vietnamese staff type them (issue 16,
section 1): "1.200" is 1200, "0,5" is 0.5 or refused with a message, and the input is a text box
with a numeric keyboard — never the browser's `type=number`, which Chromium turns "0,5" into
"05" and "1.200" into 1.2 with."""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal

import django_filters
import pytest
from django.test import RequestFactory

import garrison
from garrison.core import numbers
from garrison.core.filtering import checked_filters


def _all_filtersets() -> list[type[django_filters.FilterSet]]:
    for module in pkgutil.walk_packages(garrison.__path__, "garrison."):
        if module.name.rsplit(".", 1)[-1] == "filters":
            importlib.import_module(module.name)
    found, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("garrison.") and cls._meta.model is not None:
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__name__}")


NUMBER_FILTERS = [
    (cls, name)
    for cls in _all_filtersets()
    for name, flt in cls.base_filters.items()
    if isinstance(flt, django_filters.NumberFilter)
]


def bound(cls, data: dict):
    request = RequestFactory().get("/", data)
    request.user = None
    return checked_filters(cls(data, queryset=cls._meta.model.objects.none(), request=request))


def test_the_project_has_number_filters_to_check():
    assert len(NUMBER_FILTERS) >= 8


@pytest.mark.parametrize(
    ("cls", "name"), NUMBER_FILTERS, ids=[f"{c.__name__}.{n}" for c, n in NUMBER_FILTERS]
)
def test_a_number_filter_reads_vietnamese_numbers(cls, name):
    filterset = bound(cls, {name: "1.200"})
    field = filterset.form.fields[name]

    assert isinstance(field, numbers.NUMBER_FIELDS)
    html = str(filterset.form[name])
    assert 'type="text"' in html and "inputmode=" in html, html
    assert filterset.is_valid(), filterset.errors
    assert filterset.form.cleaned_data[name] == 1200

    halves = bound(cls, {name: "0,5"})
    if halves.is_valid():
        assert halves.form.cleaned_data[name] == Decimal("0.5")
    else:  # a whole-number filter says so, in words
        assert "0,5" in " ".join(halves.errors[name])
