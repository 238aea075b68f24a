"""How fast the forces registers answer a commune's lists and a province's roll-up.

    python -m bench.forces [--scale small|national] [--keep-db]

`national` is the whole nation: the 34 provinces and 3,321 communes of vietnam-provinces,
1,500,000 militia members (about 450 a commune in 10 units, about 6 per cent of them past terms)
and 2,500,000 reservists (about 750 a commune), each with a Person, plus reserve units,
technical means and the provinces' targets; `small` is 2 provinces of 30 communes with 30,000
members and 50,000 reservists. Training is generated for ONE province only, the one rolled up
(the province with the most communes): this year's plans per kind of militia, sessions through
the year and who attended each held session (every member of that province would otherwise
need tens of millions of attendance rows nation-wide); the other provinces have no training
rows, which does not change what the measured queries of the rolled-up province read. Member
placements (MemberAssignment) are not generated: nothing measured reads them.

Rows are written with the raw driver (executemany on SQLite, COPY on PostgreSQL) into the schema
the migrations create (every index in place), then the database is analysed (ANALYZE; VACUUM
ANALYZE on PostgreSQL), as a maintained production database would be. Django runs with DEBUG
off, as in production. "Today" is fixed (30 September 2026) so runs compare. Each figure is the
best of several runs of:
- the application's path: the list view's own queryset code (ModelConfig, filterset, scoping,
  Paginator: the count and the first page of 50, model instances built) or
  `forces.rollups.forces_rollup` for a province staff user; no template is rendered;
- baseline: the same query written by hand in SQL and run on `connection.cursor()` in the same
  process, fetching the same rows and columns and computing the same numbers (the bench checks
  that both answers agree and says so on stderr when they do not). For the training figures a
  person would write either joins or correlated subqueries; both are tried and the faster one
  on this database is the baseline.
The commune timed is the one with the most members in the rolled-up province; its user is a
commune staff account, the roll-up's a province staff account. Figures:
(1) the commune's open members by name, with person and unit
    (/forces/members/?commune=X&status=open);
(2) its terms ending this year (`completing_in`);
(3) its units with strength per role (`with_strength`, /forces/units/?commune=X), and the same
    list for the province's staff (unfiltered: every unit of the province);
(4) the province roll-up (the overview page's whole computation) and, alone, its
    training-completion query (`training_by`), the heaviest part;
(5) the commune's reservists due for the yearly check (`due_for_check`).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench._common import best_of, figure, progress, run_generated


@dataclass(frozen=True)
class Scale:
    provinces: int | None  # None: the real 34 provinces and 3,321 communes
    communes_per_province: int
    members: int
    reservists: int


SCALES = {
    "small": Scale(provinces=2, communes_per_province=30, members=30_000, reservists=50_000),
    "national": Scale(
        provinces=None, communes_per_province=0, members=1_500_000, reservists=2_500_000
    ),
}
TODAY = datetime.date(2026, 9, 30)
YEAR = TODAY.year
PAGE = 50
CHUNK = 50_000  # rows per executemany / COPY batch
OPEN = ("serving", "extended")  # the open terms (MilitiaMember.OPEN_STATUSES)

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Lò", "Quàng", "Cà", "Lường", "Vàng", "Giàng", "Sùng", "Mùa", "Thào", "Đinh", "Hà",
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Thanh", "Ngọc", "Công", "Bá", "A"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim"]
GIVEN_MALE = [
    "An", "Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đông", "Giang", "Hải", "Hiếu", "Hòa",
    "Hùng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Mạnh", "Nam", "Nghĩa", "Phong",
    "Phúc", "Quân", "Quý", "Sơn", "Tài", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tú",
    "Tuấn", "Việt", "Vinh", "Vũ", "Chiến", "Pằng", "Sếnh", "Dơ", "Chứ", "Páo",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Châm", "Dung", "Hà", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc",
    "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Xuân", "Yến", "Dợ", "Xuây",
]  # fmt: skip
ETHNICITIES = ["Kinh"] * 7 + ["Thái", "Mông", "Tày", "Mường", "Khmer", "Nùng", "Dao"]
SPECIALTIES = [
    ("101", "Bộ binh"),
    ("121", "Trinh sát"),
    ("231", "Thông tin vô tuyến điện"),
    ("341", "Lái xe"),
    ("411", "Công binh"),
    ("511", "Quân y"),
    ("611", "Pháo binh"),
]
MEANS_KINDS = ["road_vehicle", "road_vehicle", "road_vehicle", "construction", "inland_vessel"]

# A commune's units: name, kind, level, parent (index), share of the commune's members.
UNITS = [
    ("Đại đội dân quân cơ động", "mobile", "company", None, 0.02),
    ("Trung đội cơ động 1", "mobile", "platoon", 0, 0.12),
    ("Trung đội cơ động 2", "mobile", "platoon", 0, 0.12),
    ("Trung đội cơ động 3", "mobile", "platoon", 0, 0.12),
    ("Trung đội tại chỗ thôn 1", "local", "platoon", None, 0.12),
    ("Trung đội tại chỗ thôn 2", "local", "platoon", None, 0.12),
    ("Trung đội tại chỗ thôn 3", "local", "platoon", None, 0.11),
    ("Trung đội tại chỗ thôn 4", "local", "platoon", None, 0.11),
    ("Trung đội dân quân thường trực", "standing", "platoon", None, 0.10),
    ("Tiểu đội trinh sát", "reconnaissance", "squad", None, 0.06),
]
# A plan's sessions this year: kind → (sessions, days each), enough for the law's days.
SESSIONS = {
    "local": (10, 1.5),
    "mobile": (12, 1.5),
    "reconnaissance": (12, 1.5),
    "standing": (20, 3),
}


# --- writing rows fast ----------------------------------------------------------------------------


class Writer:
    """Rows of one model written with the raw driver. `columns` are the attnames each row tuple
    gives, in order; every other concrete field but an automatic key gets its default (auto
    timestamps: now), so a field added to the model later is filled the way Django would."""

    def __init__(self, model: type, columns: Sequence[str]) -> None:
        from django.db import connection
        from django.utils import timezone

        now = timezone.now()
        fixed: dict[str, Any] = {}
        for f in model._meta.concrete_fields:
            if f.attname in columns or f is model._meta.auto_field:
                continue  # given, or a key the database numbers
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()
            fixed[f.column] = f.get_db_prep_save(value, connection)
        names = {f.attname: f.column for f in model._meta.concrete_fields}
        self.table = model._meta.db_table
        self.columns = [names[c] for c in columns] + list(fixed)
        self.suffix = tuple(fixed.values())
        self.pending: list[tuple] = []
        self.written = 0

    def add(self, row: tuple) -> None:
        self.pending.append(row + self.suffix)
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            write_rows(self.table, self.columns, self.pending)
            self.written += len(self.pending)
            self.pending = []


def write_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)


def next_id(model: type) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


# --- generating the registers ---------------------------------------------------------------------


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    province_id: int = 0  # the province rolled up (with training)
    commune_id: int = 0  # the commune whose lists are timed
    seconds: float = 0.0


class Names:
    """Vietnamese full names and their sort keys (a few thousand distinct names, memoised)."""

    def __init__(self, rng: random.Random) -> None:
        from garrison.core.text import name_sort_key

        self.rng = rng
        self.key = name_sort_key
        self.keys: dict[str, str] = {}

    def __call__(self, female: bool) -> tuple[str, str]:
        r = self.rng
        if female:
            name = f"{r.choice(FAMILY)} {r.choice(MIDDLE_FEMALE)} {r.choice(GIVEN_FEMALE)}"
        else:
            name = f"{r.choice(FAMILY)} {r.choice(MIDDLE_MALE)} {r.choice(GIVEN_MALE)}"
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = self.key(name)
        return name, key


def shares(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` (whole numbers that add up to `total`)."""
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    return counts


