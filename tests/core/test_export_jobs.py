"""Exports that do not block (issue 16, section 5): the CSV streams from the request, the
workbook is built by a worker whose page shows its progress and then the file, for its author
only; the rows are written as before, in either language, with a number of queries that does
not grow with the rows."""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from garrison.core import exporting
from garrison.core.models import ExportJob
from garrison.core.registry import all_configs
from tests.conftest import client_for
from tests.core.test_scoping import world_b  # noqa: F401  (one row of every register)
from tests.factories import MilitiaMemberFactory, MilitiaUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """The workbooks of each test in a folder of its own."""
    settings.DATA_DIR = tmp_path


def old_plain(value):
    """How the export wrote a value before issue 16 (`core.exporting._plain` then)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, datetime.date | int | float):
        return value
    return exporting.safe_cell(str(value))


def old_rows(config, qs):
    """The rows as the export wrote them before: `Column.value` (get_FOO_display) per cell."""
    columns = exporting.export_columns(config)
    return [[old_plain(col.value(obj)) for col in columns] for obj in qs]


@pytest.fixture
def people(commune_a):
    return [
        PersonFactory(
            residence_commune=commune_a,
            full_name="Lò Thị Hoa",
            sex="female",
            ethnicity="Thái",
            education_level="upper_secondary",
            religion="Phật giáo",
        ),
        PersonFactory(
            residence_commune=commune_a,
            full_name="=Cà Văn Minh",
            sex="male",
            ethnicity="Mông",
            education_level="",
        ),
        PersonFactory(residence_commune=commune_a, full_name="Quàng Văn An", sex="male"),
    ]


def csv_rows(response) -> list[list[str]]:
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def queue_xlsx(client, url: str, capture) -> ExportJob:
    with capture(execute=True):
        response = client.get(url)
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert response.url == f"/exports/{job.pk}/"
    return job


# --- the same rows as before ---------------------------------------------------------------------
@pytest.mark.parametrize("language", ["vi", "en"])
def test_it_writes_every_registers_rows_as_before_in_either_language(
    world_b,  # noqa: F811
    people,
    ministry_viewer,
    language,
):
    """The getters built once per export (choice labels translated once, rows read as tuples
    where they can be) write what `Column.value` wrote, cell for cell, for every register."""
    from django.http import HttpRequest

    request = HttpRequest()
    request.user = ministry_viewer  # the whole nation: every row of the world
    compared = 0
    with translation.override(language):
        for config in all_configs():
            qs = config.queryset(request).order_by("pk")
            expected = old_rows(config, qs)
            assert list(exporting.rows_of(config, qs)) == expected, config.name
            compared += bool(expected)
    assert compared >= 40


def test_the_people_csv_holds_the_choice_labels_of_the_users_language(commune_a_staff, people):
    for language, female, school in (
        ("vi", "nữ", "Trung học phổ thông (lớp 10–12)"),
        ("en", "female", "upper secondary (grades 10–12)"),
    ):
        rows = csv_rows(client_for(commune_a_staff, language).get("/people/export/?format=csv"))
        hoa = next(row for row in rows if "Lò Thị Hoa" in row)
        assert female in hoa and "Thái" in hoa, (language, hoa)
        assert school.lower() in [cell.lower() for cell in hoa], (language, hoa)
        minh = next(row for row in rows if "'=Cà Văn Minh" in row)  # the formula guard
        assert minh[0].isdigit() and len(minh[0]) == 12
    assert len(rows) == 1 + len(people)


# --- queries --------------------------------------------------------------------------------------
def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(queries)


def test_an_export_reads_its_rows_in_a_number_of_queries_that_does_not_grow_with_them(
    province_staff, commune_a
):
    """The people (read as tuples) and the militia members (model rows, a column of the unit's
    kind): as many queries for 3 rows as for 12."""
    client = client_for(province_staff)
    unit = MilitiaUnitFactory(commune=commune_a)
    MilitiaMemberFactory.create_batch(3, unit=unit)
    few = [_queries(client, url) for url in ("/people/export/?format=csv", _members_url())]
    MilitiaMemberFactory.create_batch(9, unit=MilitiaUnitFactory(commune=commune_a))
    many = [_queries(client, url) for url in ("/people/export/?format=csv", _members_url())]
    assert many == few


def _members_url() -> str:
    config = next(c for c in all_configs() if c.name == "member")
    return config.url("export") + "?format=csv"


# --- the workbook, built by a worker ------------------------------------------------------------
def test_the_workbook_is_built_by_a_worker_and_downloaded_from_its_page(
    commune_a_staff, people, django_capture_on_commit_callbacks
):
    client = client_for(commune_a_staff)
    job = queue_xlsx(
        client, "/people/export/?format=xlsx&sex=male", django_capture_on_commit_callbacks
    )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.processed_rows == 2
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "The file is ready: 2 rows." in page and "hx-get" not in page
    assert f'href="/exports/{job.pk}/download/"' in page
    response = client.get(f"/exports/{job.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == exporting.XLSX
    assert "attachment" in response["Content-Disposition"] and job.file_name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("citizen ID (CCCD)", "full name", "date of birth", "sex")
    # the filter and the sort of the list (by name, Vietnamese order); the guard on formulas
    assert [row[1] for row in rows[1:]] == ["Quàng Văn An", "'=Cà Văn Minh"]
    assert {row[3] for row in rows[1:]} == {"male"}
    cells = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    assert cells[0].data_type == "s" and cells[0].number_format == "@"  # citizen ID as text
    assert cells[2].number_format == "DD/MM/YYYY"


def test_the_workbook_is_written_in_the_language_it_was_asked_in(
    commune_a_staff, people, django_capture_on_commit_callbacks
):
    client = client_for(commune_a_staff, "vi")
    job = queue_xlsx(client, "/people/export/?format=xlsx", django_capture_on_commit_callbacks)
    response = client.get(f"/exports/{job.pk}/download/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [v for row in sheet.iter_rows(values_only=True) for v in row]
    assert "nữ" in values and "female" not in values


def test_asking_for_a_workbook_is_audited_with_who_how_many_and_which_filters(
    commune_a_staff, people, django_capture_on_commit_callbacks
):
    from auditlog.models import LogEntry

    client = client_for(commune_a_staff)
    queue_xlsx(client, "/people/export/?format=xlsx&sex=female", django_capture_on_commit_callbacks)
    entry = LogEntry.objects.get(additional_data__kind="export")
    assert entry.actor == commune_a_staff
    assert entry.additional_data["format"] == "xlsx" and entry.additional_data["rows"] == 1
    assert entry.additional_data["filters"] == {"sex": "female"}


def test_the_job_page_shows_the_rows_written_while_the_worker_writes(
    commune_a_staff, people, django_capture_on_commit_callbacks, monkeypatch
):
    client = client_for(commune_a_staff)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.get("/people/export/?format=xlsx")
    job = ExportJob.objects.get(pk=int(re.search(r"\d+", response.url).group()))
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "0 of 3 rows" in page and 'hx-trigger="every 1s"' in page  # queued: it polls

    monkeypatch.setattr(exporting, "CHUNK", 2)
    seen = []
    rows_of = exporting.rows_of

    def watched(config, qs):
        for n, row in enumerate(rows_of(config, qs)):
            if n == 2:  # two rows written: what does the page say?
                partial = client.get(f"/exports/{job.pk}/", headers={"HX-Request": "true"})
                seen.append(partial.content.decode())
            yield row

    monkeypatch.setattr(exporting, "rows_of", watched)
    for callback in queued:
        callback()
    assert "2 of 3 rows" in seen[0] and 'aria-valuenow="67"' in seen[0]
    assert "<html" not in seen[0]  # the partial alone, for htmx
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "The file is ready: 3 rows." in page and "hx-trigger" not in page


def test_nobody_but_its_author_sees_an_export_or_its_file(
    commune_a_staff, province_staff, people, django_capture_on_commit_callbacks, client
):
    job = queue_xlsx(
        client_for(commune_a_staff),
        "/people/export/?format=xlsx",
        django_capture_on_commit_callbacks,
    )
    other = client_for(province_staff)  # sees the same people, yet not this file
    for url in (f"/exports/{job.pk}/", f"/exports/{job.pk}/download/"):
        assert other.get(url).status_code == 404
        assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    assert other.get(f"/exports/{job.pk + 1}/").status_code == 404


def test_the_file_is_deleted_a_day_later(
    commune_a_staff, people, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    client = client_for(commune_a_staff)
    job = queue_xlsx(client, "/people/export/?format=xlsx", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    path = exporting.stored_path(job)
    assert path is not None and path.is_file()
    assert exporting.purge_exports(now=job.created_at + datetime.timedelta(hours=23)) == 0
    assert exporting.purge_exports(now=job.created_at + datetime.timedelta(hours=25)) == 1
    assert not path.exists()
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "This file has been deleted" in page
    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert "exported file(s) deleted" in out.getvalue()
