"""The new records of an import with nothing wrong, checked without the form's overhead:
`FastCheck`.

An import validates each row with the register's form, as the add page does (`import_rows`):
each form field cleans its cell, then the form's `clean()`, the record built from the cleaned
values (`construct_instance`), the model's `full_clean` (each model field's `clean`, the
register's date bounds, the model's `clean()`, its constraints) and the natural key's
uniqueness. Most rows of a large sheet are valid, and most of their cells repeat (a sex, an
ethnicity, a commune, a date of birth): Django's machinery around those steps costs more than
the steps themselves.

`FastCheck.check` takes the same steps for a NEW record, in Django's order and by the same
methods (the form field's `clean`, the form's own `clean()`, the model field's `save_form_data`
and `clean`, `core.datebounds.date_problem`, the model's `clean()`), remembering what is a pure
function of one value (a field's `clean` of a value) and making the record from one blank record.
At the first sign of a problem (any error at any step) it answers None, and the row is checked
by the form itself, which says what is wrong in its own words: the form stays the one judge of
an invalid row. A form or a model it cannot follow step by step (a `clean_<field>` method, a
disabled field, a file, a field type whose `clean` it does not know to be pure, a model with
its own `clean_fields` or with constraints) gets no `FastCheck` at all (`for_form` answers None).
`tests/core/test_import_fast.py` checks, over generated rows, that whatever it accepts the form
accepts with the same values.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault
from django.forms.models import InlineForeignKeyField
from django.forms.utils import ErrorDict
from django.utils import timezone

from .datebounds import DateBoundsModel, date_fields, date_problem

#: values remembered per field at most (a column whose values do not repeat, such as a name
#: or a citizen ID, stops being remembered there)
MEMO_VALUES = 20_000

#: form fields whose `clean(value)` depends on the value alone (exact types: a subclass may
#: clean its own way)
_PURE_FORM_FIELDS = {
    forms.CharField,
    forms.ChoiceField,
    forms.TypedChoiceField,
    forms.DateField,
    forms.IntegerField,
    forms.EmailField,
}
#: model fields whose `clean(value, instance)` depends on the value alone (a relation's asks
#: the database, and is called each time)
_PURE_MODEL_FIELDS = {
    models.CharField,
    models.TextField,
    models.DateField,
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
    models.EmailField,
}


class _NotPlain(Exception):
    """The row has something to say: the form checks it."""


class _Memo:
    """A field's cleaning of a value, remembered per value (only what cleaned without error)."""

    def __init__(self, clean: Any):
        self.clean = clean
        self.values: dict[Any, Any] = {}

    def __call__(self, value: Any, *args: Any) -> Any:
        try:
            return self.values[value]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be remembered (a list)
            return self.clean(value, *args)
        cleaned = self.clean(value, *args)
        if len(self.values) < MEMO_VALUES:
            self.values[value] = cleaned
        return cleaned


