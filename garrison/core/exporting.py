"""Exports of a scoped, filtered queryset to Excel (.xlsx) or CSV, in the user's language.

Exports never hold a register in memory, and a page never waits for a workbook:
- CSV streams from the request, a chunk of rows at a time (`export_response`);
- a workbook for a page is built by a worker (`start_export` → task → `run_export`) into a file
  under GARRISON_DATA_DIR/exports, with progress; its author downloads it from the job's page,
  and the file is deleted a day later (`purge_exports`, run by `garrison purge_imports`);
- the rows are read with a server-side cursor (`iterator(chunk_size)`), the related rows the
  columns name selected with them (one query however many rows), and each column's value
  computed by a getter built once per export (`Column.getter`: the choice labels translated
  once, not once per row and column — that lookup was half the time of a large export).
Every export is written to the audit log with who, how many rows and which filters.
"""

from __future__ import annotations

import csv
import datetime
import io
import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst

from . import queueing
from .filtering import filter_rows, sorting
from .models import ExportJob
from .registry import Column, ModelConfig, config_key, get_config
from .replica import replica_reads
from .sheets import column_help

FORMATS = ("xlsx", "csv")
CHUNK = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: how long a built workbook is kept for its author to download (`purge_exports`)
KEEP_FILES = datetime.timedelta(days=1)

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


def headers_of(config: type[ModelConfig]) -> list[str]:
    return [col.header(config.model) for col in export_columns(config)]


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str:  # most cells: no conversion, only the formula guard
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if value is None:
        return ""
    if kind is bool:
        return 1 if value else 0
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, datetime.date | int | float):
        return value
    return safe_cell(str(value))


