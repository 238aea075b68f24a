"""How fast an import checks and applies a sheet of people, and how much memory it holds.

    python -m bench.imports [--scale small|national] [--rows N] [--keep-db]

`national` is a sheet of 1,000,000 new people (the most one import takes by default,
GARRISON_IMPORT_MAX_ROWS), `small` 3,000; `--rows` sets another number. The sheet is what a
commune or province staff officer uploads (citizen ID, name, date of birth, sex, ethnicity,
residence commune code, phone), every row a new person spread over the 30 communes of one
province; the actor is that province's staff. It is imported twice, as a CSV file and as an
Excel workbook (.xlsx, written by openpyxl's write-only mode), each through the project's own
path as the worker runs it: `core.importing.run_check` (read the file, validate every row with
the register's form, look the keys up, record the preview), then `run_apply` (check again, write
each batch with bulk inserts — COPY on PostgreSQL — and its audit entries, in one transaction).
Django runs with DEBUG off, as in production; progress is shown as the worker reports it.
Figures (rows per second):
- import check / import apply / import (check + apply), for the CSV file and the workbook;
- baseline: the same rows parsed from the same file and inserted with the raw driver (COPY on
  PostgreSQL, executemany on SQLite) in one transaction, committed as an import commits (its
  foreign keys checked at the commit) — the fastest a person could load the rows with no
  validation, no audit and no hooks; the rows are then deleted (not timed);
- import peak memory: the most memory the process held (max RSS) while it checked and applied
  the file, each import in a process of its own, against the same for the baseline.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import pickle
import random
import resource
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench._common import (
    describe_database,
    drop_data_dir,
    figure,
    prepare_environment,
    progress,
    setup_django,
)

SCALES = {"small": 3_000, "national": 1_000_000}
COMMUNES = 30
PROVINCE_CODE = 97  # a made-up province beside the real ones
# the CCCD's first three digits are a real birth-registration code (011: Điện Biên)
BIRTH_CODE = 11
HEADER = ["citizen_id", "full_name", "date_of_birth", "sex", "ethnicity", "residence_commune"]
HEADER += ["phone"]
FAMILY = ["Lò", "Quàng", "Cà", "Lường", "Vàng", "Giàng", "Sùng", "Nguyễn", "Trần", "Hoàng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "A"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Mai", "Pằng", "Sếnh", "Xuây", "Chứ"]
ETHNICITIES = ["Kinh", "Thái", "Mông", "Tày", "Mường", "Khơ Mú", "Dao"]


def spelt(number: int) -> str:
    """`number` in letters (0 → A … 9 → J): a name has no digits, and the names stay distinct."""
    return "".join("ABCDEFGHIJ"[int(d)] for d in str(number))


def parse_args() -> Any:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--rows", type=int, help="how many people (default: the scale's)")
    parser.add_argument("--keep-db", action="store_true", help="keep the throwaway SQLite file")
    return parser.parse_args()


def build() -> tuple[Any, list[Any]]:
    """The province, its communes and its staff officer (the actor)."""
    from django.db import transaction

    from garrison.accounts.models import User
    from garrison.accounts.rules import Role
    from garrison.territory.models import Commune, Province

    with transaction.atomic():
        province = Province.objects.create(
            code=PROVINCE_CODE, name="Tỉnh Thử", codename="tinh_thu", division_type="tinh"
        )
        Commune.objects.bulk_create(
            Commune(
                code=PROVINCE_CODE * 10_000 + i,
                name=f"Xã Thử {i + 1}",
                codename=f"xa_thu_{i + 1}",
                division_type="xa",
                province=province,
            )
            for i in range(COMMUNES)
        )
        actor = User.objects.create(
            username="bench-province", role=Role.PROVINCE_STAFF, province=province
        )
    return actor, list(Commune.objects.filter(province=province).order_by("code"))


def people(n: int, communes: list[Any]) -> Iterator[list[Any]]:
    """`n` new people (as the cells of a sheet) whose citizen IDs agree with birth and sex."""
    from garrison.people.rules import FEMALE, MALE, make_citizen_id

    rng = random.Random(2026)
    for serial in range(n):
        sex = rng.choice([MALE, FEMALE])
        born = datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randint(0, 15_000))
        middle = "Thị" if sex == FEMALE else rng.choice([m for m in MIDDLE if m != "Thị"])
        yield [
            make_citizen_id(BIRTH_CODE, sex, born, serial + 1),
            f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)} {spelt(serial)}",
            f"{born:%d/%m/%Y}",
            "Nam" if sex == MALE else "Nữ",
            rng.choice(ETHNICITIES),
            communes[serial % len(communes)].code,
            f"09{rng.randint(0, 99_999_999):08d}",
        ]


def sheet(n: int, communes: list[Any]) -> bytes:
    """The people as a CSV file."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(people(n, communes))
    return out.getvalue().encode("utf-8")


