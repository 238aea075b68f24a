"""A synthetic nation for the benches at national scale (issue 20 §4).

    python -m bench.dataset --scale national|small [--database URL] [--rebuild]

`national`: the 34 provinces and 3,321 communes of vietnam-provinces with their commune
Military Commands; 10,000,000 people (Vietnamese names with their diacritics, 12-digit citizen
IDs whose century/sex digit and birth year agree with the person, `province_id` and
`residence_commune_id` set), of whom 1,500,000 militia members in 10 units a commune and
2,500,000 reservists (bench.forces' generator); a year of enlistment: a campaign per province
with commune quotas, the service records (registrations) of the young men and the pool of
those of call-up age with outcomes, selection and enlistment; a year of directives (one a
month per province to all its communes, each receipt acknowledged and completed or not) and of
report returns (bench.reporting's three forms, 12 months and 4 quarters). `small`: 2 invented
provinces of 5 communes, 20,000 people, on SQLite, in seconds.

Rows are written with the raw driver: PostgreSQL's COPY (psycopg's `cursor.copy`) in batches of
50,000, executemany on SQLite, after `migrate`, into the schema the migrations create (the
trigram index on names is dropped during the load and built once after it), then the database
is analysed. The build is recorded in a table of its own (`bench_dataset`): `ensure_dataset`
builds once and afterwards answers at once, so that other benches can share one nation
(`bench.people`, `bench.home`).

Without `--database`, DATABASE_URL (if set) or a new SQLite file is used.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field

from bench._common import progress

MARKER = "bench_dataset"
#: "today" of the dataset: the benches reading it set their clock to this day
TODAY = datetime.date(2026, 11, 24)
YEAR = TODAY.year
CAMPAIGN_YEAR = YEAR + 1  # the exams of year Y+1 run in Nov–Dec of Y


@dataclass(frozen=True)
class Scale:
    provinces: int | None  # None: the real 34 provinces and 3,321 communes
    communes_per_province: int
    people: int
    members: int
    reservists: int


SCALES = {
    "small": Scale(provinces=2, communes_per_province=5, people=20_000, members=3_000,
                   reservists=5_000),
    "national": Scale(provinces=None, communes_per_province=0, people=10_000_000,
                      members=1_500_000, reservists=2_500_000),
}  # fmt: skip


@dataclass
class Dataset:
    """What a bench needs to know of the nation built: its size and whom to act as."""

    scale: str
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    province_id: int = 0  # the largest province
    commune_id: int = 0  # its commune with the most people
    users: dict[str, int] = field(default_factory=dict)  # "ministry", "province", "commune"


# --- the marker -----------------------------------------------------------------------------------


def _marker_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (scale varchar(16) PRIMARY KEY, "
            "built_at varchar(40) NOT NULL, facts text NOT NULL)"
        )


def recorded(scale: str) -> Dataset | None:
    from django.db import connection

    _marker_table()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT facts FROM {MARKER} WHERE scale = %s", [scale])
        row = cursor.fetchone()
    if row is None:
        return None
    facts = json.loads(row[0])
    return Dataset(**facts)


def record(dataset: Dataset) -> None:
    from django.db import connection
    from django.utils import timezone

    _marker_table()
    facts = json.dumps(dataset.__dict__)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MARKER} WHERE scale = %s", [dataset.scale])
        cursor.execute(
            f"INSERT INTO {MARKER} (scale, built_at, facts) VALUES (%s, %s, %s)",
            [dataset.scale, timezone.now().isoformat(), facts],
        )


def ensure_dataset(scale: str) -> Dataset:
    """The nation of `scale` in the configured database (Django set up, migrated): built the
    first time, read from the marker afterwards. A database holding another scale's rows is
    refused (one nation a database)."""
    done = recorded(scale)
    if done is not None:
        progress(f"the {scale} dataset is there (built in {done.seconds:,.0f} s)")
        return done
    from garrison.people.models import Person

    if Person.objects.exists():
        raise SystemExit(
            f"this database holds people but no {scale} dataset: build into an empty one"
        )
    dataset = build(scale, SCALES[scale])
    record(dataset)
    return dataset


# --- building -------------------------------------------------------------------------------------


def _bar(total: int, unit: str):
    from tqdm import tqdm

    return tqdm(total=total, unit=f" {unit}", unit_scale=True, file=sys.stderr, mininterval=2)


def _trigram_index(create: bool) -> None:
    """Drop the names' trigram index before the load, build it once after (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from garrison.people.search import CREATE_TRIGRAM_INDEX, DROP_TRIGRAM_INDEX

    with connection.cursor() as cursor:
        if create:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            cursor.execute(CREATE_TRIGRAM_INDEX)
        else:
            cursor.execute(DROP_TRIGRAM_INDEX)