def _filename(config: type[ModelConfig], fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{config.name}-{stamp}.{fmt}"


def export_queryset(config: type[ModelConfig], request: HttpRequest) -> tuple[models.QuerySet, Any]:
    """(rows, filterset): the rows of the list page the request names — its scope, filters,
    search and sort — that the page's exports and the export worker write."""
    qs, filterset = filter_rows(config, request, config.queryset(request))
    ordering, _sort = sorting(config, request)
    return qs.order_by(*ordering), filterset


def rows_of(config: type[ModelConfig], qs: models.QuerySet) -> Iterator[list[Any]]:
    """The export's rows of `qs`, cell by cell as written (in the active language).

    When every column is a plain field path (most registers), the rows are read as tuples of
    those fields (`values_list`: no model instance per row, and only the columns written);
    otherwise as model instances with the related rows the columns name selected with them.
    Either way one query, read CHUNK rows at a time (a server-side cursor on PostgreSQL)."""
    columns = export_columns(config)
    model = config.model
    plain = _plain
    paths = [c.plain_path(model) if isinstance(c, Column) else None for c in columns]
    if paths and all(path is not None for path in paths):  # (no columns: empty rows)
        lookups = [path[0] for path in paths if path is not None]
        converts = [path[1] for path in paths if path is not None]
        for values in qs.values_list(*lookups).iterator(chunk_size=CHUNK):
            yield [plain(convert(raw)) for convert, raw in zip(converts, values, strict=True)]
        return
    # a duck-typed column (value/header) is asked per row, as before
    getters = [c.getter(model) if isinstance(c, Column) else c.value for c in columns]
    related = {p for c in columns if isinstance(c, Column) and (p := c.related_path(model))}
    if related:
        qs = qs.select_related(*sorted(related))
    for obj in qs.iterator(chunk_size=CHUNK):
        yield [plain(get(obj)) for get in getters]


def csv_chunks(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """The CSV text of `rows` under `headers`, a few thousand rows per piece (one piece per row
    made the server write a few hundred thousand tiny pieces)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # BOM: Excel opens UTF-8 correctly
    writer.writerow([safe_cell(h) for h in headers])
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_response(
    config: type[ModelConfig], qs: models.QuerySet, fmt: str
) -> tuple[HttpResponse, int]:
    """The file of `qs` answered from the request (CSV streamed; a workbook spooled to a
    temporary file, for the API — the pages have a worker build it, `start_export`)."""
    headers = headers_of(config)
    # the database is chosen now (the replica inside `replica_reads()`): a CSV's rows are read
    # while it streams, after the view and its routing context have returned
    qs = qs.using(qs.db)
    count = qs.count()
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            csv_chunks(headers, rows_of(config, qs)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{_filename(config, fmt)}"'
    else:
        import tempfile

        # closed by the response once sent (a context manager would close it before that)
        file = tempfile.TemporaryFile()  # noqa: SIM115
        write_workbook(file, headers, rows_of(config, qs))
        file.seek(0)
        response = FileResponse(
            file, as_attachment=True, filename=_filename(config, fmt), content_type=XLSX
        )
    return response, count


def audited_export_response(
    config: type[ModelConfig], qs: models.QuerySet, fmt: str, request: Any
) -> HttpResponse:
    """The export of `qs` (a page's or the API's), written to the audit log with who, how many
    rows and which filters: exports of personal data are always accounted for."""
    response, count = export_response(config, qs, fmt)
    _audit(config, qs, fmt, request, count)
    return response


def _audit(config: type[ModelConfig], qs: models.QuerySet, fmt: str, request: Any, count: int):
    from . import audit

    audit.log_export(
        actor=request.user,
        model=config.model,
        count=count,
        fmt=fmt,
        filters={k: v for k, v in request.GET.items() if k != "format"},
        request=request,
        queryset=qs,
    )


def write_workbook(
    target: Any,
    headers: list[str],
    rows: Iterable[list[Any]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write one sheet (`headers`, then `rows`) to `target`, a path or a binary file, in
    openpyxl's write-only mode (rows go to disk as they come). Dates show dd/mm/yyyy and long
    digit strings stay text (citizen IDs keep their leading zeros). `progress(n)` is called
    every CHUNK rows. Returns the number of rows written."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    date, text = datetime.date, str
    written = 0
    for row in rows:
        cells = []
        for value in row:
            if type(value) is text:
                if value.startswith(FORMULA_TRIGGERS):
                    value = "'" + value
                elif len(value) > 9 and value.isdigit():
                    value = WriteOnlyCell(sheet, value=value)
                    value.number_format = "@"  # keep citizen IDs as text (leading zeros)
            elif isinstance(value, date):
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "DD/MM/YYYY"
            else:
                value = safe_cell(value)
            cells.append(value)
        sheet.append(cells)
        written += 1
        if progress is not None and written % CHUNK == 0:
            progress(written)
    workbook.save(target)
    return written


def workbook_bytes(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """A small workbook in memory (a page's table; a register's export goes through a worker)."""
    buffer = io.BytesIO()
    write_workbook(buffer, headers, rows)
    return buffer.getvalue()


def template_response(config: type[ModelConfig]) -> HttpResponse:
    """An empty sheet with the import columns, for users to fill in."""
    headers = [capfirst(c["label"]) for c in column_help(config)]  # names, never codes
    response = HttpResponse(workbook_bytes(headers, iter(())), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{config.name}-template.xlsx"'
    return response


# --- workbooks built by a worker ----------------------------------------------------------------
def exports_dir() -> Path:
    return Path(settings.DATA_DIR) / "exports"


def stored_path(job: ExportJob) -> Path | None:
    """Where `job`'s finished file is, or None when there is none (not built, or deleted)."""
    if not job.stored_name:
        return None
    path = exports_dir() / job.stored_name
    return path if path.is_file() else None


def start_export(*, config: type[ModelConfig], request: HttpRequest, qs: models.QuerySet):
    """Queue the workbook of the list page `request` names (its rows are `qs`), audited now:
    the export is the actor's read of these rows, whether or not the file is fetched."""
    count = qs.count()
    query = request.GET.copy()
    query.pop("format", None)
    job = ExportJob.objects.create(
        config_name=config_key(config),
        actor=request.user,
        format="xlsx",
        query=query.urlencode(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        total_rows=count,
        file_name=_filename(config, "xlsx"),
    )
    _audit(config, qs, "xlsx", request, count)
    from .tasks import build_export

    queueing.enqueue_on_commit(build_export, job, kind=queueing.EXPORTS)
    return job


def _progress_key(job: ExportJob) -> str:
    # through the cache, as an import's progress: the worker holds a cursor open on the rows
    return f"export-progress:{job.pk}:{job.created_at.timestamp():.6f}"


def progress_of(job: ExportJob) -> dict[str, Any]:
    done = job.processed_rows
    if job.is_running:
        done = cache.get(_progress_key(job)) or 0
    total = job.total_rows
    percent = 100 if not job.is_running else (min(100, round(100 * done / total)) if total else 0)
    return {"processed": done, "total": total, "percent": percent}


def _request_for(job: ExportJob) -> HttpRequest:
    """The request the rows are read with: the author (in their scope as it is now) and the
    list page's query string."""
    request = HttpRequest()
    request.method = "GET"
    request.user = job.actor
    request.GET = QueryDict(job.query)
    return request


def run_export(job_id: int) -> ExportJob:
    """The worker's side: write the job's rows to a workbook file, reporting progress."""
    job = ExportJob.objects.select_related("actor").get(pk=job_id)
    started = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    if not started:
        return job
    job.status = ExportJob.Status.RUNNING
    directory = exports_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.xlsx"
    partial = directory / (name + ".part")
    try:
        config = get_config(job.config_name)
        # the rows from the replica when there is one; the job's own rows stay on the primary
        with translation.override(job.language or settings.LANGUAGE_CODE), replica_reads():
            qs, _filterset = export_queryset(config, _request_for(job))
            written = write_workbook(
                partial,
                headers_of(config),
                rows_of(config, qs),
                progress=lambda n: cache.set(_progress_key(job), n, timeout=3600),
            )
        partial.rename(directory / name)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        job.status, job.message = ExportJob.Status.FAILED, str(exc)[:500]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        raise
    job.status, job.stored_name = ExportJob.Status.DONE, name
    job.processed_rows = job.total_rows = written
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "stored_name", "processed_rows", "total_rows", "finished_at"])
    return job


def purge_exports(now: datetime.datetime | None = None) -> int:
    """Delete the workbooks (citizens' personal data) built more than KEEP_FILES ago, and any
    file no job names; the jobs stay (who exported what is in the audit log). Returns how many
    files were deleted."""
    cutoff = (now or timezone.now()) - KEEP_FILES
    purged = 0
    old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(stored_name="")
    for job in old:
        path = exports_dir() / job.stored_name
        if path.is_file():
            path.unlink()
            purged += 1
    old.update(stored_name="", status=ExportJob.Status.EXPIRED)
    kept = set(ExportJob.objects.exclude(stored_name="").values_list("stored_name", flat=True))
    directory = exports_dir()
    if directory.is_dir():
        for path in directory.iterdir():
            modified = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
            if path.name not in kept and modified < cutoff:
                path.unlink()
                purged += 1
    return purged
