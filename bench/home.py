"""How fast the home pages' roll-ups answer at the size of the nation (issue 20 §5).

    python -m bench.home [--scale small|national] [--database URL]

On bench.dataset's nation (built once, then reused), with the clock on the dataset's day
(24/11/2026) and DEBUG off. Each figure is the best of several runs of:
- the application's path: the home page section as the home page calls it (a request signed in
  as the Ministry or the largest province's staff; no template rendered), or the whole home page
  through Django's test Client (server time, templates included);
- baseline: the same numbers computed by hand in SQL on `connection.cursor()` in the same
  process (for a whole page: the sum of its roll-ups' baselines).
Figures:
(1) the national reporting rate of the Ministry's monthly form, per province, for the latest
    period past due (`reporting.home.nation_reports`);
(2) the national militia strength, establishment and reservists (`forces.home.forces_summary`
    for the Ministry);
(3) the province's enlistment (`conscription.home.province_enlistment`: selected, ordered,
    enlisted of its campaign) and its militia figures with training (`forces_summary`);
(4) the Ministry's and the province's whole home pages.
The Ministry's home has no enlistment roll-up (enlistment is a province's campaign).
"""

from __future__ import annotations

import datetime
from typing import Any

from bench._common import best_of, figure, progress


def freeze_clock(day: datetime.date) -> None:
    """`timezone.localdate()` answers `day` and `timezone.now()` runs on from that day's hour."""
    from django.utils import timezone

    real_now, real_localdate = timezone.now, timezone.localdate
    offset = datetime.timedelta(days=(day - real_localdate()).days)

    def now():
        return real_now() + offset

    def localdate(value=None, *args, **kwargs):
        return real_localdate(now() if value is None else value, *args, **kwargs)

    timezone.now = now
    timezone.localdate = localdate


def request_as(user) -> Any:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    return request


def sql_rows(sql: str, params: Any = ()) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rate_sql(form, period) -> Any:
    from bench.reporting import rate_by_sql

    table = rate_by_sql(form.pk, [period], "province", None)
    names = sql_rows("SELECT id, name FROM territory_province ORDER BY code")
    return table, names


def strength_sql(today: datetime.date, province_id: int | None, training: bool) -> list:
    from bench.forces import Tables, training_sql_joins

    """The forces section's figures by hand: establishment, members serving and completing,
    reservists on the register and checked, and for a province its members' training this year
    (bench.forces' hand-written joins: members, complete, behind)."""
    where = "" if province_id is None else f"AND province_id = {province_id}"
    day = f"'{today.isoformat()}'"
    year_from, year_to = f"'{today.year}-01-01'", f"'{today.year}-12-31'"
    training = (
        sql_rows(
            training_sql_joins(Tables()),
            {"province": province_id, "year": today.year, "today": today},
        )
        if training and province_id is not None
        else []
    )
    return [
        training,
        sql_rows(
            "SELECT SUM(establishment_leaders + establishment_deputies + establishment_political"
            f" + establishment_members) FROM forces_militiaunit WHERE is_active {where}"
        ),
        sql_rows(
            f"SELECT province_id, COUNT(*), SUM(CASE WHEN term_end BETWEEN {year_from} AND "
            f"{year_to} THEN 1 ELSE 0 END) FROM forces_militiamember WHERE started_on <= {day} "
            "AND ((status IN ('serving', 'extended') AND ended_on IS NULL) OR ended_on > "
            f"{day}) {where} GROUP BY province_id"
        ),
        sql_rows(
            "SELECT province_id, COUNT(*), SUM(CASE WHEN checked_on BETWEEN "
            f"{year_from} AND {day} THEN 1 ELSE 0 END) FROM forces_reservist "
            f"WHERE registered_on <= {day} AND ((status = 'registered' AND discharged_on IS "
            f"NULL) OR discharged_on > {day}) {where} GROUP BY province_id"
        ),
    ]


def enlistment_sql(campaign_id: int) -> list:
    return sql_rows(
        "SELECT SUM(CASE WHEN c.selected THEN 1 ELSE 0 END), COUNT(o.id), "
        "SUM(CASE WHEN c.enlistment = 'reported' THEN 1 ELSE 0 END) "
        "FROM conscription_candidate c LEFT JOIN conscription_calluporder o "
        "ON o.candidate_id = c.id WHERE c.campaign_id = %s",
        [campaign_id],
    )


def page_time(user, repeat: int) -> tuple[float, int]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from bench.people import client_for

    client = client_for(user)

    def ask():
        answer = client.get("/")
        assert answer.status_code == 200, answer.status_code
        return answer

    ask()
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        ask()
    queries = len(captured.captured_queries)  # read now: the next request clears the log
    return best_of(repeat, ask)[0], queries


def measure(dataset, repeat: int) -> None:
    from django.utils import timezone

    from bench.dataset import TODAY
    from garrison.accounts.models import User
    from garrison.conscription import home as conscription_home
    from garrison.core.scoping import scope_of
    from garrison.forces import home as forces_home
    from garrison.reporting import home as reporting_home
    from garrison.reporting.rates import views as rate_pages

    freeze_clock(TODAY)
    today = timezone.localdate()
    ministry = User.objects.get(pk=dataset.users["ministry"])
    province = User.objects.get(pk=dataset.users["province"])
    form = reporting_home.main_form(ministry)
    period = rate_pages.latest_due_period(form, today)
    progress(f"the rate of {form} for {period}")
    ms = 1000

    def section(func, user):
        return lambda: func(request_as(user), scope_of(user))

    nation_rate, _ = best_of(repeat, section(reporting_home.nation_reports, ministry))
    rate_base, _ = best_of(repeat, lambda: rate_sql(form, period))
    figure("national reporting rate", nation_rate * ms, "ms", rate_base * ms, "{:.1f}")
    nation_forces, _ = best_of(repeat, section(forces_home.forces_summary, ministry))
    forces_base, _ = best_of(repeat, lambda: strength_sql(today, None, False))
    figure("national militia strength", nation_forces * ms, "ms", forces_base * ms, "{:.1f}")
    enlist, answer = best_of(repeat, section(conscription_home.province_enlistment, province))
    campaign = answer["campaign"]
    enlist_base, _ = best_of(repeat, lambda: enlistment_sql(campaign.pk))
    figure("province enlistment", enlist * ms, "ms", enlist_base * ms, "{:.1f}")
    province_forces, _ = best_of(repeat, section(forces_home.forces_summary, province))
    pforces_base, _ = best_of(repeat, lambda: strength_sql(today, dataset.province_id, True))
    figure("province militia strength", province_forces * ms, "ms", pforces_base * ms, "{:.1f}")
    ministry_page, ministry_queries = page_time(ministry, repeat)
    figure("ministry home page", ministry_page * ms, "ms", (rate_base + forces_base) * ms, "{:.1f}")
    province_page, province_queries = page_time(province, repeat)
    figure(
        "province home page",
        province_page * ms,
        "ms",
        (enlist_base + pforces_base) * ms,
        "{:.1f}",
    )
    print(f"queries per home page: ministry {ministry_queries}, province {province_queries}")


def main() -> None:
    from bench.dataset import main_on_dataset

    main_on_dataset(__doc__.split("\n")[0], measure)


if __name__ == "__main__":
    main()