def build(name: str, scale: Scale) -> Dataset:
    from django.db import connection, transaction

    from bench.forces import Names, shares, territory
    from garrison.commands.setup import ensure_commands

    started = time.perf_counter()
    rng = random.Random(2026)
    dataset = Dataset(scale=name)
    places = territory(scale)  # type: ignore[arg-type]
    ensure_commands()
    communes = [(p, c) for p, cs in places for c in cs]
    n = len(communes)
    progress(f"{len(places)} provinces, {n:,} communes: writing {scale.people:,} people")
    people = shares(scale.people, [rng.uniform(0.5, 1.5) for _ in range(n)])
    members = shares(scale.members, [rng.uniform(0.75, 1.25) for _ in range(n)])
    reservists = shares(scale.reservists, [rng.uniform(0.75, 1.25) for _ in range(n)])
    big_province, _communes = max(places, key=lambda pc: len(pc[1]))
    dataset.province_id = big_province.pk
    _trigram_index(create=False)
    generator = NationGenerator(rng, Names(rng))
    generator.open_writers()
    enlistment = Enlistment(rng, places)
    bar = _bar(scale.people, "people")
    serial = 0
    biggest = (0, 0)
    for province, cs in places:
        with transaction.atomic():
            units = generator.units(province, cs)
            for commune in cs:
                before = generator.people.written + len(generator.people.pending)
                generator.commune(
                    province,
                    commune,
                    units[commune.pk],
                    members[serial],
                    reservists[serial],
                    generator.reserve_units[province.pk],
                    keep=province.pk == big_province.pk,
                )
                citizens = max(0, people[serial] - members[serial] - reservists[serial])
                generator.citizens(province, commune, citizens, enlistment)
                written = generator.people.written + len(generator.people.pending) - before
                commune.population = written
                if province.pk == big_province.pk and written > biggest[0]:
                    biggest = (written, commune.pk)
                bar.update(written)
                serial += 1
            generator.flush()
            enlistment.flush()
            generator.finish_province(province, cs, units)
            if province.pk == big_province.pk:
                generator.training(province)
    bar.close()
    dataset.commune_id = biggest[1]
    generator.reset_sequences()
    enlistment.reset_sequences()
    progress(f"directives and returns ({time.perf_counter() - started:,.0f} s)")
    n_directives, n_receipts = directives(rng, places)
    n_returns = returns(rng, places)
    dataset.users = users(big_province, dataset.commune_id)
    progress(f"the names' trigram index ({time.perf_counter() - started:,.0f} s)")
    _trigram_index(create=True)
    analyse = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    progress(f"analysing the tables ({analyse}, {time.perf_counter() - started:,.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute(analyse)
    dataset.counts = {
        "provinces": len(places),
        "communes": n,
        **generator.counts(),
        "service records": enlistment.records.written,
        "candidates": enlistment.candidates.written,
        "directives": n_directives,
        "directive receipts": n_receipts,
        "report returns": n_returns,
    }
    dataset.seconds = round(time.perf_counter() - started, 1)
    return dataset


def _generator_base():
    from bench.forces import Generator

    return Generator


class NationGenerator(_generator_base()):  # type: ignore[misc]
    """bench.forces' generator (units, members, reservists, means, one province's training),
    with every person's folded search name, and the citizens who are in no register."""

    def open_writers(self) -> None:
        from bench.forces import Writer
        from garrison.forces.models import ForceTarget, ReserveUnit
        from garrison.people.models import Person

        super().open_writers()
        self.people = Writer(Person, [*self.people.columns[:9], "search_name"])
        self.folded: dict[str, str] = {}
        self.reserve_units: dict[int, list[int]] = {}
        from garrison.territory.models import Province

        for province in Province.objects.all():
            ForceTarget.objects.create(
                province=province, militia_percent="1.00", decision_number="KH 01/2026"
            )
            units = ReserveUnit.objects.bulk_create(
                ReserveUnit(
                    province=province,
                    code=f"d{n + 1}",
                    name=f"Tiểu đoàn dự bị động viên {n + 1}",
                    role="combat" if n < 8 else "support",
                    establishment=420,
                    means_establishment=20,
                )
                for n in range(12)
            )
            self.reserve_units[province.pk] = [u.pk for u in units]

    def person(self, province, commune, female: bool, born: datetime.date) -> int:
        from garrison.core.text import fold
        from garrison.people.rules import FEMALE, MALE, make_citizen_id

        serial = self.serial_by_province.get(province.pk, 0) + 1
        self.serial_by_province[province.pk] = serial
        name, key = self.names(female)
        folded = self.folded.get(name)
        if folded is None:
            folded = self.folded[name] = fold(name)
        sex = FEMALE if female else MALE
        pk = self.person_id
        self.person_id += 1
        self.people.add(
            (
                pk,
                make_citizen_id(province.code, sex, born, serial),
                name,
                key,
                born.isoformat(),
                sex,
                self.rng.choice(ETHNICITIES),
                commune.pk,
                province.pk,
                folded,
            )
        )
        return pk

    def citizens(self, province, commune, count: int, enlistment: Enlistment) -> None:
        """People in no register of the forces: ages 0–90; the young men registered for
        military service, those of call-up age in this year's pool."""
        rng = self.rng
        for _ in range(count):
            female = rng.random() < 0.5
            age = rng.randint(0, 90)
            born = TODAY - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
            pk = self.person(province, commune, female, born)
            if not female and 18 <= age <= 27:
                enlistment.register(province, commune, pk, born, age)

    def finish_province(self, province, communes, units) -> None:
        from garrison.forces.models import MilitiaUnit
        from garrison.territory.models import Commune

        Commune.objects.bulk_update(communes, ["population"], batch_size=500)
        MilitiaUnit.objects.bulk_update(
            [u for commune_units in units.values() for u in commune_units],
            ["establishment_members", "establishment_deputies", "establishment_political"],
            batch_size=500,
        )


ETHNICITIES = ["Kinh"] * 7 + ["Thái", "Mông", "Tày", "Mường", "Khmer", "Nùng", "Dao"]
#: outcomes of the pool (LAW.md §10), with their shares
OUTCOMES = [
    ("eligible", 0.45),
    ("eligible_conditional", 0.05),
    ("deferred", 0.30),
    ("exempt", 0.05),
    ("not_allowed", 0.02),
    ("no_duty", 0.13),
]


class Enlistment:
    """Each province's campaign and commune quotas; service records and the pool."""

    def __init__(self, rng: random.Random, places) -> None:
        from bench.forces import Writer, next_id
        from garrison.conscription.models import (
            Campaign,
            Candidate,
            CommuneQuota,
            ServiceRecord,
        )

        self.rng = rng
        self.campaigns: dict[int, int] = {}
        for province, communes in places:
            campaign = Campaign.objects.create(
                province=province,
                year=CAMPAIGN_YEAR,
                quota=12 * len(communes),
                status="open",
                exam_start=datetime.date(YEAR, 11, 1),
                exam_end=datetime.date(YEAR, 12, 31),
                handover_date=datetime.date(CAMPAIGN_YEAR, 2, 15),
                handover_place="Sân vận động tỉnh",
            )
            self.campaigns[province.pk] = campaign.pk
            have = set(
                CommuneQuota.objects.filter(campaign=campaign).values_list("commune_id", flat=True)
            )
            CommuneQuota.objects.bulk_create(
                CommuneQuota(campaign=campaign, commune=c, province=province, quota=12)
                for c in communes
                if c.pk not in have
            )
            CommuneQuota.objects.filter(campaign=campaign).update(quota=12)
        self.record_id = next_id(ServiceRecord)
        self.records = Writer(
            ServiceRecord, ["id", "person_id", "commune_id", "province_id", "status",
                            "registered_on", "education_grade"]
        )  # fmt: skip
        self.candidates = Writer(
            Candidate, ["campaign_id", "record_id", "person_id", "commune_id", "province_id",
                        "outcome", "grounds", "ground", "screening", "selected", "enlistment"]
        )  # fmt: skip
        self.selected_in: dict[int, int] = {}

    def register(self, province, commune, person: int, born: datetime.date, age: int) -> None:
        rng = self.rng
        record = self.record_id
        self.record_id += 1
        registered = (
            born.replace(year=born.year + 17)
            if born.month != 2 or born.day != 29
            else (datetime.date(born.year + 17, 3, 1))
        )
        self.records.add(
            (record, person, commune.pk, province.pk, "registered", registered.isoformat(),
             rng.choice([9, 12, 12, 12]))
        )  # fmt: skip
        if age > 25:
            return
        roll, outcome = rng.random(), "eligible"
        for value, share in OUTCOMES:
            roll -= share
            if roll < 0:
                outcome = value
                break
        chosen = self.selected_in.get(commune.pk, 0)
        selected = outcome == "eligible" and chosen < 14 and rng.random() < 0.1
        if selected:
            self.selected_in[commune.pk] = chosen + 1
        self.candidates.add(
            (self.campaigns[province.pk], record, person, commune.pk, province.pk, outcome,
             "[]", "", "passed" if outcome.startswith("eligible") else "", selected,
             "reported" if selected and rng.random() < 0.3 else "")
        )  # fmt: skip

    def flush(self) -> None:
        self.records.flush()
        self.candidates.flush()

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection

        from garrison.conscription.models import ServiceRecord

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [ServiceRecord]):
                cursor.execute(sql)


