"""Internal keys never reach a reader (issue 16, section 4): an import page names its columns
by their names, never their codes (`citizen_id`), the empty sheet to fill in is headed by those
names and reads back, and a report form's page names a field's type and its indicator."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import translation

from garrison.core import exporting, sheets
from garrison.core.registry import all_configs
from tests.conftest import client_for

IMPORTABLE = [c for c in all_configs() if c.import_columns and c.natural_key]


def test_there_are_import_pages_to_check():
    assert len(IMPORTABLE) >= 3


@pytest.mark.parametrize("config", IMPORTABLE, ids=lambda c: c.name)
def test_the_empty_sheet_is_headed_by_column_names_that_read_back(config):
    with translation.override("vi"):
        response = exporting.template_response(config)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        headers = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
        matched, errors, _ignored = sheets.match_headers(config, headers)

    codes = {c.field for c in config.import_columns}
    assert not codes & set(headers), headers
    assert not errors, errors
    assert len(matched) == len(config.import_columns)


@pytest.mark.django_db
@pytest.mark.parametrize("config", IMPORTABLE, ids=lambda c: c.name)
def test_an_import_page_names_columns_not_codes(
    config, ministry_viewer, province_staff, commune_a_staff
):
    url = config.url("import")
    page = None
    for user in (province_staff, commune_a_staff, ministry_viewer):
        response = client_for(user, "vi").get(url)
        if response.status_code == 200:
            page = response.content.decode()
            break
    assert page is not None, f"no persona of the suite can open {url}"
    for column in config.import_columns:
        if "_" in column.field:
            assert f"<code>{column.field}</code>" not in page
            assert f">{column.field}<" not in page
    assert f"<code>{config.natural_key}</code>" not in page
    with translation.override("vi"):
        assert sheets.natural_key_label(config) in page


def test_the_unknown_column_message_lists_names():
    config = next(c for c in IMPORTABLE if c.name == "person")
    with translation.override("vi"):
        _matched, errors, _ignored = sheets.match_headers(config, ["biệt danh"])
    message = errors[0].message
    assert "citizen_id" not in message and "full_name" not in message
