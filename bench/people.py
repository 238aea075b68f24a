"""How fast the people register answers at the size of the nation (issue 20 §5, §6).

    python -m bench.people [--scale small|national] [--database URL]

On bench.dataset's nation (built once, then reused: `ensure_dataset`), each page is asked for
through Django's test Client, signed in as a real user of that scope (the largest province's
commune with the most people, that province's staff, the Ministry), with DEBUG off; the time is
the server's (the best of several requests) and the queries are counted. Baseline: the
equivalent SQL written by hand on `connection.cursor()` in the same process — the count (at most
10,001 rows, as the list counts: `core.paging`) and the first page of 50 with the residence
commune, in the Vietnamese name order, or the person's row for the detail page. Figures:
(1) a commune's list, a province's list and the Ministry's (10 million people) unfiltered;
(2) a search by name with and without diacritics ("Nguyễn Thị Hương", "nguyen thi huong") in the
    commune and nation-wide;
(3) a person's page.
Then the number of queries of each request (it must not grow with the table: compare the two
scales) and the plan (EXPLAIN ANALYZE on PostgreSQL) of the slowest query seen.
"""

from __future__ import annotations

from typing import Any

from bench._common import best_of, figure, progress

PAGE = 50
CAP = 10_000


def client_for(user) -> Any:
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", headers={"accept-language": "vi"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


class Slowest:
    """The slowest query seen across the measured requests."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.sql = ""
        self.where = ""

    def see(self, captured: list[dict], where: str) -> None:
        for query in captured:
            seconds = float(query.get("time") or 0)
            if seconds > self.seconds:
                self.seconds, self.sql, self.where = seconds, query["sql"], where


def page_time(client, url: str, params: dict, repeat: int, slowest: Slowest, name: str):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def ask():
        answer = client.get(url, params)
        assert answer.status_code == 200, (url, params, answer.status_code)
        return answer

    ask()  # warm: session, caches
    reset_queries()  # each request starts the log again: count from an empty one
    with CaptureQueriesContext(connection) as captured:
        ask()
    slowest.see(captured.captured_queries, name)
    queries = len(captured.captured_queries)  # read now: the next request clears the log
    seconds, _ = best_of(repeat, ask)
    return seconds, queries


def sql_time(sql: str, params: list, repeat: int) -> float:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for statement in sql.split(";\n"):
                cursor.execute(statement, params)
                cursor.fetchall()

    return best_of(repeat, run)[0]


def list_sql(where: str, extra: str = "") -> str:
    """The list's count (capped) and first page, by hand."""
    return (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM people_person p WHERE {where} {extra} "
        f"LIMIT {CAP + 1}) s;\n"
        "SELECT p.id, p.full_name, p.citizen_id, p.date_of_birth, p.sex, p.ethnicity, c.name "
        "FROM people_person p JOIN territory_commune c ON c.id = p.residence_commune_id "
        f"WHERE {where} {extra} ORDER BY p.name_sort_key, p.id LIMIT {PAGE}"
    )


def name_sql(words: list[str]) -> str:
    return "".join(f" AND p.search_name LIKE '%%{w}%%'" for w in words)


def explain(slowest: Slowest) -> None:
    from django.db import connection

    print(f"slowest query ({slowest.seconds * 1000:.1f} ms, in {slowest.where}):")
    print(f"  {slowest.sql}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {slowest.sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {slowest.sql}")
        for row in cursor.fetchall():
            print("  " + " | ".join(str(v) for v in row))


def measure(dataset, repeat: int) -> None:
    from garrison.accounts.models import User
    from garrison.core.text import fold
    from garrison.people.models import Person
    from garrison.territory.models import Commune

    users = {role: User.objects.get(pk=pk) for role, pk in dataset.users.items()}
    clients = {role: client_for(user) for role, user in users.items()}
    commune = Commune.objects.get(pk=dataset.commune_id)
    # a name of the commune whose words have three letters or more (as most names do)
    people = Person.objects.filter(residence_commune=commune).order_by("name_sort_key")[:500]
    person = next(
        (p for p in people if min(len(w) for w in fold(p.full_name).split()) >= 3), people[0]
    )
    name = person.full_name
    plain = fold(name)
    words = plain.split()
    slowest = Slowest()
    counts: list[tuple[str, int]] = []
    cases = [
        ("commune people list", "commune", {}, f"p.residence_commune_id = {commune.pk}", ""),
        ("province people list", "province", {}, f"p.province_id = {dataset.province_id}", ""),
        ("ministry people list", "ministry", {}, "TRUE", ""),
        (
            "commune search with diacritics",
            "commune",
            {"q": name},
            f"p.residence_commune_id = {commune.pk}",
            name_sql(words),
        ),
        (
            "commune search without diacritics",
            "commune",
            {"q": plain},
            f"p.residence_commune_id = {commune.pk}",
            name_sql(words),
        ),
        ("nation search with diacritics", "ministry", {"q": name}, "TRUE", name_sql(words)),
        ("nation search without diacritics", "ministry", {"q": plain}, "TRUE", name_sql(words)),
    ]
    progress(f"searching for {name!r} / {plain!r}; timing {len(cases) + 1} pages")
    for label, role, params, where, extra in cases:
        seconds, queries = page_time(clients[role], "/people/", params, repeat, slowest, label)
        baseline = sql_time(list_sql(where, extra), [], repeat)
        figure(label, seconds * 1000, "ms", baseline * 1000, "{:.1f}")
        counts.append((label, queries))
    seconds, queries = page_time(
        clients["commune"], f"/people/{person.pk}/", {}, repeat, slowest, "person page"
    )
    baseline = sql_time(
        "SELECT p.*, c.name, v.name FROM people_person p "
        "JOIN territory_commune c ON c.id = p.residence_commune_id "
        "LEFT JOIN territory_village v ON v.id = p.village_id WHERE p.id = %s",
        [person.pk],
        repeat,
    )
    figure("person page", seconds * 1000, "ms", baseline * 1000, "{:.1f}")
    counts.append(("person page", queries))
    print(
        f"queries per request ({dataset.counts.get('people', 0):,} people): "
        + ", ".join(f"{label} {n}" for label, n in counts)
    )
    explain(slowest)


def main() -> None:
    from bench.dataset import main_on_dataset

    main_on_dataset(__doc__.split("\n")[0], measure)


if __name__ == "__main__":
    main()
