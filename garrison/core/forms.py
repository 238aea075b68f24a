from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from . import numbers
from .scoping import ScopedModel
from .services import StaleEditError
from .widgets import use_pickers


class _TypedNumbersMetaclass(ModelFormMetaclass):
    """Turns the number fields a model gives a form (and those it declares with Django's own
    classes) into `core.numbers` fields, once, when the form class is made: so the add page,
    the edit page, the import and the API read "0,5" and "1.200" alike."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
        new_class = super().__new__(mcs, name, bases, attrs)
        for field in getattr(new_class, "base_fields", {}).values():
            numbers.typed_number_field(field)
        return new_class


class ModelForm(forms.ModelForm, metaclass=_TypedNumbersMetaclass):
    """Every model form of Garrison derives from this one (a test of habits checks it): its
    numbers are typed the Vietnamese or the English way (`core.numbers`); counts take whole
    numbers only."""


class ScopedModelForm(ModelForm):
    """A ModelForm whose choices of related rows are limited to what the user may see, and
    which carries the row's version for optimistic concurrency."""

    version = numbers.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and hasattr(self.instance, "version") and not self.is_bound:
            self.initial["version"] = self.instance.version
        if not hasattr(self.instance, "version") or not self.instance.pk:
            self.fields.pop("version", None)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, ScopedModel):
                field.queryset = queryset.visible_to(user)
        if not self.is_bound and self.instance.pk is None:
            self._choose_the_only_choice()
        use_pickers(self)

    def _choose_the_only_choice(self) -> None:
        """A required choice of rows that has one row in the user's scope is made already: a
        commune user's commune, never an empty `---------` refused as "required"."""
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField) or not field.required:
                continue
            if isinstance(field, forms.ModelMultipleChoiceField) or self.initial.get(name):
                continue
            rows = list(field.queryset[:2])
            if len(rows) == 1:
                self.initial[name] = getattr(rows[0], field.to_field_name or "pk")

    def validate_unique(self) -> None:
        """A value already taken by a row the user may not see reads as absent: no message
        tells a commune that a citizen ID exists elsewhere in the country. The user is told,
        the same way whatever the other row is, to ask the province to hand it over."""
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except ValidationError as exc:
            self._update_errors(self._hide_rows_out_of_scope(exc))

    def _hide_rows_out_of_scope(self, exc: ValidationError) -> ValidationError:
        model = type(self.instance)
        if not issubclass(model, ScopedModel) or not hasattr(exc, "error_dict"):
            return exc
        errors = {}
        for name, messages in exc.error_dict.items():
            value = getattr(self.instance, name, None) if name != NON_FIELD_ERRORS else None
            clash = model._default_manager.filter(**{name: value}).exclude(pk=self.instance.pk)
            hidden = (
                value is not None
                and any(m.code == "unique" for m in messages)
                and not clash.visible_to(self.user).exists()
            )
            errors[name] = (
                [
                    ValidationError(
                        _(
                            "%(value)s cannot be recorded here. If it belongs to your area, "
                            "ask the province to hand the record over to you."
                        ),
                        code="unique_elsewhere",
                        params={"value": value},
                    )
                ]
                if hidden
                else messages
            )
        return ValidationError(errors)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "version" in self.fields and self.instance.pk and data.get("version") is None:
            raise forms.ValidationError(
                _("This form is missing its version stamp; reload the page and edit again.")
            )
        return data


def ask_every_choice(form: forms.BaseModelForm, kept: Any = ()) -> forms.BaseModelForm:
    """On a new record's page, a required choice starts empty (with its `---------`), so the
    user makes it: none is made for them by the model's default (ethnicity once said "Kinh"
    unasked). `kept`: the fields the page was linked with (`?kind=…`) or the configuration
    set on the new row on purpose. Imports and the API keep the documented defaults."""
    instance = form.instance
    for name, field in form.fields.items():
        if name in kept or not field.required or isinstance(field.widget, forms.HiddenInput):
            continue
        if not isinstance(field, forms.ChoiceField) or isinstance(
            field, forms.ModelChoiceField | forms.MultipleChoiceField
        ):
            continue
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not model_field.has_default() or getattr(instance, model_field.attname, None) not in (
            model_field.get_default(),
            None,
        ):
            continue
        form.initial[name] = None
        choices = list(field.choices)
        if not any(value == "" for value, _label in choices):
            field.choices = [("", "---------"), *choices]
    return form


