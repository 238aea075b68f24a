"""How fast the register of people exports to CSV and .xlsx, and how much memory it holds.

    python -m bench.exports [--scale small|medium|national] [--legacy] [--keep-db]

`national` is a province's register of 200,000 people in 30 communes (`medium` 20,000, `small`
3,000), written straight into the database (COPY on PostgreSQL); the actor is that province's
staff officer and the export is the people list page's, unfiltered, in Vietnamese. Django runs
with DEBUG off, as in production. Figures:
- csv export: the seconds to read the whole stream the export view answers
  (`core.exporting.export_queryset` + `export_response`, the view's own calls);
- xlsx export: the seconds the worker takes to write the workbook file
  (`core.exporting.run_export`, the task the export page queues);
- baseline for both: the same rows and columns read with the raw driver (a server-side cursor
  on PostgreSQL) and written with csv.writer, or with openpyxl's write-only workbook: no
  scoping, no labels for the codes, no formula guard — the fastest the file could be written;
- each time again per 10,000 rows, and the peak memory (tracemalloc: what Python held) of
  each export against its baseline's.
`--legacy` adds the time per 10,000 rows of the code before issue 16 (each row's values through
`Column.value` and `get_FOO_display`, a CSV piece per row, the workbook built in memory in the
request), copied below as `legacy_*`, against the current path as its baseline.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import (
    describe_database,
    drop_data_dir,
    figure,
    peak_memory,
    prepare_environment,
    progress,
    setup_django,
)

SCALES = {"small": 3_000, "medium": 20_000, "national": 200_000}
PER = 10_000
EDUCATION = ["", "primary", "lower_secondary", "upper_secondary", "vocational", "university"]
RELIGIONS = ["", "", "", "Phật giáo", "Công giáo", "Tin Lành"]


def parse() -> Any:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--legacy", action="store_true", help="time the pre-issue-16 code too")
    parser.add_argument("--keep-db", action="store_true", help="keep the throwaway SQLite file")
    return parser.parse_args()


# --- the register -------------------------------------------------------------------------------
def build_people(n: int, communes: list[Any]) -> None:
    """`n` people spread over `communes`, inserted with the raw driver and committed."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.imports import BIRTH_CODE, ETHNICITIES, FAMILY, GIVEN, MIDDLE, spelt
    from garrison.core.text import fold, name_sort_key
    from garrison.people.models import Person
    from garrison.people.rules import FEMALE, MALE, make_citizen_id

    rng = random.Random(2026)
    now = timezone.now()

    def rows():
        for serial in range(n):
            sex = rng.choice([MALE, FEMALE])
            born = datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randint(0, 15_000))
            middle = "Thị" if sex == FEMALE else rng.choice([m for m in MIDDLE if m != "Thị"])
            name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)} {spelt(serial)}"
            commune = communes[serial % len(communes)]
            yield (
                make_citizen_id(BIRTH_CODE, sex, born, serial + 1), name,
                name_sort_key(name), fold(name), born, sex, rng.choice(ETHNICITIES), commune.pk,
                commune.province_id, f"09{rng.randint(0, 99_999_999):08d}",
                rng.choice(RELIGIONS), rng.choice(EDUCATION), f"Xã {rng.choice(GIVEN)}",
                f"Thôn {serial % 97}", 1, now, now,
            )  # fmt: skip

    columns = [
        "citizen_id", "full_name", "name_sort_key", "search_name", "date_of_birth", "sex",
        "ethnicity",
        "residence_commune_id", "province_id", "phone", "religion", "education_level",
        "place_of_origin", "address", "version", "created_at", "updated_at",
    ]  # fmt: skip
    table = Person._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")


def export_request(actor: Any, query: str = "") -> Any:
    """The request the people list's export link sends (in Vietnamese)."""
    from django.http import HttpRequest, QueryDict

    request = HttpRequest()
    request.method = "GET"
    request.user = actor
    request.GET = QueryDict(query)
    request.META["REMOTE_ADDR"] = "127.0.0.1"
    return request


# --- the application's paths --------------------------------------------------------------------
def app_csv(actor: Any) -> int:
    """The bytes of the CSV stream the export view answers."""
    from garrison.core import exporting
    from garrison.people.views import PersonConfig

    request = export_request(actor, "format=csv")
    qs, _filterset = exporting.export_queryset(PersonConfig, request)
    response = exporting.audited_export_response(PersonConfig, qs, "csv", request)
    return sum(len(piece) for piece in response.streaming_content)


def app_xlsx(actor: Any) -> int:
    """The rows of the workbook the export page's worker writes."""
    from garrison.core import exporting
    from garrison.core.models import ExportJob
    from garrison.people.views import PersonConfig

    request = export_request(actor, "format=xlsx")
    qs, _filterset = exporting.export_queryset(PersonConfig, request)
    job = exporting.start_export(config=PersonConfig, request=request, qs=qs)
    job = exporting.run_export(job.pk)  # the task, as the worker runs it
    assert job.status == ExportJob.Status.DONE, job.message
    path = exporting.stored_path(job)
    path.unlink()
    return job.processed_rows


