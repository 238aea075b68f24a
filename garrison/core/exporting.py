"""Exports of a scoped, filtered queryset to Excel (.xlsx) or CSV, in the user's language."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import capfirst

from .registry import Column, ModelConfig
from .sheets import column_help

FORMATS = ("xlsx", "csv")
CHUNK = 2000

# A text cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (CSV or .xlsx alike): `=HYPERLINK("http://…","click")` in a name would become a live link.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet may show it without running it: text that a spreadsheet would read
    as a formula gets a leading single quote (OWASP's advice); numbers, dates and other text stay
    as they are. Every writer of .xlsx or CSV passes its cells through here."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_columns(config: type[ModelConfig]) -> list[Column]:
    return list(config.export_columns or config.list_columns)


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, datetime.date | int | float):
        return value
    return safe_cell(str(value))


def _filename(config: type[ModelConfig], fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{config.name}-{stamp}.{fmt}"


def rows_of(config: type[ModelConfig], qs: models.QuerySet) -> Iterator[list[Any]]:
    columns = export_columns(config)
    for obj in qs.iterator(chunk_size=CHUNK):
        yield [_plain(col.value(obj)) for col in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    config: type[ModelConfig], qs: models.QuerySet, fmt: str
) -> tuple[HttpResponse, int]:
    columns = export_columns(config)
    headers = [col.header(config.model) for col in columns]
    count = qs.count()
    disposition = f'attachment; filename="{_filename(config, fmt)}"'
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream() -> Iterator[str]:
            yield "\ufeff" + writer.writerow(
                [safe_cell(h) for h in headers]
            )  # BOM: Excel opens UTF-8 correctly
            for row in rows_of(config, qs):
                yield writer.writerow(["" if v is None else v for v in row])

        response: HttpResponse = StreamingHttpResponse(
            stream(), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            workbook_bytes(headers, rows_of(config, qs)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = disposition
    return response, count


def audited_export_response(
    config: type[ModelConfig], qs: models.QuerySet, fmt: str, request: Any
) -> HttpResponse:
    """The export of `qs` (a page's or the API's), written to the audit log with who, how many
    rows and which filters: exports of personal data are always accounted for."""
    from . import audit

    response, count = export_response(config, qs, fmt)
    audit.log_export(
        actor=request.user,
        model=config.model,
        count=count,
        fmt=fmt,
        filters={k: v for k, v in request.GET.items() if k != "format"},
        request=request,
        queryset=qs,
    )
    return response


def workbook_bytes(headers: list[str], rows: Iterator[list[Any]]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    header_cells = []
    for header in headers:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=safe_cell(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            value = safe_cell(value)
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str) and value.isdigit() and len(value) > 9:
                cell.number_format = "@"  # keep citizen IDs as text (leading zeros)
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_response(config: type[ModelConfig]) -> HttpResponse:
    """An empty sheet with the import columns, for users to fill in."""
    headers = [capfirst(c["label"]) for c in column_help(config)]  # names, never codes
    response = HttpResponse(
        workbook_bytes(headers, iter(())),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{config.name}-template.xlsx"'
    return response