def apply_version_conflict(form: forms.ModelForm, exc: StaleEditError) -> None:
    """Keep the user's input, name the fields where the record as it now stands differs from
    what they typed, and arm the form with the current version so that a deliberate second
    submit overwrites knowingly."""
    current = exc.current
    differing: list[str] = []
    if current is not None:
        for name, field in form.fields.items():
            if name == "version" or name not in form.cleaned_data:
                continue
            try:
                model_field = current._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            now = getattr(current, model_field.attname, None)
            typed = form.cleaned_data[name]
            if isinstance(typed, models.Model):
                typed = typed.pk
            if str(now if now is not None else "") != str(typed if typed is not None else ""):
                differing.append(str(field.label or name))
    message = str(exc)
    if differing:
        message += " " + str(_("The record now differs from your input in: %(fields)s.")) % {
            "fields": ", ".join(differing)
        }
    form.add_error(None, message)
    data = form.data.copy()
    data["version"] = getattr(current, "version", "")
    form.data = data


class ConfirmForm(forms.Form):
    """A confirmation box for an action whose refusals are known before it is sent (what stops
    publishing a draft version): `problems` show as errors at once, and refuse the form. A
    subclass declares its own `confirm` box with the words of its action."""

    confirm = forms.BooleanField(label=_("Confirm"))

    def __init__(self, *args: Any, problems: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problems = problems or []

    def non_field_errors(self) -> Any:
        errors = super().non_field_errors()
        if not self.is_bound and self.problems:
            return self.error_class(self.problems, error_class="nonfield")
        return errors

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for problem in self.problems:
            self.add_error(None, problem)
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Sheet (.xlsx or .csv)"),
        help_text=_("The first row holds the column names; one record per row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise forms.ValidationError(
                _(
                    "%(name)s is not an .xlsx or .csv file. Save the sheet as Excel (.xlsx) or CSV "
                    "(UTF-8) and upload it again."
                )
                % {"name": upload.name}
            )
        limit = settings.GARRISON_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB: split it into several files.")
                % {"limit": limit // (1024 * 1024)}
            )
        return upload


def plain_formfield(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """The form field of a register's plain form (`ModelConfig.form_fields`), as staff type
    it: dates dd/mm/yyyy, notes on a few lines (numbers, "0,5" or "1.200", are read by
    `core.numbers`, as in every model form)."""
    field = model_field.formfield(**kwargs)
    if field is None:
        return None
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        field.widget = forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy")})
    elif isinstance(model_field, models.TextField):
        field.widget = forms.Textarea(attrs={"rows": 2})
    return field


class ReadsFilterForm(forms.Form):
    """The filters of the log of reads of personal data (`core.views.ReadsView`)."""

    KINDS = [
        ("read", _("opened a record")),
        ("list", _("listed records")),
        ("export", _("exported")),
    ]

    who = forms.CharField(label=_("who"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("what"), required=False, choices=[("", "—"), *KINDS])
    register = forms.ChoiceField(label=_("register"), required=False)
    person = numbers.IntegerField(
        label=_("about person no."), required=False, min_value=1, max_value=2**63 - 1
    )
    since = forms.DateField(label=_("from"), required=False)
    until = forms.DateField(label=_("to"), required=False)

    def __init__(self, *args: Any, registers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = [("", "—"), *registers]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError(
                _("The first day %(since)s is after the last %(until)s: swap them.")
                % {"since": since.strftime("%d/%m/%Y"), "until": until.strftime("%d/%m/%Y")}
            )
        return data