def workbook(n: int, communes: list[Any]) -> bytes:
    """The same people as an Excel workbook (openpyxl's write-only mode, as an export writes)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    rows = book.create_sheet("people")
    rows.append(HEADER)
    for row in people(n, communes):
        rows.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the baseline: the raw driver ---------------------------------------------------------------
def raw_insert(file_name: str, content: bytes) -> tuple[int, float]:
    """Read the file's rows (csv, or openpyxl's read-only mode) and insert them with the raw
    driver in one transaction, committed; then delete them (the import then creates the same
    rows). Returns the number of rows inserted and the seconds it took (the deletion not
    counted)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from garrison.core.text import fold, name_sort_key
    from garrison.people.models import Person
    from garrison.territory.models import Commune

    communes = {
        str(code): (pk, province)
        for pk, code, province in Commune.objects.values_list("pk", "code", "province_id")
    }
    sexes = {"Nam": "male", "Nữ": "female"}
    now = timezone.now()
    if file_name.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        records: Any = book.worksheets[0].iter_rows(values_only=True)
    else:
        records = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    next(records)

    def rows() -> Iterator[tuple[Any, ...]]:
        for citizen_id, name, born, sex, ethnicity, commune, phone in records:
            day, month, year = born.split("/")
            commune_id, province_id = communes[str(commune)]
            yield (
                str(citizen_id), name, name_sort_key(name), fold(name), f"{year}-{month}-{day}",
                sexes[sex], ethnicity, commune_id, province_id, str(phone), "", "", "", "", 1,
                now, now,
            )  # fmt: skip

    columns = [
        "citizen_id", "full_name", "name_sort_key", "search_name", "date_of_birth", "sex",
        "ethnicity",
        "residence_commune_id", "province_id", "phone", "religion", "education_level",
        "place_of_origin", "address", "version", "created_at", "updated_at",
    ]  # fmt: skip
    table = Person._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
                    count += 1
        else:
            marks = ", ".join(["%s"] * len(columns))
            batch: list[tuple[Any, ...]] = []
            for row in rows():
                batch.append(row)
                if len(batch) == 10_000:
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
                    count += len(batch)
                    batch = []
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
            count += len(batch)
    seconds = time.perf_counter() - start  # committed: its foreign keys were checked
    clear(table)
    return count, seconds


def clear(*tables: str) -> None:
    """Delete every row of `tables` and (PostgreSQL) vacuum them, so the next run writes into
    tables as empty as the first one found them."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")


# --- the application's path ---------------------------------------------------------------------
def new_job(actor: Any, file_name: str, content: bytes) -> Any:
    from garrison.core.models import ImportJob

    return ImportJob.objects.create(
        config_name="people.person", actor=actor, file_name=file_name, content=content
    )


def show_progress(what: str) -> None:
    """The worker's progress reports (`importing.set_progress`) also drawn on stderr."""
    from garrison.core import importing

    real = getattr(importing.set_progress, "real", importing.set_progress)
    last = [0.0]

    def set_progress(job: Any, processed: int) -> None:
        real(job, processed)
        now = time.monotonic()
        total = job.total_rows or 0
        if now - last[0] >= 2 or processed >= total:
            last[0] = now
            share = processed / total if total else 0
            bar = "#" * int(30 * share)
            print(
                f"\r# {what} [{bar:<30}] {processed:,}/{total:,}",
                end="\n" if processed >= total else "",
                file=sys.stderr,
                flush=True,
            )

    set_progress.real = real  # type: ignore[attr-defined]
    importing.set_progress = set_progress