class FastCheck:
    """The checking of new records by one reusable import form (see the module docstring)."""

    def __init__(self, form: Any, make_record: Any):
        model = form._meta.model
        self.model = model
        self.make_record = make_record
        self.form_memos: dict[str, Any] = {}
        self.related: list[str] = []  # form fields choosing rows: remembered for one batch
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                self.related.append(name)
                self.form_memos[name] = None  # set per batch (`new_batch`)
            else:
                self.form_memos[name] = _Memo(field.clean)
        self.widgets = [
            (name, field.widget, form.add_prefix(name)) for name, field in form.fields.items()
        ]
        opts = form._meta
        # the model fields `construct_instance` sets, in its order (with whether it may leave
        # the default of a field the data omits, and the field's name in the data)
        self.constructed = [
            (f, f.has_default() and f.name in form.fields, form.add_prefix(f.name))
            for f in model._meta.fields
            if f.editable
            and not isinstance(f, models.AutoField)
            and (opts.fields is None or f.name in opts.fields)
            and not (opts.exclude and f.name in opts.exclude)
        ]
        self.model_memos = {
            f.name: _Memo(f.clean) if type(f) in _PURE_MODEL_FIELDS else None
            for f in model._meta.fields
        }
        self.date_fields = date_fields(model) if issubclass(model, DateBoundsModel) else []
        self.date_memo: dict[tuple[str, Any], str | None] = {}
        self.today = timezone.localdate()

    @classmethod
    def for_form(cls, form: Any, make_record: Any) -> FastCheck | None:
        """A FastCheck for `form` (a bound, reusable import form of a new record), or None
        when it cannot follow the form step by step."""
        model = form._meta.model
        for name, field in form.fields.items():
            if field.disabled or hasattr(form, f"clean_{name}"):
                return None
            plain_choice = type(field) is forms.ModelChoiceField
            if type(field) not in _PURE_FORM_FIELDS and not plain_choice:
                return None
            if isinstance(field, forms.FileField | InlineForeignKeyField):
                return None
        if any(isinstance(f, models.FileField | models.GeneratedField) for f in model._meta.fields):
            return None
        if model.clean_fields not in (models.Model.clean_fields, DateBoundsModel.clean_fields):
            return None
        if model._meta.constraints or any(p._meta.constraints for p in model._meta.parents):
            return None
        if form.empty_permitted:
            return None
        return cls(form, make_record)

    def new_batch(self, form: Any) -> None:
        """The batch's form: its choices of related rows (read for this batch) are remembered
        afresh."""
        for name in self.related:
            self.form_memos[name] = _Memo(form.fields[name].clean)
        self.today = timezone.localdate()

    def check(self, form: Any, data: dict[str, Any]) -> models.Model | None:
        """The new record `data` makes, as the form would leave it valid (its instance); None
        when the form must check the row itself. `form` is left half-bound: rebind it before
        any other use (`import_rows.RowChecker._form` does)."""
        try:
            return self._check(form, data)
        except (_NotPlain, ValidationError):
            return None

    def _check(self, form: Any, data: dict[str, Any]) -> models.Model:
        # the form's fields (`_clean_fields`)
        cleaned: dict[str, Any] = {}
        memos = self.form_memos
        for name, widget, key in self.widgets:
            cleaned[name] = memos[name](widget.value_from_datadict(data, {}, key))
        # the form's own clean (`_clean_form`), on the record the row makes
        record = self.make_record()
        form.data = data
        form.instance = record
        form.cleaned_data = cleaned
        form._errors = ErrorDict(renderer=form.renderer)
        result = form.clean()
        if form._errors:
            raise _NotPlain
        if result is not None:
            cleaned = form.cleaned_data = result
        # the record (`construct_instance`)
        for f, may_keep_default, data_name in self.constructed:
            if f.name not in cleaned:
                continue
            if may_keep_default:
                field = form.fields[f.name]
                if (
                    field.widget.value_omitted_from_data(data, {}, data_name)
                    and cleaned.get(f.name) in field.empty_values
                ):
                    continue
            f.save_form_data(record, cleaned[f.name])
        # the model's full_clean without uniqueness (`_post_clean`): its fields, its dates,
        # its clean(), its constraints (none: `for_form`)
        exclude = form._get_validation_exclusions()
        for f in self.model._meta.fields:
            if f.name in exclude:
                continue
            raw = getattr(record, f.attname)
            if f.blank and raw in f.empty_values:
                continue
            if isinstance(raw, DatabaseDefault):
                continue
            clean = self.model_memos[f.name] or f.clean
            setattr(record, f.attname, clean(raw, record))
        for f in self.date_fields:
            if f.name not in exclude and self._date_problem(f, getattr(record, f.attname)):
                raise _NotPlain
        record.clean()
        return record

    def _date_problem(self, field: models.DateField, value: Any) -> bool:
        if not isinstance(value, datetime.date):
            return False
        key = (field.name, value)
        if key not in self.date_memo:
            problem = date_problem(self.model, field, value, self.today)
            if len(self.date_memo) >= MEMO_VALUES:
                return problem is not None
            self.date_memo[key] = problem
        return self.date_memo[key] is not None


def blank_records(model: type[models.Model], fields: list[models.Field]) -> Callable[[], Any]:
    """A maker of new, unsaved records of `model` as `model()` makes them (every field at its
    default), for a model whose creation no signal watches: a copy of one blank record, each
    field with a changing default (`default=dict`) given its own; `model()` itself otherwise."""
    from django.db.models.base import ModelState
    from django.db.models.signals import post_init, pre_init

    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model
    blank = {k: v for k, v in model().__dict__.items() if k != "_state"}
    given = {f.attname for f in fields}
    changing = [
        f for f in model._meta.concrete_fields if callable(f.default) and f.attname not in given
    ]

    def make() -> Any:
        obj = model.__new__(model)
        state = obj.__dict__
        state.update(blank)
        state["_state"] = ModelState()
        for f in changing:
            state[f.attname] = f.get_default()
        return obj

    return make
