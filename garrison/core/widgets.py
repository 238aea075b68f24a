"""Pickers: a choice among rows of a register that grows (people, communes, members) is typed
and searched, never embedded as a select of thousands of options.

`SearchSelect` renders a `<select>` holding only the chosen row (or none) and the address of
the register's search (`core.pickers`); `garrison/pickers.js` turns it into a Tom Select box
that asks the search as the user types. The form field keeps its scoped queryset, so a choice
is validated as before: an id outside the user's scope is refused whatever the browser sends.
Without JavaScript the select still holds the current choice (the form posts it unchanged).

`use_pickers(form)` gives every such field of a form (or of a FilterSet's form) its picker; the
generic forms, filters and action pages call it, so a new form gets pickers without a word."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: at most this many rows answer one search (a screenful)
SEARCH_LIMIT = 20


class SearchSelect(forms.Select):
    """A select of one row of register `key` ("people.person"), searched as the user types."""

    allow_multiple_selected = False

    def __init__(
        self,
        key: str,
        *,
        value_field: str = "pk",
        nationwide: bool = False,
        filters: dict[str, str] | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.key = key
        self.value_field = value_field
        self.nationwide = nationwide
        #: filters of the register's FilterSet the search applies (kind=evacuation_area)
        self.filters = dict(filters or {})

    def search_url(self) -> str:
        url = reverse("core:search", kwargs={"key": self.key})
        params = []
        if self.value_field != "pk":
            params.append(f"value={self.value_field}")
        if self.nationwide:
            params.append("scope=nation")
        params += [urlencode({name: value}) for name, value in sorted(self.filters.items())]
        return url + ("?" + "&".join(params) if params else "")

    def build_attrs(self, base_attrs: dict[str, Any], extra_attrs: Any = None) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-search-url"] = self.search_url()
        attrs["data-placeholder"] = str(_("Type a name or number to search…"))
        attrs["data-no-results"] = str(_("Nothing found in your area."))
        attrs.setdefault("class", "form-select")
        return attrs

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        """Only the chosen rows (and the empty choice), labelled as the search labels them."""
        from .registry import get_config

        selected = {str(v) for v in value if v not in (None, "")}
        groups: list[Any] = []
        if not self.allow_multiple_selected:
            option = self.create_option(name, "", "---------", not selected, 0, attrs=attrs)
            groups.append((None, [option], 0))
        queryset = getattr(self.choices, "queryset", None)
        if not selected or queryset is None:
            return groups
        field = self.value_field
        values = _storable(queryset.model, field, selected)
        rows = list(queryset.filter(**{f"{field}__in": values})) if values else []
        label = get_config(self.key).picker_label
        form_field = getattr(self.choices, "field", None)
        if type(form_field).label_from_instance is not forms.ModelChoiceField.label_from_instance:
            label = form_field.label_from_instance  # the form's own words for its rows
        for index, obj in enumerate(rows, start=len(groups)):
            option_value = str(getattr(obj, field))
            option = self.create_option(name, option_value, label(obj), True, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups


def _storable(model: type[models.Model], field: str, values: set[str]) -> list[Any]:
    """The `values` (as a page or a query string gave them) that the column can hold: a value
    of 20 digits is no row, never an overflow in the database."""
    model_field = model._meta.pk if field == "pk" else model._meta.get_field(field)
    kept = []
    for value in values:
        try:
            python = model_field.to_python(value)
        except ValidationError:
            continue
        if isinstance(python, int):
            low, high = connection.ops.integer_field_range(model_field.get_internal_type())
            if (low is not None and python < low) or (high is not None and python > high):
                continue
        kept.append(python)
    return kept


class SearchSelectMultiple(SearchSelect):
    """Several rows of register `key`, searched as the user types (the chosen ones shown)."""

    allow_multiple_selected = True

    def build_attrs(self, base_attrs: dict[str, Any], extra_attrs: Any = None) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["multiple"] = True
        return attrs

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter is not None else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty multiple select sends nothing: that is an answer


def picker_key(model: type[models.Model]) -> str | None:
    """The register whose search picks rows of `model`, or None (a small closed list)."""
    from .registry import config_for_model, config_key

    config = config_for_model(model)
    if config is None or not config.picker:
        return None
    return config_key(config)


_KEPT_WIDGETS = (forms.HiddenInput, forms.MultipleHiddenInput, forms.CheckboxSelectMultiple)


def picker_for(
    field: forms.Field, *, nationwide: bool = False, filters: dict[str, str] | None = None
) -> forms.Widget | None:
    """The picker widget `field` (a ModelChoiceField) should have, or None to leave it be."""
    if not isinstance(field, forms.ModelChoiceField) or isinstance(field.widget, _KEPT_WIDGETS):
        return None
    if isinstance(field.widget, SearchSelect):
        return None
    model = field.queryset.model
    key = picker_key(model)
    if key is None:
        return None
    value_field = field.to_field_name or "pk"
    if value_field == model._meta.pk.name:
        value_field = "pk"  # a foreign key's form field names the primary key ("id")
    widget_class = (
        SearchSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else SearchSelect
    )
    widget = widget_class(
        key,
        value_field=value_field,
        nationwide=nationwide,
        filters=filters,
        attrs={k: v for k, v in field.widget.attrs.items() if k != "size"},
    )
    widget.is_required = field.widget.is_required
    widget.choices = field.widget.choices
    return widget


def use_pickers(form: forms.BaseForm) -> forms.BaseForm:
    """Give each choice of rows of a growing register in `form` its picker (in place). A form
    names in `nationwide_pickers` the fields whose rows may lie beyond the user's scope (the
    commune a record is handed over to), and in `picker_filters` the filters of the register's
    FilterSet a field's search applies ({"area": {"kind": "evacuation_area"}}) when its queryset
    is narrower than the register."""
    nationwide = getattr(form, "nationwide_pickers", ())
    narrowed = getattr(form, "picker_filters", {})
    for name, field in form.fields.items():
        widget = picker_for(field, nationwide=name in nationwide, filters=narrowed.get(name))
        if widget is not None:
            field.widget = widget
    return form