# --- the baseline: the raw driver ---------------------------------------------------------------
RAW_SQL = """
SELECT p.citizen_id, p.full_name, p.date_of_birth, p.sex, p.ethnicity, p.religion,
       p.education_level, p.place_of_origin, c.code, c.name, p.address, p.phone
FROM people_person p JOIN territory_commune c ON c.id = p.residence_commune_id
WHERE p.province_id = %s ORDER BY p.name_sort_key, p.id
"""


def raw_rows(province_id: int):
    from django.db import connection

    cursor = connection.chunked_cursor()  # a server-side cursor on PostgreSQL
    try:
        cursor.execute(RAW_SQL, [province_id])
        while chunk := cursor.fetchmany(2000):
            yield from chunk
    finally:
        cursor.close()


class Sink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> None:
        self.size += len(text)


def raw_csv(province_id: int) -> int:
    sink = Sink()
    writer = csv.writer(sink)
    for row in raw_rows(province_id):
        writer.writerow(row)
    return sink.size


def raw_xlsx(province_id: int) -> int:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    n = 0
    for row in raw_rows(province_id):
        sheet.append(row)
        n += 1
    with tempfile.TemporaryDirectory() as folder:
        workbook.save(Path(folder) / "raw.xlsx")
    return n


# --- the code before issue 16 (for --legacy) ----------------------------------------------------
def legacy_rows(config: Any, qs: Any):
    from garrison.core.exporting import export_columns, safe_cell

    def plain(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, bool):
            return 1 if value else 0
        if isinstance(value, datetime.date | int | float):
            return value
        return safe_cell(str(value))

    columns = export_columns(config)
    for obj in qs.iterator(chunk_size=2000):
        yield [plain(col.value(obj)) for col in columns]


def legacy_csv(actor: Any) -> int:
    from garrison.core import exporting
    from garrison.people.views import PersonConfig

    qs, _filterset = exporting.export_queryset(PersonConfig, export_request(actor))
    headers = exporting.headers_of(PersonConfig)

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    size = len(writer.writerow(headers))
    for row in legacy_rows(PersonConfig, qs):
        size += len(writer.writerow(["" if v is None else v for v in row]).encode())
    return size


def legacy_xlsx(actor: Any) -> int:
    import openpyxl
    from openpyxl.styles import Font

    from garrison.core import exporting
    from garrison.people.views import PersonConfig

    qs, _filterset = exporting.export_queryset(PersonConfig, export_request(actor))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    header_cells = []
    for header in exporting.headers_of(PersonConfig):
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in legacy_rows(PersonConfig, qs):
        cells = []
        for value in row:
            value = exporting.safe_cell(value)
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str) and value.isdigit() and len(value) > 9:
                cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return len(buffer.getvalue())


# --- measuring ----------------------------------------------------------------------------------
def timed(func: Any, *args: Any) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def main() -> None:
    args = parse()
    n = SCALES[args.scale]
    prepare_environment()
    where = setup_django()
    from django.utils import translation

    from bench.imports import build
    from garrison.people.models import Person

    database = describe_database(where)
    actor, communes = build()
    progress(f"database: {database}; writing {n:,} people")
    start = time.perf_counter()
    build_people(n, communes)
    print(f"database: {database}")
    print(f"register: {n:,} people in {len(communes)} communes of one province ", end="")
    print(f"(written in {time.perf_counter() - start:,.0f} s)")
    assert Person.objects.count() == n
    province_id = communes[0].province_id
    per = PER / n

    with translation.override("vi"):
        progress("csv")
        raw_csv_time = timed(raw_csv, province_id)
        csv_time = timed(app_csv, actor)
        figure("csv export", csv_time, "s", raw_csv_time, fmt="{:,.2f}")
        figure("csv export per 10,000 rows", csv_time * per, "s", raw_csv_time * per)
        progress("xlsx")
        raw_xlsx_time = timed(raw_xlsx, province_id)
        xlsx_time = timed(app_xlsx, actor)
        figure("xlsx export", xlsx_time, "s", raw_xlsx_time, fmt="{:,.2f}")
        figure("xlsx export per 10,000 rows", xlsx_time * per, "s", raw_xlsx_time * per)
        progress("memory")
        figure(
            "csv export peak memory",
            peak_memory(app_csv, actor),
            "MB",
            peak_memory(raw_csv, province_id),
            fmt="{:,.1f}",
        )
        figure(
            "xlsx export peak memory",
            peak_memory(app_xlsx, actor),
            "MB",
            peak_memory(raw_xlsx, province_id),
            fmt="{:,.1f}",
        )
        if args.legacy:
            progress("the code before issue 16")
            before = timed(legacy_csv, actor)
            figure("legacy csv export per 10,000 rows", before * per, "s", csv_time * per)
            before = timed(legacy_xlsx, actor)
            figure("legacy xlsx export per 10,000 rows", before * per, "s", xlsx_time * per)
    drop_data_dir(keep=args.keep_db)


if __name__ == "__main__":
    main()
