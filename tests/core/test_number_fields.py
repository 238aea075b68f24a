"""Every number a user types, in every form of Garrison, is read as Vietnamese and English staff
write it (issue 16, section 1): "0,5" saved 5 training days and "1.200" people 1,2.

The forms are found, not listed: every registered register's add, edit and import forms and its
actions' forms (instantiated as the pages do, for a province's staff), every other form class of
`garrison`, the province's commune quota form (one field per commune, made when it is drawn) and
the monthly report's typed fields. In each, a whole-number field (a count, a year, a code) must
read "1.200", "1,200" and "1 200" as 1200 and refuse "0,5" and "2,5"; a decimal field must read
"0,5", "0.5", "1 200" and "1.200,5", and refuse "1.200" (1200 or 1,2?) saying both; both kinds
are text inputs (never the browser's type=number, which sends "0,5" as "05")."""

from __future__ import annotations

import contextlib
import importlib
import pkgutil
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

import garrison
from garrison.core.registry import all_configs, config_key

WHOLE_READ = {"12": 12, "1.200": 1200, "1,200": 1200, "1 200": 1200, "1\u00a0200": 1200}
WHOLE_REFUSED = ["0,5", "2,5", "1,20", "abc"]
DECIMAL_READ = {
    "0,5": Decimal("0.5"),
    "0.5": Decimal("0.5"),
    "2,25": Decimal("2.25"),
    "1 200": Decimal("1200"),
    "1.200,5": Decimal("1200.5"),
    "1,200.5": Decimal("1200.5"),
}
DECIMAL_AMBIGUOUS = ["1.200", "1,250"]


def _form_classes_of_garrison() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(garrison.__path__, "garrison."):
        if not {"migrations", "management", "__main__", "demo"} & set(module.name.split(".")):
            importlib.import_module(module.name)

    def below(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return sorted(
        {c for c in below(forms.BaseForm) if c.__module__.startswith("garrison.")},
        key=lambda c: f"{c.__module__}.{c.__qualname__}",
    )


def _configured_forms() -> list[tuple[str, object, object]]:
    """(id, config, what makes the form) for each register's forms and actions."""
    found = []
    for config in all_configs():
        key = config_key(config)
        for role in ("form_class", "add_form_class", "import_form_class"):
            form_class = getattr(config, role, None)
            if form_class is not None:
                found.append((f"{key}.{role}", config, form_class))
        for action in getattr(config, "actions", None) or []:
            found.append((f"{key}.action.{action.name}", config, action))
    return found


CONFIGURED = _configured_forms()
CLASSES = _form_classes_of_garrison()


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _instantiate(config, maker, user) -> forms.BaseForm | None:
    """The form as its page draws it; None when it cannot be drawn without a real row (its
    class's fields are checked by test_every_form_class_reads_numbers_as_staff_type_them)."""
    request = _request(user)
    if hasattr(maker, "perform"):  # an ObjectAction
        kwargs = {}
        if maker.form_kwargs is not None:
            try:
                kwargs = maker.form_kwargs(request, config.model())
            except Exception:
                return None
        try:
            return maker.form_class(**kwargs)
        except Exception:  # it needs a saved row
            return None
    return maker(**config.form_kwargs(request))


def _number_fields(fields: dict[str, forms.Field]) -> dict[str, forms.Field]:
    """The fields a user types a number in (a hidden version stamp is not typed)."""
    return {
        name: field
        for name, field in fields.items()
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)
        and not field.widget.is_hidden
    }