def directives(rng: random.Random, places) -> tuple[int, int]:
    """One directive a month of the year per province, to all its communes: most receipts
    acknowledged, many completed, this month's under way."""
    from django.db import transaction
    from django.utils import timezone

    from bench.reporting import local
    from garrison.reporting.models import Directive, DirectiveReceipt

    n_directives = n_receipts = 0
    for province, communes in places:
        with transaction.atomic():
            made = Directive.objects.bulk_create(
                Directive(
                    province=province,
                    number=f"{month:02d}/CT-BCH",
                    title=f"Chỉ thị tháng {month}/{YEAR} về công tác quốc phòng địa phương",
                    text="Các xã, phường triển khai thực hiện.",
                    issued_on=datetime.date(YEAR, month, 2),
                    due_on=datetime.date(YEAR, month, 25),
                    to_all_communes=True,
                    status="issued",
                    issued_at=local(datetime.date(YEAR, month, 2), 8, 0),
                )
                for month in range(1, TODAY.month + 1)
            )
            receipts = []
            for directive in made:
                past = directive.due_on < TODAY
                for commune in communes:
                    acknowledged = rng.random() < (0.98 if past else 0.7)
                    completed = acknowledged and rng.random() < (0.9 if past else 0.3)
                    ack_at = local(directive.issued_on + datetime.timedelta(days=rng.randint(0, 3)),
                                   9, 0)  # fmt: skip
                    receipts.append(
                        DirectiveReceipt(
                            directive=directive,
                            commune=commune,
                            province=province,
                            due_on=directive.due_on,
                            acknowledged_at=ack_at if acknowledged else None,
                            completed_at=min(ack_at + datetime.timedelta(days=rng.randint(3, 30)),
                                             timezone.now()) if completed else None,
                            completion_account="Đã triển khai." if completed else "",
                        )
                    )  # fmt: skip
            DirectiveReceipt.objects.bulk_create(receipts, batch_size=2000)
        n_directives += len(made)
        n_receipts += len(receipts)
    return n_directives, n_receipts