def in_child(func: Callable[..., Any], *args: Any) -> tuple[float, float, Any]:
    """Run `func(*args)` in a forked process of its own: (seconds, the peak memory in MB it
    needed — the process's max RSS above what it started with, the parent's memory it shares —
    and what it returned)."""
    from django.db import connections

    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        try:
            outcome: Any = ("ok", func(*args))
        except BaseException as exc:  # reported to the parent, which raises it
            outcome = ("error", repr(exc))
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with os.fdopen(write, "wb") as out:
            pickle.dump((elapsed, peak, start_rss, outcome), out)
        connections.close_all()
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as inp:
        elapsed, peak, start_rss, outcome = pickle.load(inp)
    os.waitpid(pid, 0)
    if outcome[0] != "ok":
        raise RuntimeError(outcome[1])
    return elapsed, (peak - start_rss) / 1024, outcome[1]


def import_file(actor: Any, file_name: str, content: bytes, n: int) -> dict[str, Any]:
    """Check then apply the file as the worker does; the people it created are deleted after
    (as the baseline deletes its own), so the next run creates them again."""
    from auditlog.models import LogEntry

    from garrison.core import importing
    from garrison.core.models import ImportJob
    from garrison.people.models import Person

    kind = file_name.rsplit(".", 1)[1]
    job = new_job(actor, file_name, content)
    show_progress(f"{kind} check")
    start = time.perf_counter()
    job = importing.run_check(job.pk)
    check = time.perf_counter() - start
    assert job.status == ImportJob.Status.READY, job.errors[:3]
    assert job.created_count == n, (job.created_count, n)
    show_progress(f"{kind} apply")
    start = time.perf_counter()
    job = importing.run_apply(job.pk)
    apply = time.perf_counter() - start
    assert job.status == ImportJob.Status.DONE, (job.message, job.errors[:3])
    assert Person.objects.count() == n
    clear(LogEntry._meta.db_table, Person._meta.db_table)  # for the next run (not timed)
    return {"check": check, "apply": apply}


def main() -> None:
    args = parse_args()
    n = args.rows or SCALES[args.scale]
    prepare_environment()
    os.environ.setdefault("GARRISON_IMPORT_MAX_ROWS", str(max(n, 1_000_000)))
    where = setup_django()
    from garrison.people.models import Person

    database = describe_database(where)
    actor, communes = build()
    progress(f"writing the sheets of {n:,} people")
    files = {"people.csv": sheet(n, communes), "people.xlsx": workbook(n, communes)}
    print(f"database: {database}")
    print(
        f"sheets: {n:,} new people, {len(files['people.csv']) / 1e6:.1f} MB of CSV, "
        f"{len(files['people.xlsx']) / 1e6:.1f} MB of .xlsx; machine: {os.cpu_count()} cores"
    )
    sys.stdout.flush()
    for file_name, content in files.items():
        kind = file_name.rsplit(".", 1)[1]
        progress(f"baseline: {kind} rows by the raw driver")
        _seconds, baseline_rss, (inserted, baseline) = in_child(raw_insert, file_name, content)
        assert inserted == n and not Person.objects.exists()
        rate = n / baseline
        _seconds, rss, phases = in_child(import_file, actor, file_name, content, n)
        figure(f"import check ({kind})", n / phases["check"], "rows/s", rate, fmt="{:,.0f}")
        figure(f"import apply ({kind})", n / phases["apply"], "rows/s", rate, fmt="{:,.0f}")
        total = phases["check"] + phases["apply"]
        figure(f"import check + apply ({kind})", n / total, "rows/s", rate, fmt="{:,.0f}")
        figure(f"import peak memory ({kind})", rss, "MB", baseline_rss, fmt="{:,.0f}")

    drop_data_dir(keep=args.keep_db)


if __name__ == "__main__":
    main()