def territory(scale: Scale) -> list[tuple[Any, list[Any]]]:
    """(province, communes) pairs: the real ones for the nation, invented ones for `small`."""
    from garrison.territory.loader import load_territory
    from garrison.territory.models import Commune, Province

    if scale.provinces is None:
        load_territory()
    else:
        for p in range(scale.provinces):
            province = Province.objects.create(
                code=90 + p,
                name=f"Tỉnh Thử {p + 1}",
                codename=f"tinh_thu_{p + 1}",
                division_type="tinh",
            )
            Commune.objects.bulk_create(
                Commune(
                    code=(90 + p) * 10_000 + i,
                    name=f"Xã Thử {p + 1}-{i + 1}",
                    codename=f"xa_thu_{p + 1}_{i + 1}",
                    division_type="xa",
                    province=province,
                )
                for i in range(scale.communes_per_province)
            )
    communes: dict[int, list[Any]] = {}
    for c in Commune.objects.order_by("province__code", "code"):
        communes.setdefault(c.province_id, []).append(c)
    return [(p, communes.get(p.pk, [])) for p in Province.objects.order_by("code")]


def build(scale: Scale) -> Built:
    from django.db import connection, transaction

    from garrison.accounts.models import User
    from garrison.accounts.rules import Role
    from garrison.forces.models import ForceTarget, MilitiaUnit, ReserveUnit
    from garrison.territory.models import Commune

    started = time.perf_counter()
    rng = random.Random(2026)
    built = Built()
    places = territory(scale)
    n_communes = sum(len(c) for _, c in places)
    rolled, rolled_communes = max(places, key=lambda pc: len(pc[1]))
    built.province_id = rolled.pk
    member_counts = shares(scale.members, [rng.uniform(0.75, 1.25) for _ in range(n_communes)])
    reservist_counts = shares(
        scale.reservists, [rng.uniform(0.75, 1.25) for _ in range(n_communes)]
    )
    progress(
        f"{len(places)} provinces, {n_communes:,} communes; the roll-up is of {rolled.name} "
        f"({len(rolled_communes)} communes)"
    )
    generator = Generator(rng, Names(rng))
    serial = 0
    with transaction.atomic():
        ForceTarget.objects.bulk_create(
            ForceTarget(province=p, militia_percent="1.00", decision_number="KH 01/2026")
            for p, _ in places
        )
        for p, _ in places:
            ReserveUnit.objects.bulk_create(
                ReserveUnit(
                    province=p,
                    code=f"d{n + 1}",
                    name=f"Tiểu đoàn dự bị động viên {n + 1}",
                    role="combat" if n < 8 else "support",
                    establishment=420,
                    means_establishment=20,
                )
                for n in range(12)
            )
    reserve_units: dict[int, list[int]] = {}
    for pk, province_id in ReserveUnit.objects.values_list("pk", "province_id"):
        reserve_units.setdefault(province_id, []).append(pk)
    generator.open_writers()
    for index, (province, communes) in enumerate(places):
        with transaction.atomic():
            units = generator.units(province, communes)
            for commune in communes:
                n_members, n_reservists = member_counts[serial], reservist_counts[serial]
                serial += 1
                generator.commune(
                    province,
                    commune,
                    units[commune.pk],
                    n_members,
                    n_reservists,
                    reserve_units[province.pk],
                    keep=province.pk == rolled.pk,
                )
                commune.population = round(n_members / rng.uniform(0.008, 0.016))
            generator.flush()
            Commune.objects.bulk_update(communes, ["population"], batch_size=500)
            MilitiaUnit.objects.bulk_update(
                [u for commune_units in units.values() for u in commune_units],
                ["establishment_members", "establishment_deputies", "establishment_political"],
                batch_size=500,
            )
            if province.pk == rolled.pk:
                built.commune_id = max(generator.kept, key=lambda c: len(generator.kept[c]))
                generator.training(province)
        progress(
            f"province {index + 1}/{len(places)} {province.name}: {generator.summary()} "
            f"({time.perf_counter() - started:,.0f} s)"
        )
    generator.reset_sequences()
    User.objects.create(username="bench-province", role=Role.PROVINCE_STAFF, province_id=rolled.pk)
    User.objects.create(
        username="bench-commune",
        role=Role.COMMUNE_STAFF,
        province_id=rolled.pk,
        commune_id=built.commune_id,
    )
    analyse = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    progress(f"analysing the tables ({analyse})")
    with connection.cursor() as cursor:
        cursor.execute(analyse)
    built.counts = generator.counts()
    built.seconds = time.perf_counter() - started
    return built