def returns(rng: random.Random, places) -> int:
    """bench.reporting's forms and returns: a year of the Ministry's monthly form and each
    province's own monthly and quarterly forms."""
    from django.db import transaction

    from bench.reporting import Returns, established_dates, make_forms
    from garrison.commands.models import MilitaryCommand

    with transaction.atomic():
        commands = list(MilitaryCommand.objects.filter(level="commune").order_by("pk"))
        established = established_dates(rng, [c.pk for c in commands])
        for command in commands:
            command.established_on = established[command.pk]
        MilitaryCommand.objects.bulk_update(commands, ["established_on"], batch_size=500)
        since = {c.commune_id: c.established_on for c in commands}
        forms = make_forms(places)
    writer = Returns(rng)
    for province, communes in places:
        diligence = rng.uniform(0.75, 0.98)
        with transaction.atomic():
            for form, version, owner, kind_periods in forms:
                if owner is not None and owner.pk != province.pk:
                    continue
                for commune in communes:
                    reliability = min(1.0, max(0.3, diligence + rng.uniform(-0.2, 0.1)))
                    for period in kind_periods:
                        start = since.get(commune.pk)
                        if start is not None and start > period.end:
                            continue
                        writer.add(form, version, commune, period, reliability)
            writer.writer.flush()
    return writer.writer.written


