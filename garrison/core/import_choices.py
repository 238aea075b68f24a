"""The rows an import batch's forms choose in their model choice fields, read in one query per
field and batch: `BatchChoices` (used by `import_rows.RowChecker`)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.sql.where import WhereNode
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField

_PLAIN = (str, int, float, bool, Decimal, datetime.date, type(None))


def _plain_value(value: Any) -> bool:
    if isinstance(value, list | tuple | set | frozenset):
        return all(isinstance(v, _PLAIN) for v in value)
    return isinstance(value, _PLAIN)


def _plain_where(node: WhereNode) -> bool:
    """The filter holds only column-to-value comparisons (no subquery, no raw SQL), so two
    filters that compare equal select the same rows."""
    for child in node.children:
        if isinstance(child, WhereNode):
            if not _plain_where(child):
                return False
        elif not (
            isinstance(child, Lookup) and isinstance(child.lhs, Col) and _plain_value(child.rhs)
        ):
            return False
    return True


def _rows_selected(queryset: models.QuerySet) -> tuple[Any, ...] | None:
    """What decides which rows `queryset` returns, comparable between two querysets; None when
    that cannot be told without running it (its choices are then read the usual way)."""
    query = queryset.query
    if query.is_sliced or query.combinator or query.distinct or query.extra:
        return None
    if not _plain_where(query.where):
        return None
    return (query.model, query.where)


class BatchChoices:
    """The rows a batch's forms choose in their model choice fields (the residence commune of a
    person, the province of an account), read in ONE query per field and batch from the form
    field's own queryset, instead of one query per row. A form whose field selects other rows
    than the first form's (or a value not read) is answered by the field itself, as always."""

    def __init__(self, values: dict[str, set[Any]]):
        self.values = values
        self.found: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}

    def attach(self, form: Any) -> None:
        for name, values in self.values.items():
            field = form.fields.get(name)
            if not isinstance(field, ModelChoiceField) or isinstance(
                field, ModelMultipleChoiceField
            ):
                continue
            try:
                selected = _rows_selected(field.queryset)
                if selected is None:
                    continue
                entry = self.found.get(name)
                if entry is None:
                    key = field.to_field_name or "pk"
                    wanted = {v for v in values if v not in field.empty_values}
                    rows = field.queryset.filter(**{f"{key}__in": wanted}) if wanted else []
                    entry = (selected, {str(getattr(obj, key)): obj for obj in rows})
                    self.found[name] = entry
                elif entry[0] != selected:
                    continue
            except (TypeError, ValueError, ValidationError):
                continue  # a value the field itself will refuse
            field.to_python = self._cached(field, entry[1])

    @staticmethod
    def _cached(field: ModelChoiceField, rows: dict[str, Any]) -> Any:
        # a form re-used batch after batch keeps its field's own method underneath
        original = field.__dict__.get("_import_to_python") or field.to_python
        field._import_to_python = original  # type: ignore[attr-defined]

        def to_python(value: Any) -> Any:
            if value not in field.empty_values and not isinstance(value, models.Model):
                found = rows.get(str(value))
                if found is not None:
                    return found
            return original(value)

        return to_python