class Generator:
    """Writes each commune's units, people, members, reservists and means; keeps the rolled-up
    province's open members in memory to give them training."""

    def __init__(self, rng: random.Random, names: Names) -> None:
        self.rng = rng
        self.names = names
        self.kept: dict[int, list[tuple[int, str, datetime.date]]] = {}
        self.n_units = 0
        self.n_means = 0
        self.n_plans = 0
        self.n_sessions = 0
        self.serial_by_province: dict[int, int] = {}

    def open_writers(self) -> None:
        from garrison.forces.models import Attendance, MilitiaMember, Reservist
        from garrison.people.models import Person

        self.person_id = next_id(Person)
        self.member_id = next_id(MilitiaMember)
        self.reservist_id = next_id(Reservist)
        self.people = Writer(
            Person,
            [
                "id",
                "citizen_id",
                "full_name",
                "name_sort_key",
                "date_of_birth",
                "sex",
                "ethnicity",
                "residence_commune_id",
                "province_id",
            ],
        )
        self.members = Writer(
            MilitiaMember,
            [
                "id",
                "person_id",
                "commune_id",
                "province_id",
                "unit_id",
                "role",
                "kind",
                "started_on",
                "term_years",
                "extension_years",
                "term_end",
                "status",
                "ended_on",
                "end_reason",
            ],
        )
        self.reservists = Writer(
            Reservist,
            [
                "id",
                "person_id",
                "commune_id",
                "province_id",
                "category",
                "rank",
                "specialty_code",
                "specialty",
                "reserve_class",
                "active_service_months",
                "health_class",
                "registered_on",
                "checked_on",
                "reserve_unit_id",
                "assigned_on",
                "status",
                "discharged_on",
            ],
        )
        self.attendance = Writer(
            Attendance, ["commune_id", "province_id", "session_id", "member_id"]
        )

    def flush(self) -> None:
        for writer in (self.people, self.members, self.reservists, self.attendance):
            writer.flush()

    def summary(self) -> str:
        return (
            f"{self.people.written:,} people, {self.members.written:,} members, "
            f"{self.reservists.written:,} reservists"
        )

    def counts(self) -> dict[str, int]:
        return {
            "people": self.people.written,
            "militia units": self.n_units,
            "militia members": self.members.written,
            "reservists": self.reservists.written,
            "technical means": self.n_means,
            "training plans": self.n_plans,
            "training sessions": self.n_sessions,
            "attendance": self.attendance.written,
        }

    def units(self, province, communes) -> dict[int, list[Any]]:
        """Each commune's 10 units, written with bulk_create (few rows): parents first, so the
        sub-units can point at them."""
        from garrison.forces.models import MilitiaUnit

        by_commune = {
            c.pk: [
                MilitiaUnit(
                    commune_id=c.pk,
                    province_id=province.pk,
                    name=name,
                    kind=kind,
                    level=level,
                    established_on=datetime.date(2025, 7, 1),
                )
                for name, kind, level, _parent, _share in UNITS
            ]
            for c in communes
        }
        for parents in (True, False):
            batch = []
            for units in by_commune.values():
                for unit, (*_, parent, _share) in zip(units, UNITS, strict=True):
                    if (parent is None) == parents:
                        unit.parent_id = None if parent is None else units[parent].pk
                        batch.append(unit)
            MilitiaUnit.objects.bulk_create(batch, batch_size=1000)
        self.n_units += sum(len(u) for u in by_commune.values())
        return by_commune

    def person(self, province, commune, female: bool, born: datetime.date) -> int:
        from garrison.people.rules import FEMALE, MALE, make_citizen_id

        serial = self.serial_by_province.get(province.pk, 0) + 1
        self.serial_by_province[province.pk] = serial
        name, key = self.names(female)
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
            )
        )
        return pk

    def commune(
        self,
        province,
        commune,
        units: list[Any],
        n_members: int,
        n_reservists: int,
        reserve_units: list[int],
        keep: bool,
    ) -> None:
        from garrison.forces import rules

        rng = self.rng
        kept = self.kept.setdefault(commune.pk, []) if keep else None
        per_unit = shares(n_members, [share for *_, share in UNITS])
        for unit, n in zip(units, per_unit, strict=True):
            establishment = 0
            for i in range(n):
                kind = unit.kind
                role = "leader" if i == 0 else "deputy" if i == 1 else "member"
                if i == 2 and unit.level == "company":
                    role = "political"
                female = kind == "local" and rng.random() < 0.2
                years = rules.term_years(kind)
                if rng.random() < 0.06:  # a past term, kept in the register
                    status, extension = rng.choice(["completed", "discharged"]), 0
                    start = TODAY - datetime.timedelta(days=rng.randint(years * 365 + 30, 3000))
                    end = rules.term_end(start, kind)
                    ended = min(end, TODAY - datetime.timedelta(days=1)).isoformat()
                    reason = "" if status == "completed" else "moved_away"
                else:
                    extension = 1 if rng.random() < 0.03 else 0
                    status = "extended" if extension else "serving"
                    start = TODAY - datetime.timedelta(
                        days=rng.randint(0, (years + extension) * 365 - 1)
                    )
                    end = rules.term_end(start, kind, extension)
                    ended, reason = None, ""
                    establishment += 1
                age = rng.randint(19, 38 if female else 42)
                born = start - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
                person = self.person(province, commune, female, born)
                member = self.member_id
                self.member_id += 1
                self.members.add(
                    (
                        member,
                        person,
                        commune.pk,
                        province.pk,
                        unit.pk,
                        role,
                        kind,
                        start.isoformat(),
                        years,
                        extension,
                        end.isoformat(),
                        status,
                        ended,
                        reason,
                    )
                )
                if kept is not None and ended is None:
                    kept.append((member, kind, start))
            # the establishment: a little above or below the strength, so gaps show
            unit.establishment_members = max(0, round(establishment * rng.uniform(0.95, 1.12)) - 3)
            unit.establishment_deputies = 1
            unit.establishment_political = 1 if unit.level == "company" else 0
        for _ in range(n_reservists):
            female = rng.random() < 0.03
            age = rng.randint(21, 39 if female else 44)
            born = TODAY - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
            person = self.person(province, commune, female, born)
            officer = rng.random() < 0.05
            first_class = rng.random() < 0.6
            code, specialty = rng.choice(SPECIALTIES)
            registered = born + datetime.timedelta(days=rng.randint(21 * 365, age * 365))
            roll = rng.random()
            checked = (
                datetime.date(YEAR, rng.randint(1, 9), rng.randint(1, 28))
                if roll < 0.6
                else datetime.date(YEAR - 1, rng.randint(1, 12), rng.randint(1, 28))
                if roll < 0.9
                else None
            )
            assigned = rng.random() < 0.65
            discharged = rng.random() < 0.03
            self.reservists.add(
                (
                    self.reservist_id,
                    person,
                    commune.pk,
                    province.pk,
                    "officer" if officer else "nco_soldier",
                    "thieu_uy" if officer else rng.choice(["binh_nhat", "ha_si", "trung_si"]),
                    code,
                    specialty,
                    "hang_1" if first_class else "hang_2",
                    rng.choice([18, 24, 24, 30]) if first_class else 0,
                    rng.choice([1, 2, 2, 3]),
                    registered.isoformat(),
                    checked.isoformat() if checked else None,
                    rng.choice(reserve_units) if assigned else None,
                    registered.isoformat() if assigned else None,
                    "discharged" if discharged else "registered",
                    TODAY.replace(month=3).isoformat() if discharged else None,
                )
            )
            self.reservist_id += 1
        self.means(province, commune, reserve_units)

    def means(self, province, commune, reserve_units: list[int]) -> None:
        from garrison.forces.models import TechnicalMeans

        rng = self.rng
        rows = []
        for n in range(rng.randint(3, 9)):
            kind = rng.choice(MEANS_KINDS)
            rows.append(
                TechnicalMeans(
                    commune_id=commune.pk,
                    province_id=province.pk,
                    kind=kind,
                    model_name="Hyundai HD72" if kind == "road_vehicle" else "Komatsu PC200",
                    registration_number=f"{commune.code}-{n + 1:02d}",
                    owner_name="Công ty TNHH Thử",
                    owner_is_organisation=True,
                    registered_on=datetime.date(2024, 5, 1),
                    checked_on=datetime.date(YEAR, 4, 1) if rng.random() < 0.7 else None,
                    reserve_unit_id=rng.choice(reserve_units) if rng.random() < 0.6 else None,
                )
            )
        TechnicalMeans.objects.bulk_create(rows)
        self.n_means += len(rows)

    def training(self, province) -> None:
        """This year's plans, sessions and attendance for every commune of `province`."""
        from decimal import Decimal

        from garrison.forces.models import TrainingPlan, TrainingSession

        rng = self.rng
        plans = [
            TrainingPlan(
                commune_id=commune_id,
                province_id=province.pk,
                year=YEAR,
                kind=kind,
                starts_on=datetime.date(YEAR, 2, 15),
                ends_on=datetime.date(YEAR, 12, 15),
            )
            for commune_id in self.kept
            for kind in SESSIONS
        ]
        TrainingPlan.objects.bulk_create(plans, batch_size=1000)
        sessions = []
        for plan in plans:
            count, days = SESSIONS[plan.kind]
            step = 300 // count
            for n in range(count):
                sessions.append(
                    TrainingSession(
                        commune_id=plan.commune_id,
                        province_id=province.pk,
                        plan_id=plan.pk,
                        held_on=datetime.date(YEAR, 2, 15)
                        + datetime.timedelta(days=n * step + rng.randint(0, step - 1)),
                        days=Decimal(str(days)),
                        content=f"Bài {n + 1}",
                    )
                )
        TrainingSession.objects.bulk_create(sessions, batch_size=1000)
        self.n_plans += len(plans)
        self.n_sessions += len(sessions)
        held: dict[int, list[tuple[int, datetime.date]]] = {}  # plan → sessions held by today
        for s in sessions:
            if s.held_on <= TODAY:
                held.setdefault(s.plan_id, []).append((s.pk, s.held_on))
        plan_of = {(p.commune_id, p.kind): p.pk for p in plans}
        for commune_id, members in self.kept.items():
            for member, kind, start in members:
                diligence = rng.uniform(0.55, 1.0)  # some members fall behind
                for session, on in held.get(plan_of[(commune_id, kind)], []):
                    if on >= start and rng.random() < diligence:
                        self.attendance.add((commune_id, province.pk, session, member))
        self.attendance.flush()

    def reset_sequences(self) -> None:
        """After rows written with explicit keys, PostgreSQL's sequences must move past them."""
        from django.core.management.color import no_style
        from django.db import connection

        from garrison.forces.models import Attendance, MilitiaMember, Reservist
        from garrison.people.models import Person

        statements = connection.ops.sequence_reset_sql(
            no_style(), [Person, MilitiaMember, Reservist, Attendance]
        )
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# --- the timed paths ------------------------------------------------------------------------------


