"""Reading an import sheet (.xlsx, .csv): its rows, its header matched to the register's
import columns (the field name, or its verbose name in either language), and each cell turned
into what the form expects (Vietnamese booleans, dd/mm/yyyy dates, numbers that lost their
leading zeros). `core.importing` checks and applies the rows."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from .registry import ImportColumn, ModelConfig

_TRUE = {"1", "true", "yes", "y", "x", "có", "co", "đúng", "on"}
_FALSE = {"0", "false", "no", "n", "không", "khong", "sai", "off", ""}


class ImportError_(Exception):
    """The sheet as a whole cannot be read (not a row problem)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


# --- reading ---------------------------------------------------------------------------------
def cell_text(value: Any) -> str:
    if type(value) is str:  # a CSV's every cell, most of a workbook's
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


class Sheet:
    """An import sheet being read: its header row at once, its data rows one at a time.

    Nothing holds the rows: `rows()` reads the file again on each call (a .csv through a
    decoding text wrapper, an .xlsx with openpyxl's read-only mode), so memory does not grow with
    the number of rows. Use it through `open_sheet`, which closes the workbook."""

    def __init__(self, file_name: str, content: bytes):
        self.content = content
        self.is_excel = file_name.lower().endswith(".xlsx")
        self._workbook: Any = None
        if self.is_excel:
            import openpyxl

            try:
                self._workbook = openpyxl.load_workbook(
                    io.BytesIO(content), read_only=True, data_only=True
                )
                self._worksheet = self._workbook.worksheets[0]
            except Exception as exc:
                raise ImportError_(
                    _(
                        "The file cannot be read as an Excel workbook (%(error)s). Save it again "
                        "as .xlsx and upload it."
                    )
                    % {"error": exc}
                ) from exc
        else:
            end = content.find(b"\n")
            first = _decode(content if end < 0 else content[:end])
            self._delimiter = ";" if first.count(";") > first.count(",") else ","
        header = next(self._records(), None)
        if header is None:
            raise ImportError_(_("The file is empty: the first row must hold the column names."))
        self.headers = [cell_text(h) for h in header]

    def _records(self) -> Iterator[Sequence[Any]]:
        """Every record of the file, the header first, read lazily."""
        if self.is_excel:
            yield from self._worksheet.iter_rows(values_only=True)
            return
        text = io.TextIOWrapper(io.BytesIO(self.content), encoding="utf-8-sig", newline="")
        try:
            yield from csv.reader(text, delimiter=self._delimiter)
        except UnicodeDecodeError as exc:
            raise ImportError_(_not_utf8()) from exc
        except csv.Error as exc:
            raise ImportError_(
                _("The CSV file cannot be read (%(error)s). Save it again as CSV UTF-8.")
                % {"error": exc}
            ) from exc

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """The data rows that hold anything, each with its 1-based line number, one at a time."""
        records = self._records()
        next(records, None)  # the header
        for line, record in enumerate(records, start=2):
            if any(cell_text(v) for v in record):
                yield line, list(record)

    def count(self, limit: int) -> int:
        """How many data rows the sheet holds, counting no further than `limit` + 1: a sheet
        over the limit is known as such without reading the rest of it."""
        counted = 0
        for _row in self.rows():
            counted += 1
            if counted > limit:
                break
        return counted

    def estimate(self) -> int:
        """Roughly how many data rows the sheet holds, without reading them: the lines of a
        .csv, the rows an .xlsx declares (blank lines included)."""
        if self.is_excel:
            declared = self._worksheet.max_row or 0
            return max(0, declared - 1)
        lines = self.content.count(b"\n") + (0 if self.content.endswith(b"\n") else 1)
        return max(0, lines - 1)

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None


def _not_utf8() -> str:
    return _('The CSV file is not UTF-8 text. In Excel choose "CSV UTF-8" when saving.')


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(_not_utf8()) from exc


@contextmanager
def open_sheet(file_name: str, content: bytes) -> Iterator[Sheet]:
    """The sheet of an uploaded file (ImportError_ when it cannot be read), closed on exit."""
    sheet = Sheet(file_name, content)
    try:
        yield sheet
    finally:
        sheet.close()


