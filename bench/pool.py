"""How fast a province's enlistment pool is built, the first time and again.

    python -m bench.pool [--scale small|national]

`national` is a large province's pool (150,000 registered young men); `small` 2,000. The
people and their registrations are generated into a throwaway database (DATABASE_URL if set, a
temporary SQLite file otherwise), with a campaign and a provincial staff user; then:
- first build: `services.build_pool` (what the worker runs) on an empty pool; baseline: the same
  registrations read with the raw driver, a bare loop over every column, and the same number of
  candidate rows inserted with the raw driver: COPY on PostgreSQL, a thousand rows per INSERT
  on SQLite (rolled back);
- second build: the same build again (nothing changed, nothing is written); baseline: the same
  read and loop, and the pool's candidates read back with the raw driver.
"""

from __future__ import annotations

import datetime
import time

from bench._common import figure, parse_args, prepare_environment, progress, setup_django
from bench.screening import build as generate

SCALES = {"small": 2_000, "national": 150_000}
HANDOVER = datetime.date(2027, 2, 24)


def setting_up():
    from garrison.accounts.models import User
    from garrison.accounts.rules import Role
    from garrison.conscription.models import Campaign
    from garrison.territory.models import Province

    province = Province.objects.get(code=99)
    campaign = Campaign.objects.create(
        province=province,
        year=2027,
        quota=1000,
        exam_start=datetime.date(2026, 11, 1),
        exam_end=datetime.date(2026, 12, 31),
        handover_date=HANDOVER,
    )
    user = User.objects.create_user(
        username="bench_province", password="x", role=Role.PROVINCE_STAFF, province=province
    )
    return campaign, user


def _sql(campaign) -> tuple[str, list]:
    from garrison.conscription import rules
    from garrison.conscription.models import ServiceRecord
    from garrison.conscription.screening import RECORD_FACT_FIELDS
    from garrison.people.models import Person
    from garrison.territory.models import Commune

    earliest, latest = rules.call_up_birth_window(HANDOVER, extended=True)
    columns = [
        "r.id",
        "r.person_id",
        "r.commune_id",
        "p.sex",
        "p.date_of_birth",
        "p.ethnicity",
        "c.is_remote",
        *[f"r.{f}" for f in RECORD_FACT_FIELDS],
    ]
    sql = (
        f"SELECT {', '.join(columns)} FROM {ServiceRecord._meta.db_table} r "
        f"JOIN {Person._meta.db_table} p ON p.id = r.person_id "
        f"JOIN {Commune._meta.db_table} c ON c.id = r.commune_id "
        "WHERE c.province_id = %s AND r.status IN ('registered', 'in_transfer') "
        "AND p.date_of_birth BETWEEN %s AND %s ORDER BY r.id"
    )
    return sql, [campaign.province_id, earliest, latest]


def read_and_loop(sql: str, params: list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    touched = 0
    for row in rows:
        for value in row:
            touched += value is not None
    return rows


class _Rollback(Exception):
    pass


def baseline_first(campaign, sql: str, params: list, added: int) -> float:
    """Read and loop, then insert `added` candidate rows, a thousand per INSERT (into another
    campaign of the province: the pool's own is built); rolled back."""
    from django.db import connection, transaction
    from django.utils import timezone

    from garrison.conscription.models import Campaign, Candidate

    other = Campaign.objects.create(
        province_id=campaign.province_id,
        year=campaign.year + 1,
        quota=campaign.quota,
        exam_start=campaign.exam_start,
        exam_end=campaign.exam_end,
        handover_date=campaign.handover_date,
    )

    table = Candidate._meta.db_table
    start = time.perf_counter()
    try:
        with transaction.atomic():
            rows = read_and_loop(sql, params)[:added]
            now = timezone.now()
            values = [
                (other.pk, r[0], r[1], r[2], campaign.province_id, "eligible", "[]", "", now, now)
                for r in rows
            ]
            columns = (
                "campaign_id, record_id, person_id, commune_id, province_id, outcome, grounds, "
                "ground, created_at, updated_at, screening, background, background_note, "
                "selected, enlistment, absence_reason, version"
            )
            one = "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', false, '', '', 1)"
            if connection.vendor == "postgresql":  # COPY, as the build does there
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for row in values:
                        copy.write_row([*row, "", "", "", False, "", "", 1])
            else:
                with connection.cursor() as cursor:
                    for first in range(0, len(values), 1000):  # a thousand rows per statement
                        batch = values[first : first + 1000]
                        cursor.execute(
                            f"INSERT INTO {table} ({columns}) VALUES "
                            + ", ".join([one] * len(batch)),
                            [v for row in batch for v in row],
                        )
            elapsed = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    other.delete()
    return elapsed


def baseline_second(campaign, sql: str, params: list) -> float:
    """Read and loop, and read back the pool's candidates (what a re-check must compare)."""
    from django.db import connection

    from garrison.conscription.models import Candidate

    start = time.perf_counter()
    read_and_loop(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, record_id, outcome, grounds, ground, outcome_until, background "
            f"FROM {Candidate._meta.db_table} WHERE campaign_id = %s",
            [campaign.pk],
        )
        cursor.fetchall()
    return time.perf_counter() - start


def timed_build(campaign, user) -> tuple[float, dict]:
    from garrison.conscription.services import build_pool

    start = time.perf_counter()
    counts = build_pool(actor=user, campaign=campaign)
    return time.perf_counter() - start, counts


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], SCALES)
    n = SCALES[args.scale]
    prepare_environment()
    where = setup_django()
    progress(f"database: {where}; generating {n:,} people and their registrations")
    generate(n)
    campaign, user = setting_up()
    sql, params = _sql(campaign)

    first, counts = timed_build(campaign, user)
    progress(f"first build: {counts}")
    total = counts["total"]
    base_first = baseline_first(campaign, sql, params, counts["added"])
    figure(f"pool first build, {total:,} registrations", first, "s", base_first)

    second, again = timed_build(campaign, user)
    progress(f"second build: {again}")
    base_second = baseline_second(campaign, sql, params)
    figure(f"pool second build, {total:,} registrations", second, "s", base_second)
    figure("pool second build rate", total / second, "rows/s", total / base_second, fmt="{:,.0f}")


if __name__ == "__main__":
    main()
