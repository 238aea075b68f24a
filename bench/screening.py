"""How fast the rules engine screens a whole province's pool.

    python -m bench.screening [--scale small|national]

`national` is one province's pool at full size (150,000 registered young men, as in a large
province); `small` is 5,000. The rows are generated into a throwaway database, then read back
with the raw driver; both figures include that same read:
- screening: every row screened by `screening.Screener` — the pool builder's path: the typed
  facts (LAW.md section 8) built without a JSON or validation round trip, and the engine
  (`conscription.rules`) asked once per distinct set of facts;
- screening, each row assessed: the same facts built for every row and every row assessed by
  the engine (the path of one person's page);
- baseline: a bare Python loop touching every column of the same rows.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from bench._common import best_of, figure, parse_args, progress, setup_django

SCALES = {"small": 5_000, "national": 150_000}
COMMUNES = 100


def build(n: int) -> None:
    from django.db import transaction

    from garrison.conscription.models import ServiceRecord
    from garrison.core.text import name_sort_key
    from garrison.demo.conscription import random_record
    from garrison.people.models import Person
    from garrison.people.rules import MALE, make_citizen_id
    from garrison.territory.models import Commune, Province

    rng = random.Random(2026)
    with transaction.atomic():
        province = Province.objects.create(
            code=99, name="Tỉnh Thử", codename="tinh_thu", division_type="tinh"
        )
        communes = Commune.objects.bulk_create(
            [
                Commune(
                    code=990_000 + i,
                    name=f"Xã Thử {i}",
                    codename=f"xa_thu_{i}",
                    division_type="xa",
                    province=province,
                    is_remote=i % 4 == 0,
                )
                for i in range(COMMUNES)
            ]
        )
        communes = list(Commune.objects.filter(province=province))
        for start in range(0, n, 10_000):
            people = []
            for serial in range(start, min(n, start + 10_000)):
                born = datetime.date(1999, 1, 1) + datetime.timedelta(days=rng.randint(0, 3800))
                commune = communes[serial % COMMUNES]
                name = f"Lò Văn Thử {serial}"
                people.append(
                    Person(
                        citizen_id=make_citizen_id(99, MALE, born, serial + 1),
                        full_name=name,
                        name_sort_key=name_sort_key(name),
                        date_of_birth=born,
                        sex=MALE,
                        ethnicity=rng.choice(["Thái", "Mông", "Kinh", "Khơ Mú", "Si La"]),
                        residence_commune=commune,
                        province=province,
                    )
                )
            Person.objects.bulk_create(people, batch_size=2000)
            saved = Person.objects.filter(
                citizen_id__in=[p.citizen_id for p in people]
            ).select_related("residence_commune")
            records = [r for p in saved if (r := random_record(rng, p)) is not None]
            for record in records:
                record.registered_on = max(record.registered_on, datetime.date(2016, 4, 1))
            ServiceRecord.objects.bulk_create(records, batch_size=2000)
            progress(f"generated {min(n, start + 10_000):,} / {n:,}")


def rows_sql() -> tuple[str, list[str]]:
    from garrison.conscription.models import ServiceRecord
    from garrison.conscription.screening import RECORD_FACT_FIELDS
    from garrison.people.models import Person

    record_table = ServiceRecord._meta.db_table
    person_table = Person._meta.db_table
    columns = ["p.sex", "p.date_of_birth", "p.ethnicity", *[f"r.{f}" for f in RECORD_FACT_FIELDS]]
    sql = (
        f"SELECT {', '.join(columns)} FROM {record_table} r "
        f"JOIN {person_table} p ON p.id = r.person_id ORDER BY r.id"
    )
    return sql, [c.split(".", 1)[1] for c in columns]


def fetch(sql: str) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def bare_loop(sql: str) -> int:
    touched = 0
    for row in fetch(sql):
        for value in row:
            touched += value is not None
    return touched


REF_DATE = datetime.date(2027, 2, 24)


def _typed(names: list[str]):
    """A function giving a raw row's facts typed as the ORM gives them (SQLite's driver returns
    dates as text)."""
    dated = [i for i, n in enumerate(names) if n.endswith(DATED)]

    def typed(row: tuple) -> tuple:
        if not dated or not isinstance(row[1], str):
            return row
        values = list(row)
        for i in dated:
            values[i] = _date(values[i])
        return tuple(values)

    return typed


DATED = ("date_of_birth", "_start", "_since", "_until", "course_end")


def screen(sql: str, names: list[str]) -> Counter:
    """The pool builder's path: one Screener over every row."""
    from garrison.conscription.screening import Screener

    screener = Screener(REF_DATE)
    typed = _typed(names)
    outcomes: Counter = Counter()
    for raw in fetch(sql):
        row = typed(raw)
        answer = screener.outcome(row[3:], sex=row[0], dob=row[1], ethnicity=row[2])
        outcomes[answer.outcome] += 1
    progress(f"engine asked {screener.assessed:,} times for {screener.screened:,} rows")
    return outcomes


def screen_each(sql: str, names: list[str]) -> Counter:
    """Every row's facts built and assessed by the engine."""
    from garrison.conscription.screening import assess, record_facts

    typed = _typed(names)
    outcomes: Counter = Counter()
    for raw in fetch(sql):
        row = typed(raw)
        data = dict(zip(names, row, strict=True))
        facts = record_facts(data, sex=row[0], dob=row[1], ethnicity=row[2], ref_date=REF_DATE)
        outcomes[assess(facts).outcome] += 1
    return outcomes


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], SCALES)
    n = SCALES[args.scale]
    where = setup_django()
    progress(f"database: {where}; generating {n:,} people and their registrations")
    build(n)
    sql, names = rows_sql()
    baseline, _touched = best_of(3, lambda: bare_loop(sql))
    repeat = 1 if n > 50_000 else 3
    elapsed, outcomes = best_of(repeat, lambda: screen(sql, names))
    each, each_outcomes = best_of(repeat, lambda: screen_each(sql, names))
    assert each_outcomes == outcomes, "the memo must answer as the engine"
    rows = sum(outcomes.values())
    progress("outcomes: " + ", ".join(f"{k} {v:,}" for k, v in outcomes.most_common()))
    figure(f"screening {rows:,} registrations", elapsed, "s", baseline)
    figure("screening rate", rows / elapsed, "rows/s", rows / baseline, fmt="{:,.0f}")
    figure(f"screening {rows:,} registrations, each row assessed", each, "s", baseline)


if __name__ == "__main__":
    main()