def read_sheet(file_name: str, content: bytes) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The header row and a generator of the data rows (with their 1-based line numbers) of a
    sheet; the rows are read as the generator is iterated, never held all at once."""
    sheet = Sheet(file_name, content)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from sheet.rows()
        finally:
            sheet.close()

    return sheet.headers, rows()


# --- columns --------------------------------------------------------------------------------
def field_of(config: type[ModelConfig], name: str) -> models.Field:
    return config.model._meta.get_field(name)


def names_for(config: type[ModelConfig], column: ImportColumn) -> set[str]:
    names = {column.field.lower(), *(a.lower() for a in column.aliases)}
    model_field = field_of(config, column.field)
    for language in ("vi", "en"):
        with translation.override(language):
            names.add(str(model_field.verbose_name).lower())
    return names


def column_help(config: type[ModelConfig]) -> list[dict[str, Any]]:
    out = []
    for column in config.import_columns:
        model_field = field_of(config, column.field)
        choices = [str(label) for _value, label in model_field.choices or []]
        out.append(
            {
                "field": column.field,
                "label": str(model_field.verbose_name),
                "required": column.required,
                "lookup": column.lookup,
                "choices": choices[:12],
                "help": str(model_field.help_text or ""),
            }
        )
    return out


def natural_key_label(config: type[ModelConfig]) -> str:
    """The name of the column rows are matched by ("Citizen ID (CCCD)"), never its code."""
    if not config.natural_key:
        return ""
    return str(field_of(config, config.natural_key).verbose_name)


def match_headers(
    config: type[ModelConfig], headers: list[str]
) -> tuple[dict[int, ImportColumn], list[RowError], list[str]]:
    lookup: dict[str, ImportColumn] = {}
    for column in config.import_columns:
        for name in names_for(config, column):
            lookup[name] = column
    export_only = set()
    for column in config.export_columns or config.list_columns:
        export_only.add(column.name.lower())
        export_only.add(column.header(config.model).lower())
    matched: dict[int, ImportColumn] = {}
    errors: list[RowError] = []
    ignored: list[str] = []
    seen: set[str] = set()
    for index, header in enumerate(headers):
        key = header.strip().lower()
        if not key:
            continue
        column = lookup.get(key)
        if column is None:
            if key in export_only:
                ignored.append(header)
                continue
            errors.append(
                RowError(
                    1,
                    header,
                    _("Unknown column. Expected columns: %(names)s.")
                    % {"names": ", ".join(c["label"] for c in column_help(config))},
                )
            )
            continue
        if column.field in seen:
            errors.append(RowError(1, header, _("This column appears twice; keep one.")))
            continue
        seen.add(column.field)
        matched[index] = column
    for column in config.import_columns:
        if column.required and column.field not in seen:
            errors.append(
                RowError(
                    1,
                    column.field,
                    _("Required column is missing: add a column named %(name)s.")
                    % {"name": column.field},
                )
            )
    return matched, errors, ignored


# --- values ---------------------------------------------------------------------------------
class ValueConverter:
    """Turns the text of a cell into what the model form expects."""

    def __init__(self, config: type[ModelConfig], actor: Any):
        self.config = config
        self.actor = actor
        self._lookups: dict[str, dict[str, Any]] = {}
        self._fields: dict[str, models.Field] = {}

    def _related_map(self, column: ImportColumn) -> dict[str, Any]:
        if column.field not in self._lookups:
            related = field_of(self.config, column.field).related_model
            qs = related._default_manager.all()
            if hasattr(qs, "visible_to"):
                qs = qs.visible_to(self.actor)
            self._lookups[column.field] = {
                str(key).lower(): pk for key, pk in qs.values_list(column.lookup, "pk")
            }
        return self._lookups[column.field]

    def _choice_map(self, column: ImportColumn, model_field: models.Field) -> dict[str, Any]:
        """Values and their labels in both languages → value; built once per column."""
        if column.field not in self._lookups:
            choices: dict[str, Any] = {}
            for value, label in model_field.choices:
                choices[str(value).lower()] = value
                for language in ("vi", "en"):
                    with translation.override(language):
                        choices[str(label).lower()] = value
            self._lookups[column.field] = choices
        return self._lookups[column.field]

    def convert(self, column: ImportColumn, raw: Any) -> tuple[Any, str | None]:
        text = cell_text(raw)
        if column.digits and isinstance(raw, int | float) and text.isdigit():
            text = text.zfill(column.digits)
        model_field = self._fields.get(column.field)
        if model_field is None:
            model_field = self._fields[column.field] = field_of(self.config, column.field)
        if column.lookup:
            if not text:
                return "", None
            pk = self._related_map(column).get(text.lower())
            if pk is None:
                return None, _("No %(model)s with %(key)s %(value)s in your area.") % {
                    "model": model_field.related_model._meta.verbose_name,
                    "key": column.lookup,
                    "value": text,
                }
            return pk, None
        if isinstance(model_field, models.BooleanField):
            low = text.lower()
            if low in _TRUE:
                return "on", None
            if low in _FALSE:
                return "", None
            return None, _("Write 1 (yes) or 0 (no), not %(value)s.") % {"value": text}
        if model_field.choices:
            if not text:
                return "", None
            choices = self._choice_map(column, model_field)
            if text.lower() in choices:
                return choices[text.lower()], None
            return None, _("%(value)s is not one of: %(choices)s.") % {
                "value": text,
                "choices": ", ".join(str(label) for _v, label in model_field.choices),
            }
        return text, None


def normalise(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return value.normalize()
    if value is None:
        return ""
    return value
