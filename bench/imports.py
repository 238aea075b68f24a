"""How fast an import checks and applies a sheet of people, and how much memory it holds.

    python -m bench.imports [--scale small|national] [--keep-db]

`national` is a sheet of 50,000 new people (the most one import takes by default,
GARRISON_IMPORT_MAX_ROWS); `small` is 2,000. The sheet is a CSV file as a commune or province
staff officer would upload it (citizen ID, name, date of birth, sex, ethnicity, residence
commune code, phone), every row a new person spread over the 30 communes of one province; the
actor is that province's staff. Django runs with DEBUG off, as in production. Figures:
- import check: rows per second of `core.importing.run_check` (the worker's first phase: read
  the file, validate every row with the register's form, look the keys up, record the preview);
- import apply: rows per second of `core.importing.run_apply` (check again, then save every row
  through the register's create/after_save hooks, audited, in one transaction);
- baseline for both: the same rows parsed from the same file and inserted with the raw driver
  (executemany on SQLite, COPY on PostgreSQL) in one transaction, then rolled back — the
  fastest a person could load the rows with no validation, no audit and no hooks;
- import check peak memory: the most memory Python held during a check (tracemalloc), against
  the same for the baseline, which holds the parsed rows in a list (as the import once did).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import time
from typing import Any

from bench._common import (
    describe_database,
    drop_data_dir,
    figure,
    parse_args,
    peak_memory,
    prepare_environment,
    progress,
    setup_django,
)

SCALES = {"small": 2_000, "national": 50_000}
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


class Rollback(Exception):
    pass


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


def sheet(n: int, communes: list[Any]) -> bytes:
    """A CSV file of `n` new people whose citizen IDs agree with their birth and sex."""
    from garrison.people.rules import FEMALE, MALE, make_citizen_id

    rng = random.Random(2026)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for serial in range(n):
        sex = rng.choice([MALE, FEMALE])
        born = datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randint(0, 15_000))
        middle = "Thị" if sex == FEMALE else rng.choice([m for m in MIDDLE if m != "Thị"])
        writer.writerow(
            [
                make_citizen_id(BIRTH_CODE, sex, born, serial + 1),
                f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)} {spelt(serial)}",
                f"{born:%d/%m/%Y}",
                "Nam" if sex == MALE else "Nữ",
                rng.choice(ETHNICITIES),
                communes[serial % len(communes)].code,
                f"09{rng.randint(0, 99_999_999):08d}",
            ]
        )
    return out.getvalue().encode("utf-8")


# --- the baseline: the raw driver ---------------------------------------------------------------
def raw_insert(content: bytes) -> int:
    """Parse the file and insert its rows with the raw driver in one transaction, then roll
    back (the import then creates the same rows). Returns the number of rows inserted."""
    from django.db import connection, transaction
    from django.utils import timezone

    from garrison.core.text import name_sort_key
    from garrison.people.models import Person
    from garrison.territory.models import Commune

    communes = {
        str(code): (pk, province)
        for pk, code, province in Commune.objects.values_list("pk", "code", "province_id")
    }
    sexes = {"Nam": "male", "Nữ": "female"}
    now = timezone.now()
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    next(reader)
    rows = []
    for citizen_id, name, born, sex, ethnicity, commune, phone in reader:
        day, month, year = born.split("/")
        commune_id, province_id = communes[commune]
        rows.append(
            (
                citizen_id, name, name_sort_key(name), f"{year}-{month}-{day}", sexes[sex],
                ethnicity, commune_id, province_id, phone, "", "", "", "", 1, now, now,
            )
        )  # fmt: skip
    columns = [
        "citizen_id", "full_name", "name_sort_key", "date_of_birth", "sex", "ethnicity",
        "residence_commune_id", "province_id", "phone", "religion", "education_level",
        "place_of_origin", "address", "version", "created_at", "updated_at",
    ]  # fmt: skip
    table = Person._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            raise Rollback
    except Rollback:
        pass
    return len(rows)


# --- the application's path ---------------------------------------------------------------------
def new_job(actor: Any, content: bytes) -> Any:
    from garrison.core.models import ImportJob

    return ImportJob.objects.create(
        config_name="people.person", actor=actor, file_name="people.csv", content=content
    )


def timed(func: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], SCALES)
    n = SCALES[args.scale]
    prepare_environment()
    where = setup_django()
    from garrison.core import importing
    from garrison.core.models import ImportJob
    from garrison.people.models import Person

    database = describe_database(where)
    actor, communes = build()
    content = sheet(n, communes)
    print(f"database: {database}")
    print(f"sheet: {n:,} new people, {len(content) / 1e6:.1f} MB of CSV")

    baseline, inserted = timed(raw_insert, content)
    assert inserted == n and not Person.objects.exists()
    baseline_rate = n / baseline

    job = new_job(actor, content)
    progress(f"checking {n:,} rows")
    elapsed, job = timed(importing.run_check, job.pk)
    assert job.status == ImportJob.Status.READY, job.errors[:3]
    assert job.created_count == n, (job.created_count, n)
    figure("import check", n / elapsed, "rows/s", baseline_rate, fmt="{:,.0f}")

    memory_job = new_job(actor, content)
    check_memory = peak_memory(importing.run_check, memory_job.pk)
    baseline_memory = peak_memory(raw_insert, content)

    progress(f"applying {n:,} rows")
    elapsed, job = timed(importing.run_apply, job.pk)
    assert job.status == ImportJob.Status.DONE, job.errors[:3]
    assert Person.objects.count() == n
    figure("import apply", n / elapsed, "rows/s", baseline_rate, fmt="{:,.0f}")
    figure("import check peak memory", check_memory, "MB", baseline_memory, fmt="{:,.1f}")

    drop_data_dir(keep=args.keep_db)


if __name__ == "__main__":
    main()