def _problems(form_name: str, fields: dict[str, forms.Field]) -> list[str]:
    problems = []
    for name, field in _number_fields(fields).items():
        where = f"{form_name}.{name}"
        if isinstance(field.widget, forms.NumberInput):
            problems.append(f"{where}: a type=number input (Chromium sends '0,5' as '05')")
        whole = not isinstance(field, forms.DecimalField | forms.FloatField)  # both subclass it
        read = WHOLE_READ if whole else DECIMAL_READ
        refused = WHOLE_REFUSED if whole else DECIMAL_AMBIGUOUS
        for language in ("vi", "en"):
            with translation.override(language):
                for typed, number in read.items():
                    try:
                        value = field.to_python(typed)
                    except ValidationError as exc:
                        problems.append(f"{where} [{language}]: {typed!r} refused: {exc.messages}")
                        continue
                    if value is None or Decimal(str(value)) != number:
                        problems.append(f"{where} [{language}]: {typed!r} read as {value!r}")
                for typed in refused:
                    try:
                        value = field.to_python(typed)
                    except ValidationError as exc:
                        if f"“{typed}”" not in exc.messages[0]:
                            problems.append(f"{where}: the message does not say what was typed")
                        if not whole and "1200" not in exc.messages[0].replace("1250", "1200"):
                            problems.append(f"{where}: {typed!r} refused without both readings")
                        continue
                    problems.append(f"{where} [{language}]: {typed!r} accepted as {value!r}")
    return problems


@pytest.fixture
def user(province_staff):
    return province_staff


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "config", "maker"), CONFIGURED, ids=[c[0] for c in CONFIGURED])
def test_every_registered_form_reads_numbers_as_staff_type_them(name, config, maker, user):
    form = _instantiate(config, maker, user)
    fields = form.fields if form is not None else maker.form_class.base_fields
    assert not _problems(name, fields), "\n".join(_problems(name, fields))


@pytest.mark.parametrize("form_class", CLASSES, ids=[c.__qualname__ for c in CLASSES])
def test_every_form_class_reads_numbers_as_staff_type_them(form_class):
    name = f"{form_class.__module__}.{form_class.__qualname__}"
    problems = _problems(name, form_class.base_fields)
    assert not problems, "\n".join(problems)


def test_the_forms_were_found():
    """The enumeration itself: the forms of the issue are among those checked."""
    names = {c.__qualname__ for c in CLASSES}
    assert {"TrainingSessionForm", "ForceTargetForm", "QuotaForm", "ExtendForm"} <= names
    assert any(n.endswith("forces.session.form_class") for n, *_ in CONFIGURED)
    counted = sum(bool(_number_fields(c.base_fields)) for c in CLASSES)
    assert counted >= 25


@pytest.mark.django_db
def test_the_quota_form_made_per_commune_reads_counts(province, commune_a, commune_b):
    from garrison.conscription.forms import QuotaForm

    form = QuotaForm(communes=[commune_a, commune_b])
    assert len(_number_fields(form.fields)) == 2
    problems = _problems("QuotaForm", form.fields)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_monthly_reports_typed_numbers_are_counts_read_as_staff_type_them(province):
    """The report's fields are typed as text and read by the service (so that a refused
    input comes back as typed): each typed number field of the monthly form is a count."""
    from garrison.reporting.returns import rules
    from garrison.reporting.returns.forms import SubmissionValuesForm
    from tests.factories import monthly_form

    version = monthly_form(province).current_version()
    specs = version.field_specs()
    form = SubmissionValuesForm(specs)
    typed = [s for s in form.specs if s["kind"] == rules.NUMBER]
    assert typed
    problems = []
    for spec in typed:
        field = form.fields[spec["key"]]
        if 'type="number"' in str(form[spec["key"]]):
            problems.append(f"{spec['key']}: a type=number input")
        for text, number in WHOLE_READ.items():
            try:
                if rules.parse_value(spec, text) != number:
                    problems.append(
                        f"{spec['key']}: {text!r} read as {rules.parse_value(spec, text)}"
                    )
            except rules.ValueProblem as problem:
                problems.append(f"{spec['key']}: {text!r} refused ({problem.code})")
        for text in WHOLE_REFUSED:
            with contextlib.suppress(rules.ValueProblem):
                problems.append(f"{spec['key']}: {text!r} read as {rules.parse_value(spec, text)}")
        assert field.widget.attrs.get("inputmode") in {"numeric", "decimal"}
    assert not problems, "\n".join(problems)
