"""Forms of the report-form and return pages: a form's header, a field and a rule of a draft
version, the actions (new version, publish, approve, return), and the values of one return
(built from its version's fields)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.core import numbers
from garrison.core.filtering import as_id
from garrison.core.forms import ConfirmForm, ScopedModelForm
from garrison.core.indicators import indicator_choices

from . import rules
from .models import FormField, FormRule, FormVersion, ReportForm

DATE = {"placeholder": _("dd/mm/yyyy")}


class ReportFormForm(ScopedModelForm):
    """A form's header. Its period cannot change once communes have made returns on it (their
    periods would no longer be periods of the form)."""

    class Meta:
        model = ReportForm
        fields = [
            "code",
            "name",
            "period_type",
            "due_days",
            "event_start",
            "event_end",
            "active",
            "description",
        ]
        widgets = {
            "event_start": forms.DateInput(attrs=DATE),
            "event_end": forms.DateInput(attrs=DATE),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk and self.instance.submissions.exists():
            for name in ("period_type", "event_start", "event_end"):
                if name in data and data[name] != getattr(self.instance, name):
                    self.add_error(
                        name,
                        _(
                            "Communes have already made returns on this form, so its period "
                            "cannot change: make a new form for the new period."
                        ),
                    )
        return data


def form_version_id_of(form: forms.BaseForm) -> int | None:
    """The form version a field or rule form is about: the posted one, the pre-filled one (from
    ?form_version= on the add page) or the row's own."""
    if "form_version" not in form.fields:
        return form.instance.form_version_id
    raw = form.data.get("form_version") if form.is_bound else form.initial.get("form_version")
    return as_id(getattr(raw, "pk", raw))


class VersionRowForm(ScopedModelForm):
    """A row of a form version (field or rule). On the add page the form version is chosen among
    the drafts the user may change (pre-filled from ?form_version=); on the edit page it stays,
    and the row's lock counter `version` travels as core's hidden field."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if "form_version" in self.fields:
            self.fields["form_version"].queryset = (
                FormVersion.objects.editable_by(user)
                .filter(published_at__isnull=True)
                .select_related("form")
                .order_by("form__code", "-number")
            )
            self.fields["form_version"].help_text = _("Only draft versions can take new rows.")


class FormFieldForm(VersionRowForm):
    indicator = forms.ChoiceField(
        label=_("computed from"),
        required=False,
        help_text=FormField._meta.get_field("indicator").help_text,
    )

    class Meta:
        model = FormField
        fields = [
            "form_version",
            "section",
            "order",
            "key",
            "label",
            "kind",
            "choices",
            "required",
            "min_value",
            "whole",
            "unit",
            "indicator",
            "help_text",
        ]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = ("", _("— typed in by the commune —"))
        self.fields["indicator"].choices = [blank, *indicator_choices()]


class FormFieldEditForm(FormFieldForm):
    class Meta(FormFieldForm.Meta):
        fields = [f for f in FormFieldForm.Meta.fields if f != "form_version"]


class FormRuleForm(VersionRowForm):
    """A rule: its two sides are chosen among the number fields of the version."""

    class Meta:
        model = FormRule
        fields = ["form_version", "left", "op", "right_field", "right_value", "severity", "message"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version_id = form_version_id_of(self)
        if version_id is None:
            return
        fields = FormField.objects.visible_to(self.user).filter(
            form_version_id=version_id, kind=rules.NUMBER
        )
        if "form_version" in self.fields:  # the add page: a draft the user may change
            fields = fields.filter(form_version__in=self.fields["form_version"].queryset)
        numbers = list(fields.order_by("order", "pk").values_list("key", "label"))
        if not numbers:
            return
        keys = [(key, f"{label} ({key})") for key, label in numbers]
        for name, blank in (("left", None), ("right_field", _("— a number, given below —"))):
            old = self.fields[name]
            self.fields[name] = forms.ChoiceField(
                label=old.label,
                required=old.required,
                choices=([("", blank)] if blank else [("", "—")]) + keys,
                help_text=old.help_text,
            )


class FormRuleEditForm(FormRuleForm):
    class Meta(FormRuleForm.Meta):
        fields = [f for f in FormRuleForm.Meta.fields if f != "form_version"]


# --- actions -----------------------------------------------------------------------------------
class NewVersionForm(forms.Form):
    note = forms.CharField(
        label=_("what will change"),
        max_length=255,
        required=False,
        help_text=_("A line for the versions table, e.g. “adds the incidents section”."),
    )


class PublishForm(ConfirmForm):
    """Publishing a draft: what stops it (version_problems) is shown as errors at once."""

    confirm = forms.BooleanField(
        label=_("Publish this version now"),
        help_text=_(
            "New returns are then made on it; it can never change again (a change needs a new "
            "version). Returns already made keep their version."
        ),
    )


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(label=_("The report is complete and correct: approve it"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("why (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Kept in the report's history."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("what the commune must correct"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The commune reads this with the returned report."),
    )


# --- the values of one return -------------------------------------------------------------------
def shown_value(spec: dict, value: Any) -> str:
    """A stored value as the commune types it (dates dd/mm/yyyy, numbers in the user's
    language: "0,5" in Vietnamese)."""
    if value is None:
        return ""
    if spec["kind"] == rules.NUMBER and isinstance(value, int | float):
        return numbers.format_number(value)
    if spec["kind"] == rules.DATE:
        try:
            return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def _input_for(spec: dict) -> forms.Field:
    """Every typed field is taken as text: the service parses it and names what does not fit,
    and a refused input comes back exactly as typed."""
    label = spec["label"] + (f" ({spec['unit']})" if spec.get("unit") else "")
    kind = spec["kind"]
    if kind == rules.NUMBER:  # not type=number: Chromium turns a "0,5" it does not expect into 5
        whole = spec.get("whole", True)
        widget: forms.Widget = forms.TextInput(
            attrs={"inputmode": "numeric" if whole else "decimal"}
        )
    elif kind == rules.DATE:
        widget = forms.TextInput(attrs=DATE)
    elif kind == rules.CHOICE:
        widget = forms.Select(choices=[("", "—")] + [(c, c) for c in spec["choices"]])
    else:
        widget = forms.Textarea(attrs={"rows": 2})
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=widget,
        help_text=spec.get("help_text", ""),
    )


class SubmissionValuesForm(forms.Form):
    """One input per typed field of a version (computed fields are shown, not typed). Field
    names are the fields' keys, under the prefix "value" (so that a key never collides with the
    page's own inputs: version, note, action)."""

    prefix = "value"

    def __init__(self, specs: list[dict], *args: Any, values: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_specs = specs
        self.specs = [s for s in specs if not s["indicator"]]
        for spec in self.specs:
            self.fields[spec["key"]] = _input_for(spec)
            if values is not None:
                self.initial[spec["key"]] = shown_value(spec, values.get(spec["key"]))

    def raw_values(self) -> dict[str, str]:
        return {spec["key"]: self.data.get(self.add_prefix(spec["key"]), "") for spec in self.specs}


class SubmissionMetaForm(forms.Form):
    """The page's own inputs around the values: the return's version (optimistic
    concurrency) and the commune's note."""

    version = numbers.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=_("note to the province"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
