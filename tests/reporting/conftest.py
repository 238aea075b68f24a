"""Shared fixtures of the reporting tests: uploads stored in a temporary directory, files of
each kind, a directive of Điện Biên (communes A and B) sent with dates around today, and the
monthly report form with last month and a squad of three for its computed strength."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from garrison.reporting.returns import periods
from tests.factories import (
    DirectiveFactory,
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    monthly_form,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Services answer in the active language (Vietnamese by default): these tests read the
    English messages; pages choose theirs from the browser (tests.conftest.client_for)."""
    with translation.override("en"):
        yield


def pdf_file(name: str = "ke-hoach.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def draft(province, commune_a, commune_b, commune_c, today):
    """A draft of Điện Biên addressed to all its communes (A and B; C is another province's)."""
    return DirectiveFactory(
        province=province,
        number="02/CT-BCH",
        issued_on=today,
        due_on=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def sent(draft, province_staff):
    from garrison.reporting.directives import services

    services.do_issue_directive(actor=province_staff, directive=draft)
    draft.refresh_from_db()
    return draft


def receipt_of(directive, commune):
    return directive.receipts.get(commune=commune)


def make_late(directive, days: int = 5) -> None:
    """Move the due date `days` into the past (as if the directive had been sent long ago)."""
    due = timezone.localdate() - datetime.timedelta(days=days)
    type(directive).objects.filter(pk=directive.pk).update(
        due_on=due, issued_on=due - datetime.timedelta(days=10)
    )
    directive.receipts.update(due_on=due)


# --- report forms and returns ------------------------------------------------------------------
@pytest.fixture
def form(province):
    """The province's monthly form BC-01 (tests.factories.monthly_form), published."""
    return monthly_form(province)


@pytest.fixture
def last_month(today):
    return periods.previous(periods.period_containing("month", today))


@pytest.fixture
def squad(commune_a, command_a):
    """Three militia members in commune A: the form's computed strength is 3."""
    unit = MilitiaUnitFactory(commune=commune_a)
    for _ in range(3):
        MilitiaMemberFactory(unit=unit, started_on=datetime.date(2025, 4, 1))
    return unit