class Tables:
    """The tables' names, for the hand-written SQL."""

    def __init__(self) -> None:
        from garrison.forces.models import (
            Attendance,
            ForceTarget,
            MilitiaMember,
            MilitiaUnit,
            ReserveUnit,
            Reservist,
            TechnicalMeans,
            TrainingPlan,
            TrainingSession,
        )
        from garrison.people.models import Person
        from garrison.territory.models import Commune

        self.member = MilitiaMember._meta.db_table
        self.unit = MilitiaUnit._meta.db_table
        self.person = Person._meta.db_table
        self.commune = Commune._meta.db_table
        self.reservist = Reservist._meta.db_table
        self.reserve_unit = ReserveUnit._meta.db_table
        self.means = TechnicalMeans._meta.db_table
        self.target = ForceTarget._meta.db_table
        self.plan = TrainingPlan._meta.db_table
        self.session = TrainingSession._meta.db_table
        self.attendance = Attendance._meta.db_table


def sql_rows(sql: str, params: Sequence[Any] | dict[str, Any]) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_count_and_page(count_sql: str, page_sql: str, params: Sequence[Any]) -> tuple[int, list]:
    """The count and the first page; each page row starts with the row's key."""
    count = sql_rows(count_sql, params)[0][0]
    return count, [row[0] for row in sql_rows(page_sql, params)]


