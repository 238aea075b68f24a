"""How fast the reporting rate rolls up for the nation and drills down into a province.

    python -m bench.reporting [--scale small|national] [--keep-db]

`national` is the whole nation: the 34 provinces and 3,321 communes of vietnam-provinces, each
with its commune Military Command (about 4 per cent of them established during 2026, so that
they are expected only from the month they existed; a few of those sent a return for a month
before it, which the rate must not count); `small` is 10 invented provinces of 30 communes.
Three forms, each as a province (or the Ministry) defines it:
- the Ministry's monthly form (every commune returns it) — the one the figures roll up;
- each province's own monthly form and quarterly form (34 of each at national scale), whose
  returns share the table and the period keys, so that the form filter has to be selective.
Returns: 12 months (December 2025 – November 2026; November is not due yet on "today",
24/11/2026, fixed so that runs compare) and 4 quarters, with values and computed-field sources
the size a real return stores; each province has its own diligence and each commune its own:
most made on time and approved, some late (a few of them submitted between midnight and 7 a.m.
the day after the due date: still the due date in UTC, late in Vietnam — the rate judges the
local date), some missing, a few drafts or returned, October's partly awaiting a decision,
November's under way. History lines (SubmissionEvent) are not generated: nothing measured
reads them.

Rows are written with the raw driver (executemany on SQLite, COPY on PostgreSQL) into the schema
the migrations create, then the database is analysed, as in bench.forces (whose writer this
reuses); DEBUG is off. Each figure is the best of several runs of:
- the application's path: `reporting.rates.querysets.rate_table` for a Ministry user's communes
  (`Commune.objects.visible_to`) grouped by province, and `rates.commune_states` for a
  province staff user's communes;
- baseline: the same aggregate written by hand in SQL and run on `connection.cursor()` in the
  same process, fetching the same numbers (the bench stops when the two answers differ).
Figures:
(1) the national reporting-rate roll-up of the Ministry's monthly form, 12 months by province;
(2) the province's rate table of the same form, 12 months by commune (the largest province);
(3) the province drill-down for October 2026: each commune's state, first submission and lateness.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

from bench._common import best_of, figure, progress, run_generated
from bench.forces import Writer, territory


@dataclass(frozen=True)
class Scale:
    provinces: int | None  # None: the real 34 provinces and 3,321 communes
    communes_per_province: int


SCALES = {
    "small": Scale(provinces=10, communes_per_province=30),
    "national": Scale(provinces=None, communes_per_province=0),
}
TODAY = datetime.date(2026, 11, 24)
FIRST_MONTH = datetime.date(2025, 12, 1)
DRILL_MONTH = "2026-10"
LOCAL_OFFSET = datetime.timedelta(hours=7)  # Asia/Ho_Chi_Minh: UTC+7, no summer time
MID_YEAR_SHARE = 0.04  # commune commands established during 2026
STRAY_SHARE = 0.25  # of those: a return for a month before they existed
MADE = ("submitted", "approved")

# form: code, name, period type, due days, province form?
FORMS = [
    ("BC-BQP/T", "Báo cáo tháng công tác quốc phòng địa phương", "month", 5, False),
    ("BC-QSĐP/T", "Báo cáo tháng công tác quân sự, quốc phòng", "month", 5, True),
    ("BC-QSĐP/Q", "Báo cáo quý công tác quân sự, quốc phòng", "quarter", 10, True),
]
# key, label, indicator
FIELDS = [
    ("militia_strength", "Quân số dân quân tự vệ", "militia.strength"),
    ("militia_trained", "Dân quân đã hoàn thành huấn luyện năm", "militia.trained"),
    ("reservists", "Quân nhân dự bị đã đăng ký", "reserve.registered"),
    ("commander_filled", "Có Chỉ huy trưởng (1 có, 0 không)", "command.commander_filled"),
    ("enlisted", "Công dân nhập ngũ", "enlistment.enlisted"),
    ("patrols", "Số lượt tuần tra, canh gác", ""),
    ("militia_on_patrol", "Lượt dân quân tham gia tuần tra", ""),
    ("incidents", "Số vụ việc xảy ra trên địa bàn", ""),
    ("incidents_handled", "Số vụ việc đã tham gia xử lý", ""),
    ("defence_education", "Số người được bồi dưỡng kiến thức quốc phòng, an ninh", ""),
    ("propaganda_sessions", "Số buổi tuyên truyền", ""),
]
RETURN_REASON = "Số liệu tuần tra chưa khớp sổ nhật ký; đề nghị rà soát, báo cáo lại."
SITUATION = (
    "Tình hình an ninh chính trị, trật tự an toàn xã hội trên địa bàn ổn định. Duy trì nghiêm "
    "chế độ trực sẵn sàng chiến đấu, trực chỉ huy; phối hợp Công an xã tuần tra {} lượt."
)


# --- generating -----------------------------------------------------------------------------------


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    form_id: int = 0  # the Ministry's monthly form
    province_id: int = 0  # the province drilled into (the one with the most communes)
    seconds: float = 0.0


def local(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    """An aware UTC datetime for `day` hour:minute in Vietnam."""
    naive = datetime.datetime.combine(day, datetime.time(hour, minute)) - LOCAL_OFFSET
    return naive.replace(tzinfo=datetime.UTC)


def established_dates(rng: random.Random, command_ids: list[int]) -> dict[int, Any]:
    """Each commune command's establishment: most before the period (or not recorded), some
    during 2026."""
    dates: dict[int, Any] = {}
    for pk in command_ids:
        draw = rng.random()
        if draw < MID_YEAR_SHARE:
            dates[pk] = datetime.date(2026, 2, 1) + datetime.timedelta(days=rng.randint(0, 290))
        elif draw < 0.6:
            dates[pk] = datetime.date(2025, 7, 1)
        else:
            dates[pk] = None  # predates the records
    return dates


def make_forms(places) -> list[tuple[Any, Any, Any, list]]:
    """(form, version, province or None, periods) of every form, version 1 published."""
    from garrison.reporting.models import FormField, FormVersion, ReportForm
    from garrison.reporting.returns import periods

    published = local(datetime.date(2025, 11, 20), 9, 0)
    made = []
    for code, name, kind, due_days, per_province in FORMS:
        first = FIRST_MONTH if kind == "month" else datetime.date(2025, 10, 1)
        last = TODAY if kind == "month" else datetime.date(2026, 9, 30)
        kind_periods = periods.periods_between(kind, first, last)
        for province in [p for p, _ in places] if per_province else [None]:
            form = ReportForm.objects.create(
                province=province, code=code, name=name, period_type=kind, due_days=due_days
            )
            version = FormVersion.objects.create(form=form, number=1, published_at=published)
            FormField.objects.bulk_create(
                [
                    FormField(
                        form_version=version,
                        section="I" if indicator else "II",
                        order=n,
                        key=key,
                        label=label,
                        indicator=indicator,
                    )
                    for n, (key, label, indicator) in enumerate(FIELDS)
                ]
                + [
                    FormField(
                        form_version=version, key="general_situation", label="Tình hình chung"
                    )
                ]
            )
            made.append((form, version, province, kind_periods))
    return made


class Returns:
    """Writes the returns of every form with the raw driver."""

    COLUMNS = [
        "form_id",
        "form_version_id",
        "commune_id",
        "province_id",
        "period_key",
        "period_start",
        "period_end",
        "due_on",
        "state",
        "values",
        "sources",
        "warnings",
        "first_submitted_at",
        "submitted_at",
        "decided_at",
        "return_reason",
        "note",
    ]

    def __init__(self, rng: random.Random) -> None:
        from django.db import connection

        from garrison.reporting.models import Submission

        self.rng = rng
        self.writer = Writer(Submission, self.COLUMNS)
        self.date = connection.ops.adapt_datefield_value
        self.when = connection.ops.adapt_datetimefield_value
        self.states: dict[str, int] = {}

    def add(self, form, version, commune, period, reliability: float) -> None:
        """The commune's return for `period`, or nothing (missing, or not started yet)."""
        due = period.due_on(form.due_days)
        state, first, decided = self.outcome(period, due, reliability)
        if state is None:
            return
        self.states[state] = self.states.get(state, 0) + 1
        values, sources = self.values(commune, period)
        self.writer.add(
            (
                form.pk,
                version.pk,
                commune.pk,
                commune.province_id,
                period.key,
                self.date(period.start),
                self.date(period.end),
                self.date(due),
                state,
                values,
                sources,
                "[]",
                self.when(first),
                self.when(first),
                self.when(decided),
                RETURN_REASON if state == "returned" else "",
                "",
            )
        )

    def outcome(self, period, due: datetime.date, reliability: float):
        """(state, first submitted, decided) — state None when there is no return."""
        rng = self.rng
        if due >= TODAY:  # under way: some drafts, a few made early
            draw = rng.random()
            if draw < 0.05:
                return "submitted", local(TODAY - datetime.timedelta(days=1), 15, 0), None
            return ("draft", None, None) if draw < 0.3 else (None, None, None)
        lapse = 1 - reliability
        shares = {
            "missing": 0.01 + 0.12 * lapse,
            "draft": 0.005 + 0.02 * lapse,
            "returned": 0.01,
            "late": 0.03 + 0.3 * lapse,
        }
        shares["on_time"] = 1 - sum(shares.values())
        kind = rng.choices(list(shares), weights=list(shares.values()))[0]
        if kind == "missing":
            return None, None, None
        if kind == "draft":
            return "draft", None, None
        if kind == "late":
            if rng.random() < 0.05:  # after midnight: the due date in UTC, late in Vietnam
                day, hour = due + datetime.timedelta(days=1), rng.randint(0, 6)
            else:
                day, hour = due + datetime.timedelta(days=rng.randint(1, 20)), rng.randint(7, 17)
        else:
            day = period.end + datetime.timedelta(days=rng.randint(-2, (due - period.end).days))
            hour = 23 if rng.random() < 0.03 else rng.randint(7, 17)  # 23:xx: still on time
        first = local(day, hour, rng.randint(0, 59))
        decided = first + datetime.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
        if kind == "returned":
            return "returned", first, decided
        if decided.date() >= TODAY or (period.key == DRILL_MONTH and rng.random() < 0.2):
            return "submitted", first, None
        return "approved", first, decided

    def values(self, commune, period) -> tuple[str, str]:
        """The values and sources a return of this size stores, as JSON text."""
        rng = self.rng
        strength = rng.randint(120, 600)
        patrols = rng.randint(4, 20)
        values = {
            "militia_strength": strength,
            "militia_trained": rng.randint(strength // 2, strength),
            "reservists": rng.randint(300, 1200),
            "commander_filled": 1,
            "enlisted": rng.randint(5, 40),
            "patrols": patrols,
            "militia_on_patrol": patrols * rng.randint(3, 6),
            "incidents": rng.randint(0, 4),
            "incidents_handled": 0,
            "defence_education": rng.randint(0, 140),
            "propaganda_sessions": rng.randint(1, 4),
            "general_situation": SITUATION.format(patrols),
        }
        as_of = min(period.end, TODAY).isoformat()
        sources = {
            key: {
                "indicator": indicator,
                "label": label,
                "source": "Sổ đăng ký: số liệu tại ngày cuối kỳ báo cáo",
                "as_of": as_of,
                "value": values[key],
                "url": f"/forces/members/?commune={commune.pk}",
            }
            for key, label, indicator in FIELDS
            if indicator
        }
        return json.dumps(values, ensure_ascii=False), json.dumps(sources, ensure_ascii=False)


def build(scale: Scale) -> Built:
    from django.db import connection, transaction

    from garrison.accounts.models import User
    from garrison.accounts.rules import Role
    from garrison.commands.models import MilitaryCommand
    from garrison.commands.setup import ensure_commands

    started = time.perf_counter()
    rng = random.Random(2026)
    built = Built()
    places = territory(scale)
    ensure_commands()
    n_communes = sum(len(c) for _, c in places)
    drilled, _communes = max(places, key=lambda pc: len(pc[1]))
    built.province_id = drilled.pk
    progress(
        f"{len(places)} provinces, {n_communes:,} communes; the drill-down is into "
        f"{drilled.name} ({len(_communes)} communes)"
    )
    with transaction.atomic():
        commands = list(MilitaryCommand.objects.filter(level="commune").order_by("pk"))
        established = established_dates(rng, [c.pk for c in commands])
        for command in commands:
            command.established_on = established[command.pk]
        MilitaryCommand.objects.bulk_update(commands, ["established_on"], batch_size=500)
        by_commune = {c.commune_id: c.established_on for c in commands}
        forms = make_forms(places)
        built.form_id = forms[0][0].pk
        User.objects.create(username="bench-ministry", role=Role.MINISTRY_VIEWER)
        User.objects.create(
            username="bench-province", role=Role.PROVINCE_STAFF, province_id=drilled.pk
        )
    returns = Returns(rng)
    strays = 0
    for index, (province, communes) in enumerate(places):
        diligence = rng.uniform(0.75, 0.98)
        reliability = {
            c.pk: min(1.0, max(0.3, diligence + rng.uniform(-0.2, 0.1))) for c in communes
        }
        with transaction.atomic():
            for form, version, owner, kind_periods in forms:
                if owner is not None and owner.pk != province.pk:
                    continue
                for commune in communes:
                    since = by_commune.get(commune.pk)
                    for period in kind_periods:
                        if since is not None and since > period.end:
                            # not expected yet; a few sent one anyway (not to be counted)
                            just_before = period.end >= since - datetime.timedelta(days=31)
                            if just_before and rng.random() < STRAY_SHARE:
                                returns.add(form, version, commune, period, 1.0)
                                strays += 1
                            continue
                        returns.add(form, version, commune, period, reliability[commune.pk])
            returns.writer.flush()
        if (index + 1) % 5 == 0 or index + 1 == len(places):
            progress(
                f"province {index + 1}/{len(places)}: {returns.writer.written:,} returns "
                f"({time.perf_counter() - started:,.0f} s)"
            )
    analyse = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    progress(f"analysing the tables ({analyse})")
    with connection.cursor() as cursor:
        cursor.execute(analyse)
    built.counts = {
        "provinces": len(places),
        "communes": n_communes,
        "forms": len(forms),
        "returns": returns.writer.written,
        **{f"{state} returns": n for state, n in sorted(returns.states.items())},
        "returns for a month before the command existed": strays,
    }
    built.seconds = time.perf_counter() - started
    return built


# --- measuring ------------------------------------------------------------------------------------


def sql_rows(sql: str, params: Any) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def local_date_sql(column: str) -> str:
    """The local (Vietnam) date of a UTC timestamp column, as a person writes it."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"({column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"
    return f"date({column}, '+7 hours')"


def as_date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def rate_by_orm(communes, form, kind_periods, group: str) -> dict[tuple, tuple[int, int, int]]:
    from garrison.reporting.rates import querysets as rates

    table = rates.rate_table(communes, form, kind_periods, group, TODAY)
    return {key: (row.expected, row.on_time, row.late) for key, row in table.items()}


def rate_by_sql(
    form_id: int, kind_periods, group: str, province_id: int | None
) -> dict[tuple, tuple[int, int, int]]:
    """The same roll-up by hand: the expected communes counted per period with one CASE each,
    the made returns grouped by place and period."""
    place = "c.province_id" if group == "province" else "c.id"
    where = "" if province_id is None else "WHERE c.province_id = %(province)s"
    expected = ", ".join(
        f"SUM(CASE WHEN mc.established_on IS NULL OR mc.established_on <= %(end{i})s "
        "THEN 1 ELSE 0 END)"
        for i in range(len(kind_periods))
    )
    params: dict[str, Any] = {f"end{i}": p.end for i, p in enumerate(kind_periods)}
    params.update(form=form_id, province=province_id)
    params.update({f"key{i}": p.key for i, p in enumerate(kind_periods)})
    table: dict[tuple, list[int]] = {}
    for place_id, *counts in sql_rows(
        f"""SELECT {place}, {expected}
            FROM territory_commune c
            JOIN commands_militarycommand mc ON mc.commune_id = c.id AND mc.level = 'commune'
            {where}
            GROUP BY {place}""",
        params,
    ):
        for p, n in zip(kind_periods, counts, strict=True):
            table[(place_id, p.key)] = [n or 0, 0, 0]
    keys = ", ".join(f"%(key{i})s" for i in range(len(kind_periods)))
    on_time = f"{local_date_sql('s.first_submitted_at')} <= s.due_on"
    s_place = "s.province_id" if group == "province" else "s.commune_id"
    s_where = "" if province_id is None else "AND s.province_id = %(province)s"
    for place_id, key, on, late in sql_rows(
        f"""SELECT {s_place}, s.period_key,
                SUM(CASE WHEN {on_time} THEN 1 ELSE 0 END),
                SUM(CASE WHEN {on_time} THEN 0 ELSE 1 END)
            FROM reporting_submission s
            JOIN commands_militarycommand mc ON mc.commune_id = s.commune_id
            WHERE s.form_id = %(form)s AND s.period_key IN ({keys})
                AND s.state IN ('submitted', 'approved') {s_where}
                AND (mc.established_on IS NULL OR mc.established_on <= s.period_end)
            GROUP BY {s_place}, s.period_key""",
        params,
    ):
        entry = table.get((place_id, key))
        if entry is not None:
            entry[1], entry[2] = on, late
    return {key: tuple(v) for key, v in table.items()}


def drill_by_orm(communes, form, period) -> dict[int, tuple]:
    from garrison.reporting.rates import querysets as rates

    return {
        c.pk: (c.status, c.days_late, c.return_pk, c.province.name)
        for c in rates.commune_states(communes, form, period, TODAY)
    }


def drill_by_sql(province_id: int, form_id: int, period, due: datetime.date) -> dict[int, tuple]:
    """The drill-down by hand: the communes with their command and return joined, the state
    worked out in SQL, the days late from the local dates."""
    submitted_on = local_date_sql("s.first_submitted_at")
    rows = sql_rows(
        f"""SELECT c.id,
                CASE
                    WHEN mc.id IS NULL OR mc.level <> 'commune'
                        OR mc.established_on > %(end)s THEN 'not_expected'
                    WHEN s.state IN ('submitted', 'approved') THEN
                        CASE WHEN {submitted_on} <= %(due)s THEN 'on_time' ELSE 'late' END
                    WHEN %(today)s <= %(due)s THEN 'not_yet_due'
                    ELSE 'missing'
                END,
                {submitted_on}, s.id, p.name, c.*, p.*
            FROM territory_commune c
            JOIN territory_province p ON p.id = c.province_id
            LEFT JOIN commands_militarycommand mc ON mc.commune_id = c.id
            LEFT JOIN reporting_submission s
                ON s.commune_id = c.id AND s.form_id = %(form)s AND s.period_key = %(key)s
            WHERE c.province_id = %(province)s
            ORDER BY c.name""",
        {
            "end": period.end,
            "due": due,
            "today": TODAY,
            "form": form_id,
            "key": period.key,
            "province": province_id,
        },
    )
    result = {}
    for pk, status, submitted, return_pk, province_name, *_rest in rows:
        if status == "late":
            days = (as_date(submitted) - due).days
        elif status == "missing":
            days = (TODAY - due).days
        else:
            days = 0
        result[pk] = (status, days, return_pk, province_name)
    return result


def agree(name: str, orm: dict, sql: dict) -> None:
    """Stop when the application and the hand-written SQL disagree (the figures would compare
    different work)."""
    if orm == sql:
        return
    for key in sorted(set(orm) | set(sql), key=str):
        if orm.get(key) != sql.get(key):
            raise SystemExit(
                f"MISMATCH in {name} at {key}: application {orm.get(key)} / SQL {sql.get(key)}"
            )


def summary(table: dict[tuple, tuple[int, int, int]], kind_periods) -> str:
    """The nation's rate for each month, for the reader (expected, on time, late, rate)."""
    parts = []
    for p in kind_periods:
        expected = sum(v[0] for (_place, key), v in table.items() if key == p.key)
        on_time = sum(v[1] for (_place, key), v in table.items() if key == p.key)
        late = sum(v[2] for (_place, key), v in table.items() if key == p.key)
        rate = 100 * (on_time + late) / expected if expected else 0
        parts.append(f"{p.key} {rate:.1f}% ({late} late)")
    return ", ".join(parts)


def measure(built: Built, repeat: int) -> None:
    from garrison.accounts.models import User
    from garrison.reporting.models import ReportForm
    from garrison.reporting.returns import periods
    from garrison.territory.models import Commune

    form = ReportForm.objects.get(pk=built.form_id)
    months = periods.periods_between(periods.MONTH, FIRST_MONTH, TODAY)
    assert len(months) == 12
    ministry = User.objects.get(username="bench-ministry")
    province_user = User.objects.get(username="bench-province")
    nation = Commune.objects.visible_to(ministry)
    province = Commune.objects.visible_to(province_user)

    def timed(name: str, orm, sql) -> Any:
        orm_answer, sql_answer = orm(), sql()
        agree(name, orm_answer, sql_answer)  # before timing
        baseline, _ = best_of(repeat, sql)
        elapsed, _ = best_of(repeat, orm)
        figure(name, elapsed, "s", baseline)
        return orm_answer

    table = timed(
        "national reporting rate, 12 months by province (rate_table)",
        lambda: rate_by_orm(nation, form, months, "province"),
        lambda: rate_by_sql(form.pk, months, "province", None),
    )
    progress("national rate by month: " + summary(table, months))
    timed(
        "province reporting rate, 12 months by commune (rate_table)",
        lambda: rate_by_orm(province, form, months, "pk"),
        lambda: rate_by_sql(form.pk, months, "pk", built.province_id),
    )
    month = periods.parse_key(periods.MONTH, DRILL_MONTH)
    due = month.due_on(form.due_days)
    states = timed(
        f"province drill-down, one month {DRILL_MONTH} (commune_states)",
        lambda: drill_by_orm(province, form, month),
        lambda: drill_by_sql(built.province_id, form.pk, month, due),
    )
    counts: dict[str, int] = {}
    for status, *_rest in states.values():
        counts[status] = counts.get(status, 0) + 1
    progress("drill-down: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))


def main() -> None:
    run_generated(
        __doc__.splitlines()[0],
        SCALES,
        build,
        lambda built, scale: measure(built, repeat=5 if scale == "small" else 3),
    )


if __name__ == "__main__":
    main()
