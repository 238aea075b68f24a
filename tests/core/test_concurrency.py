"""Concurrent writes (issue 15, finding 2): two people saving the same record at the same moment
get one success and one 409 ("changed by someone else"), never a 500, on SQLite (the embedded
default) as on PostgreSQL; exports running in parallel with an edit never make it fail either.

The requests really run in parallel: one thread per request, each with its own test client and
its own database connection, released together by a barrier, against a transactional test
database (a file on SQLite, so its locking is the application's)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections

from tests.conftest import client_for
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 10


def _in_parallel(calls: list[Callable[[], int]]) -> list[int | str]:
    """Run `calls` at once (a barrier releases them together); their status codes, or the
    exception's name where one escaped the request (it would have been a 500)."""
    barrier = threading.Barrier(len(calls))
    results: list[int | str] = [0] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except Exception as exc:  # reported as the answer
            results[index] = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _edit_form(client, person) -> dict:
    page = client.get(f"/people/{person.pk}/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {k: ("" if v is None else v) for k, v in data.items()}


def _post(client, url: str, data: dict) -> Callable[[], int]:
    return lambda: client.post(url, data).status_code


def _client(user):
    client = client_for(user)
    client.raise_request_exception = False  # a failing request answers 500, as in production
    return client


def test_it_answers_one_success_and_one_409_to_two_simultaneous_page_edits(
    province_staff, commune_a
):
    person = PersonFactory(residence_commune=commune_a)
    first, second = _client(province_staff), _client(province_staff)
    url = f"/people/{person.pk}/edit/"
    for trial in range(TRIALS):
        person.refresh_from_db()
        form = _edit_form(first, person)
        answers = _in_parallel(
            [
                _post(first, url, {**form, "phone": f"09120000{trial:02d}"}),
                _post(second, url, {**form, "phone": f"09130000{trial:02d}"}),
            ]
        )
        assert sorted(answers, key=str) == [302, 409], f"trial {trial}: {answers}"
        person.refresh_from_db()
        assert person.version == form["version"] + 1


def test_it_answers_one_success_and_one_409_to_two_simultaneous_api_patches(
    province_staff, commune_a
):
    person = PersonFactory(residence_commune=commune_a)
    first, second = _client(province_staff), _client(province_staff)
    url = f"/api/people/{person.pk}"

    def patch(client, phone: str, version: int) -> Callable[[], int]:
        return lambda: (
            client.patch(
                url, {"phone": phone, "version": version}, content_type="application/json"
            ).status_code
        )

    for trial in range(TRIALS):
        person.refresh_from_db()
        answers = _in_parallel(
            [
                patch(first, f"09140000{trial:02d}", person.version),
                patch(second, f"09150000{trial:02d}", person.version),
            ]
        )
        assert sorted(answers, key=str) == [200, 409], f"trial {trial}: {answers}"


def test_it_keeps_an_edit_working_while_exports_run_in_parallel(province_staff, commune_a):
    person = PersonFactory(residence_commune=commune_a)
    PersonFactory.create_batch(20, residence_commune=commune_a)
    editor = _client(province_staff)
    exporters = [_client(province_staff) for _ in range(3)]
    url = f"/people/{person.pk}/edit/"
    for trial in range(3):
        person.refresh_from_db()
        form = _edit_form(editor, person)
        calls = [_post(editor, url, {**form, "phone": f"09160000{trial:02d}"})]
        calls += [
            (lambda c=c, f=f: c.get(f"/people/export/?format={f}").status_code)
            for c, f in zip(exporters, ["csv", "xlsx", "csv"], strict=True)
        ]
        answers = _in_parallel(calls)
        # the workbook: its job is queued, the answer leads to its page
        assert answers == [302, 200, 302, 200], f"trial {trial}: {answers}"