def orm_count_and_page(queryset) -> tuple[int, list]:
    """What the list view does with its queryset: a Paginator's count and first page."""
    from django.core.paginator import Paginator

    page = Paginator(queryset, PAGE).get_page(1)
    return page.paginator.count, [obj.pk for obj in page.object_list]


def list_request(user: Any, **params: Any):
    from django.test import RequestFactory

    request = RequestFactory().get("/", params)
    request.user = user
    return request


YEAR_FROM, YEAR_TO = f"'{YEAR}-01-01'", f"'{YEAR}-12-31'"
OPEN_SQL = "(" + ", ".join(f"'{status}'" for status in OPEN) + ")"


def required_days_sql() -> str:
    """DQTV 28.1's days for a member this year, from forces.rules (as the ORM's CASE is)."""
    from garrison.forces.rules import MILITIA_KINDS, training_days

    def by_kind(term_year: int) -> str:
        whens = " ".join(f"WHEN '{k}' THEN {training_days(k, term_year)}" for k in MILITIA_KINDS)
        return f"CASE u.kind {whens} ELSE 0 END"

    return (
        f"CASE WHEN m.started_on BETWEEN {YEAR_FROM} AND {YEAR_TO} THEN {by_kind(1)} "
        f"ELSE {by_kind(2)} END"
    )