def users(province, commune_id: int) -> dict[str, int]:
    from garrison.accounts.models import User
    from garrison.accounts.rules import Role

    made = {
        "ministry": User.objects.create(username="dataset-ministry", role=Role.MINISTRY_VIEWER),
        "province": User.objects.create(
            username="dataset-province", role=Role.PROVINCE_STAFF, province_id=province.pk
        ),
        "commune": User.objects.create(
            username="dataset-commune",
            role=Role.COMMUNE_STAFF,
            province_id=province.pk,
            commune_id=commune_id,
        ),
    }
    return {role: user.pk for role, user in made.items()}


# --- the command ----------------------------------------------------------------------------------


def setup(database: str | None) -> str:
    """Django on `database` (or DATABASE_URL, or a new SQLite file), migrated."""
    from bench._common import prepare_environment, setup_django

    if database:
        os.environ["DATABASE_URL"] = database
    prepare_environment()
    return setup_django()


def main_on_dataset(description: str, measure) -> None:
    """The `main` of a bench measured on this dataset (bench.people, bench.home): reads
    `--scale` and `--database`, builds the dataset once (or finds it recorded), then calls
    `measure(dataset, repeat=...)`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", choices=["small", "national"], default="small")
    parser.add_argument("--database", help="a database URL (default: DATABASE_URL or SQLite)")
    args = parser.parse_args()
    from bench._common import describe_database, drop_data_dir, tune_sqlite

    os.environ.setdefault("GARRISON_ALLOWED_HOSTS", "127.0.0.1,localhost")
    where = setup(args.database)
    tune_sqlite(generating=True)
    dataset = ensure_dataset(args.scale)
    tune_sqlite(generating=False)
    print(f"database: {describe_database(where)}")
    print(
        f"dataset ({args.scale}, built in {dataset.seconds:,.0f} s): "
        + ", ".join(f"{n:,} {name}" for name, n in dataset.counts.items())
    )
    measure(dataset, repeat=3 if args.scale == "national" else 5)
    drop_data_dir(keep=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--database", help="a database URL (default: DATABASE_URL or SQLite)")
    parser.add_argument("--keep-db", action="store_true", help="keep a new SQLite file")
    args = parser.parse_args()
    from bench._common import describe_database, drop_data_dir, tune_sqlite

    where = setup(args.database)
    progress(f"database: {describe_database(where)}")
    tune_sqlite(generating=True)
    dataset = ensure_dataset(args.scale)
    tune_sqlite(generating=False)
    print(f"database: {describe_database(where)}")
    print(
        f"the {args.scale} dataset, built in {dataset.seconds:,.0f} s: "
        + ", ".join(f"{n:,} {name}" for name, n in dataset.counts.items())
    )
    drop_data_dir(keep=args.keep_db)


if __name__ == "__main__":
    main()
