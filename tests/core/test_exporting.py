"""The exports of every register (.xlsx and CSV) write what people typed as text, never as a
formula a spreadsheet would run: a name like `=HYPERLINK("http://…","click")` is exported with a
leading single quote, readable and inert (OWASP's advice on CSV injection). Numbers and dates
stay numbers and dates. The reporting and cadres workbooks are checked beside their pages
(tests/reporting/test_rates_pages.py, tests/cadres/test_overview.py)."""

from __future__ import annotations

import csv
import datetime
import io
import re

import openpyxl
import pytest

from garrison.core import exporting
from garrison.core.registry import all_configs
from tests.conftest import client_for
from tests.core.test_scoping import world_b  # noqa: F401  (one row of every register)
from tests.factories import CommuneFactory, PersonFactory

FORMULA = '=HYPERLINK("http://evil.example/","click")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """The workbooks the export worker builds, in a folder of the test's own."""
    settings.DATA_DIR = tmp_path


@pytest.fixture
def commune_b(province):
    """Commune B, named like a formula (its name is in most registers' commune column)."""
    return CommuneFactory(code=3151, name="=1+2", province=province, division_type="phuong")


@pytest.fixture
def person_b(commune_b):
    """Commune B's person (in every register that names a person), every text a formula."""
    return PersonFactory(
        residence_commune=commune_b,
        full_name=FORMULA,
        address="+1+2",
        place_of_origin="@SUM(1;2)",
        religion="-1+2",
        phone="\t=1+2",
        sex="female",
    )


def xlsx_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def xlsx_export(client, url: str, capture) -> bytes:
    """The workbook the export link `url` leads to: the page queues it (the worker runs inline
    here), shows the job, whose download link serves the file."""
    with capture(execute=True):
        queued = client.get(url)
    assert queued.status_code == 302, (url, queued.status_code)
    page = client.get(queued.url)
    assert page.status_code == 200, url
    download = re.search(r'href="(/exports/\d+/download/)"', page.content.decode())
    assert download, (url, page.content.decode()[-2000:])
    response = client.get(download.group(1))
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def csv_cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [value for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for value in row]


def test_it_quotes_text_a_spreadsheet_would_run_and_keeps_numbers_and_dates():
    day = datetime.date(2026, 1, 2)
    assert exporting.safe_cell(FORMULA) == "'" + FORMULA
    for text in ("+1", "-1", "@A1", "\tx", "\rx"):
        assert exporting.safe_cell(text) == "'" + text
    for value in ("Lò Văn An", "", "1-2", -5, -2.5, 0, day, None):
        assert exporting.safe_cell(value) == value
    content = exporting.workbook_bytes(["name", "n", "day"], iter([[FORMULA, -5, day]]))
    name, number, date = [c for c in xlsx_cells(content) if c.row == 2]
    assert name.data_type == "s" and name.value == "'" + FORMULA
    assert number.data_type == "n" and number.value == -5
    assert date.value.date() == day


@pytest.mark.django_db
def test_it_writes_no_formula_in_any_registers_xlsx_or_csv_export(
    world_b,  # noqa: F811
    province_staff,
    django_capture_on_commit_callbacks,
):
    client = client_for(province_staff)
    capture = django_capture_on_commit_callbacks
    formulas, quoted, checked = [], set(), 0
    for config in all_configs():
        url = config.url("export")
        if not url:
            continue
        cells = xlsx_cells(xlsx_export(client, url + "?format=xlsx", capture))
        formulas += [
            f"{url} xlsx {c.coordinate}: {c.value!r}"
            for c in cells
            if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(TRIGGERS))
        ]
        answer = client.get(url + "?format=csv")
        assert answer.status_code == 200, url
        values = csv_cells(answer)
        formulas += [f"{url} csv: {v!r}" for v in values if v.startswith(TRIGGERS)]
        texts = [c.value for c in cells if isinstance(c.value, str)] + values
        if "'" + FORMULA in texts:  # still readable, behind the quote
            quoted.add(config.name)
        checked += 1
    assert not formulas, formulas
    assert checked >= 40
    assert "person" in quoted and len(quoted) >= 10, sorted(quoted)