def training_sql_joins(t: Tables) -> str:
    """Per commune of a province: open members, training complete, behind (as `training_by`),
    with each member's days attended and held summed by joins."""
    return f"""
        WITH m AS (
            SELECT m.id, m.commune_id, m.started_on, u.kind, {required_days_sql()} AS required
            FROM {t.member} m JOIN {t.unit} u ON u.id = m.unit_id
            WHERE m.province_id = %(province)s AND m.status IN {OPEN_SQL}
        ),
        attended AS (
            SELECT m.id AS member_id, SUM(s.days) AS days
            FROM m
            JOIN {t.attendance} a ON a.member_id = m.id
            JOIN {t.session} s ON s.id = a.session_id
            JOIN {t.plan} p ON p.id = s.plan_id
            WHERE p.year = %(year)s
            GROUP BY m.id
        ),
        held AS (
            SELECT m.id AS member_id, SUM(s.days) AS days
            FROM m
            JOIN {t.plan} p
                ON p.commune_id = m.commune_id AND p.year = %(year)s AND p.kind = m.kind
            JOIN {t.session} s
                ON s.plan_id = p.id AND s.held_on >= m.started_on AND s.held_on <= %(today)s
            GROUP BY m.id
        ),
        t AS (
            SELECT m.commune_id, m.required, COALESCE(a.days, 0) AS attended,
                COALESCE(h.days, 0) AS held
            FROM m LEFT JOIN attended a ON a.member_id = m.id LEFT JOIN held h ON h.member_id = m.id
        )
        {TRAINING_TOTALS}
    """


def training_sql_subqueries(t: Tables) -> str:
    """The same figures with each member's days attended and held in correlated subqueries."""
    return f"""
        WITH t AS (
            SELECT m.commune_id, {required_days_sql()} AS required,
                COALESCE((
                    SELECT SUM(s.days) FROM {t.attendance} a
                    JOIN {t.session} s ON s.id = a.session_id
                    JOIN {t.plan} p ON p.id = s.plan_id
                    WHERE a.member_id = m.id AND p.year = %(year)s
                ), 0) AS attended,
                COALESCE((
                    SELECT SUM(s.days) FROM {t.plan} p JOIN {t.session} s ON s.plan_id = p.id
                    WHERE p.commune_id = m.commune_id AND p.year = %(year)s AND p.kind = u.kind
                        AND s.held_on >= m.started_on AND s.held_on <= %(today)s
                ), 0) AS held
            FROM {t.member} m JOIN {t.unit} u ON u.id = m.unit_id
            WHERE m.province_id = %(province)s AND m.status IN {OPEN_SQL}
        )
        {TRAINING_TOTALS}
    """


TRAINING_TOTALS = """
        SELECT commune_id, COUNT(*),
            SUM(CASE WHEN attended >= required THEN 1 ELSE 0 END),
            SUM(CASE WHEN attended < (CASE WHEN held < required THEN held ELSE required END)
                THEN 1 ELSE 0 END)
        FROM t GROUP BY commune_id"""


def faster_training_sql(t: Tables, params: dict[str, Any]) -> str:
    """The faster of the two hand-written forms on this database: the baseline is the best
    SQL a person would write, not one form that suits one planner."""
    forms = {"joins": training_sql_joins(t), "subqueries": training_sql_subqueries(t)}
    seconds = {
        name: best_of(2, lambda sql=sql: sql_rows(sql, params))[0] for name, sql in forms.items()
    }
    name = min(seconds, key=seconds.__getitem__)
    progress(
        "training baseline: "
        + ", ".join(f"{n} {s:.3f} s" for n, s in seconds.items())
        + f"; using {name}"
    )
    return forms[name]


def rollup_queries(t: Tables, training: str) -> list[tuple[str, list[str]]]:
    """(sql, Row attributes) of the province roll-up's GROUP BY queries."""
    return [
        (
            f"""SELECT commune_id, SUM(establishment_leaders + establishment_deputies
                    + establishment_political + establishment_members)
                FROM {t.unit} WHERE province_id = %(province)s AND is_active = %(active)s
                GROUP BY commune_id""",
            ["establishment"],
        ),
        (
            f"""SELECT commune_id, COUNT(*),
                    SUM(CASE WHEN term_end BETWEEN {YEAR_FROM} AND {YEAR_TO} THEN 1 ELSE 0 END)
                FROM {t.member} WHERE province_id = %(province)s AND status IN {OPEN_SQL}
                GROUP BY commune_id""",
            ["strength", "completing"],
        ),
        (training, ["trainees", "trained", "behind"]),
        (
            f"""SELECT commune_id, COUNT(*), COUNT(reserve_unit_id),
                    SUM(CASE WHEN checked_on BETWEEN {YEAR_FROM} AND {YEAR_TO} THEN 1 ELSE 0 END),
                    SUM(CASE WHEN reserve_class = 'hang_1' THEN 1 ELSE 0 END)
                FROM {t.reservist} WHERE province_id = %(province)s AND status = 'registered'
                GROUP BY commune_id""",
            ["reservists", "assigned", "checked", "class_1"],
        ),
        (
            f"""SELECT commune_id, COUNT(*), COUNT(reserve_unit_id)
                FROM {t.means} WHERE province_id = %(province)s AND status = 'registered'
                GROUP BY commune_id""",
            ["means", "means_assigned"],
        ),
    ]


def rollup_params(province_id: int) -> dict[str, Any]:
    return {"province": province_id, "year": YEAR, "today": TODAY, "active": True}


ROLLUP_FIELDS = [
    "name",
    "population",
    "target_percent",
    "establishment",
    "strength",
    "completing",
    "trainees",
    "trained",
    "behind",
    "reservists",
    "assigned",
    "checked",
    "class_1",
    "means",
    "means_assigned",
]


def rollup_by_sql(t: Tables, province_id: int, training: str) -> dict[int, dict[str, Any]]:
    """The province roll-up's figures per commune, by hand: the same queries in SQL."""
    params = rollup_params(province_id)
    rows = {
        pk: dict.fromkeys(ROLLUP_FIELDS, 0) | {"name": name, "population": population}
        for pk, name, population in sql_rows(
            f"""SELECT id, name, population FROM {t.commune}
                WHERE province_id = %(province)s ORDER BY name""",
            params,
        )
    }
    target = sql_rows(
        f"SELECT militia_percent FROM {t.target} WHERE province_id = %(province)s", params
    )
    for row in rows.values():
        row["target_percent"] = target[0][0] if target else None
    for sql, attrs in rollup_queries(t, training):
        for key, *values in sql_rows(sql, params):
            if key in rows:
                rows[key].update((a, v or 0) for a, v in zip(attrs, values, strict=True))
    return rows


def rollup_by_orm(user: Any) -> dict[int, dict[str, Any]]:
    from garrison.forces.rollups import forces_rollup

    _grouping, rows, _total = forces_rollup(user, user.scope, TODAY)
    return {row.key: {f: getattr(row, f) for f in ROLLUP_FIELDS} for row in rows}


def agree(name: str, orm: Any, sql: Any) -> None:
    if orm != sql:
        progress(f"MISMATCH in {name}: the application and the hand-written SQL disagree")
        if isinstance(orm, dict) and isinstance(sql, dict):
            for key in sorted(set(orm) | set(sql), key=str)[:100]:
                if orm.get(key) != sql.get(key):
                    progress(f"  {key}: application {orm.get(key)} / SQL {sql.get(key)}")
                    break
        else:
            progress(f"  application {str(orm)[:300]}")
            progress(f"  SQL         {str(sql)[:300]}")


def measure(built: Built) -> None:
    from garrison.accounts.models import User
    from garrison.core.views import filtered_queryset
    from garrison.forces.models import MilitiaMember
    from garrison.forces.views.militia import MilitiaMemberConfig
    from garrison.forces.views.reserve import ReservistConfig

    t = Tables()
    from garrison.territory.models import Commune

    commune_user = User.objects.get(username="bench-commune")
    province_user = User.objects.get(username="bench-province")
    cid = built.commune_id
    code = Commune.objects.get(pk=cid).code  # the lists' filters name communes by code
    repeat = 5

    def timed(name: str, orm: Callable[[], Any], sql: Callable[[], Any], times: int) -> None:
        baseline, sql_answer = best_of(times, sql)
        elapsed, orm_answer = best_of(times, orm)
        agree(name, orm_answer, sql_answer)
        figure(name, elapsed, "s", baseline)

    # (1) the member list: /forces/members/?commune=X&status=open, first page by name
    def members_orm():
        qs, _ = filtered_queryset(
            MilitiaMemberConfig, list_request(commune_user, commune=code, status="open")
        )
        return orm_count_and_page(qs.order_by(*MilitiaMemberConfig.default_ordering, "pk"))

    member_where = f"m.commune_id = %s AND m.status IN {OPEN_SQL}"
    member_page = f"""
        SELECT m.id, m.*, p.*, u.*, c.*
        FROM {t.member} m
        JOIN {t.person} p ON p.id = m.person_id
        JOIN {t.unit} u ON u.id = m.unit_id
        JOIN {t.commune} c ON c.id = m.commune_id
        WHERE {member_where} ORDER BY p.name_sort_key, m.id LIMIT {PAGE}"""
    timed(
        "commune member list (count + first page)",
        members_orm,
        lambda: sql_count_and_page(
            f"SELECT COUNT(*) FROM {t.member} m WHERE {member_where}", member_page, [cid]
        ),
        repeat,
    )

    # (2) the terms ending this year: completing_in(YEAR), first page by name
    def completing_orm():
        qs = (
            MilitiaMemberConfig.base_queryset()
            .visible_to(commune_user)
            .filter(commune_id=cid)
            .completing_in(YEAR)
            .order_by(*MilitiaMemberConfig.default_ordering, "pk")
        )
        return orm_count_and_page(qs)

    ending_where = f"{member_where} AND m.term_end BETWEEN {YEAR_FROM} AND {YEAR_TO}"
    timed(
        "commune terms ending this year (count + first page)",
        completing_orm,
        lambda: sql_count_and_page(
            f"SELECT COUNT(*) FROM {t.member} m WHERE {ending_where}",
            member_page.replace(member_where, ending_where),
            [cid],
        ),
        repeat,
    )

    # (3) the unit list with strength: /forces/units/?commune=X (and the province's, unfiltered)
    timed(
        "commune unit list with strength (count + first page)",
        lambda: units_page_orm(commune_user, commune=code),
        lambda: units_page_sql(t, "commune_id", cid),
        repeat,
    )
    timed(
        "province unit list with strength (count + first page)",
        lambda: units_page_orm(province_user),
        lambda: units_page_sql(t, "province_id", built.province_id),
        3,
    )

    # (4) the province roll-up, and its training query alone
    params = rollup_params(built.province_id)
    training = faster_training_sql(t, params)
    timed(
        "province roll-up (forces_rollup)",
        lambda: rollup_by_orm(province_user),
        lambda: rollup_by_sql(t, built.province_id, training),
        3,
    )
    timed(
        "province training completion (training_by commune)",
        lambda: {
            r["commune"]: (r["members"], r["complete_n"], r["behind_n"])
            for r in MilitiaMember.objects.visible_to(province_user).training_by(
                "commune", YEAR, TODAY
            )
        },
        lambda: {key: tuple(values) for key, *values in sql_rows(training, params)},
        3,
    )

    # (5) the reservists due for the yearly check: due_for_check(YEAR), first page by name
    def due_orm():
        qs = (
            ReservistConfig.base_queryset()
            .visible_to(commune_user)
            .filter(commune_id=cid)
            .due_for_check(YEAR)
            .order_by(*ReservistConfig.default_ordering, "pk")
        )
        return orm_count_and_page(qs)

    due_where = (
        f"r.commune_id = %s AND r.status = 'registered' "
        f"AND (r.checked_on IS NULL OR r.checked_on < {YEAR_FROM})"
    )
    timed(
        "commune reservists due for the yearly check (count + first page)",
        due_orm,
        lambda: sql_count_and_page(
            f"SELECT COUNT(*) FROM {t.reservist} r WHERE {due_where}",
            f"""SELECT r.id, r.*, p.*, c.*, ru.*
                FROM {t.reservist} r
                JOIN {t.person} p ON p.id = r.person_id
                JOIN {t.commune} c ON c.id = r.commune_id
                LEFT JOIN {t.reserve_unit} ru ON ru.id = r.reserve_unit_id
                WHERE {due_where} ORDER BY p.name_sort_key, r.id LIMIT {PAGE}""",
            [cid],
        ),
        repeat,
    )


def units_page_orm(user: Any, **filters: Any) -> tuple[int, list]:
    """/forces/units/ as the list view builds it: with_strength, scoped, filtered, paginated."""
    from django.core.paginator import Paginator

    from garrison.core.views import filtered_queryset
    from garrison.forces.views.militia import MilitiaUnitConfig

    qs, _ = filtered_queryset(MilitiaUnitConfig, list_request(user, **filters))
    page = Paginator(qs.order_by(*MilitiaUnitConfig.default_ordering, "pk"), PAGE).get_page(1)
    return page.paginator.count, [(u.pk, u.strength, u.strength_members) for u in page]


def units_page_sql(t: Tables, column: str, value: int) -> tuple[int, list]:
    """The same by hand: the page of units first, then their members counted by unit."""
    count = sql_rows(f"SELECT COUNT(*) FROM {t.unit} WHERE {column} = %s", [value])[0][0]
    rows = sql_rows(
        f"""WITH page AS (
                SELECT u.id FROM {t.unit} u JOIN {t.commune} c ON c.id = u.commune_id
                WHERE u.{column} = %s ORDER BY c.name, u.name, u.id LIMIT {PAGE}
            ),
            s AS (
                SELECT unit_id, COUNT(*) AS strength,
                    SUM(CASE WHEN role = 'leader' THEN 1 ELSE 0 END) AS leaders,
                    SUM(CASE WHEN role = 'deputy' THEN 1 ELSE 0 END) AS deputies,
                    SUM(CASE WHEN role = 'political' THEN 1 ELSE 0 END) AS political,
                    SUM(CASE WHEN role = 'member' THEN 1 ELSE 0 END) AS members
                FROM {t.member}
                WHERE unit_id IN (SELECT id FROM page) AND status IN {OPEN_SQL}
                GROUP BY unit_id
            )
            SELECT u.id, COALESCE(s.strength, 0), COALESCE(s.members, 0), u.*, c.*, pu.*,
                COALESCE(s.leaders, 0), COALESCE(s.deputies, 0), COALESCE(s.political, 0),
                u.establishment_leaders + u.establishment_deputies + u.establishment_political
                    + u.establishment_members
            FROM page
            JOIN {t.unit} u ON u.id = page.id
            JOIN {t.commune} c ON c.id = u.commune_id
            LEFT JOIN {t.unit} pu ON pu.id = u.parent_id
            LEFT JOIN s ON s.unit_id = u.id
            ORDER BY c.name, u.name, u.id""",
        [value],
    )
    return count, [tuple(row[:3]) for row in rows]


# --- the run --------------------------------------------------------------------------------------


def main() -> None:
    run_generated(__doc__.splitlines()[0], SCALES, build, lambda built, scale: measure(built))


if __name__ == "__main__":
    main()
