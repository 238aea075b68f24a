"""Dashboards, roll-ups and exports read from a real streaming replica; a request that writes,
and its author's next pages for a few seconds, read from the primary and show the write.

A replica that lags is made certain by pausing its replay (`replay_paused`): a page that still
shows the old state read from the replica, one that shows the new state read from the primary."""

from __future__ import annotations

import datetime
import re

import openpyxl
import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from garrison.core import exporting
from garrison.core.models import ExportJob
from garrison.core.replica import STICKY_COOKIE, ReplicaMiddleware, replica_reads
from garrison.people.models import Person
from garrison.reporting.directives import services
from garrison.territory.models import Province
from tests.clock import move_clock
from tests.factories import DirectiveFactory, PersonFactory

from .conftest import replay_paused, wait_for_replica

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

DAY = datetime.date(2026, 10, 15)
TO_ACKNOWLEDGE = "Acknowledge receipt of directive 07/CT-BCH"
TO_COMPLETE = "Report completion of directive 07/CT-BCH"
#: tables only the primary answers for (sign-in, sessions, users, audit trail, jobs)
PRIMARY_TABLES = ("django_session", "accounts_", "auth_", "axes_", "auditlog_", "core_exportjob")


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent(monkeypatch, province, commune_a, commune_b, province_staff, commune_a_staff):
    move_clock(monkeypatch, DAY)
    directive = DirectiveFactory(
        province=province,
        number="07/CT-BCH",
        issued_on=DAY,
        due_on=DAY + datetime.timedelta(days=10),
    )
    with translation.override("en"):
        services.do_issue_directive(actor=province_staff, directive=directive)
    return directive


def queries_on(alias: str):
    return CaptureQueriesContext(connections[alias])


def domain_queries(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not any(table in q["sql"] for table in PRIMARY_TABLES)
        and q["sql"].lstrip().upper().startswith("SELECT")
    ]


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("commune_a_staff", "/"),
        ("province_staff", "/"),
        ("province_staff", "/reporting/reports/rates/"),
        ("province_staff", "/operations/works/rollup/"),
    ],
)
def test_dashboards_and_roll_ups_read_from_the_replica(sent, persona, url, request, as_user):
    client = as_user(request.getfixturevalue(persona))
    wait_for_replica()
    with queries_on("replica") as on_replica, queries_on("default") as on_primary:
        response = client.get(url)
    assert response.status_code == 200
    assert domain_queries(on_replica), "the page read its figures from the replica"
    assert domain_queries(on_primary) == [], "no figure was read from the primary"
    assert STICKY_COOKIE not in response.cookies


def test_a_request_that_wrote_reads_its_own_write_from_the_primary(province):
    def view(request):
        with replica_reads():
            before = Province.objects.count()  # the replica
            Province.objects.create(code=96, name="Tỉnh Mới", codename="tinh_moi")
            after = Province.objects.count()  # the primary: the replica has not replayed it
        return HttpResponse(f"{before} {after}")

    with replay_paused(), queries_on("replica") as on_replica, queries_on("default") as primary:
        response = ReplicaMiddleware(view)(RequestFactory().get("/"))
    assert response.content == b"1 2"
    assert len(on_replica.captured_queries) == 1
    assert [q["sql"] for q in primary.captured_queries if "COUNT" in q["sql"]]
    assert STICKY_COOKIE in response.cookies


def test_after_a_write_the_author_sees_it_while_the_replica_lags(sent, commune_a_staff, as_user):
    client = as_user(commune_a_staff)
    inbox = client.get("/inbox/").content.decode()
    act, key = re.search(
        r'<form method="post" action="(/inbox/\d+/act/)".*?name="_submission" value="([^"]+)"',
        inbox,
        re.S,
    ).groups()
    wait_for_replica()
    assert TO_ACKNOWLEDGE in client.get("/").content.decode()
    with replay_paused():
        acknowledged = client.post(act, {"_submission": key})
        assert acknowledged.status_code == 302
        assert STICKY_COOKIE in acknowledged.cookies  # the client keeps it for the next pages
        home = client.get("/").content.decode()
        assert TO_COMPLETE in home and TO_ACKNOWLEDGE not in home  # from the primary
        # the cookie gone (its seconds passed): the home page reads the lagging replica again
        del client.cookies[STICKY_COOKIE]
        stale = client.get("/").content.decode()
        assert TO_ACKNOWLEDGE in stale
    wait_for_replica()
    assert TO_COMPLETE in client.get("/").content.decode()


@pytest.fixture
def people(commune_a):
    return [
        PersonFactory(residence_commune=commune_a, full_name="Lò Thị Hoa", sex="female"),
        PersonFactory(residence_commune=commune_a, full_name="Quàng Văn An", sex="male"),
    ]


def test_an_exports_rows_come_from_the_replica(people, commune_a, commune_a_staff):
    job = ExportJob.objects.create(
        config_name="people.person",
        actor=commune_a_staff,
        format="xlsx",
        query="",
        language="en",
        total_rows=2,
        file_name="people.xlsx",
    )
    with replay_paused():
        PersonFactory(residence_commune=commune_a, full_name="Cầm Văn Mới")  # not replayed
        with queries_on("replica") as on_replica:
            exporting.run_export(job.pk)
    job.refresh_from_db()  # the job's own rows were written to the primary
    assert job.status == ExportJob.Status.DONE
    sheet = openpyxl.load_workbook(exporting.stored_path(job)).active
    names = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    assert {"Lò Thị Hoa", "Quàng Văn An"} <= names
    assert "Cầm Văn Mới" not in names  # the rows were the replica's
    assert any("people_person" in q["sql"] for q in on_replica.captured_queries)
    assert Person.objects.count() == 3


def test_a_csv_export_streams_from_the_replica(people, commune_a, commune_a_staff, as_user):
    client = as_user(commune_a_staff)
    with replay_paused():
        PersonFactory(residence_commune=commune_a, full_name="Cầm Văn Mới")
        response = client.get("/people/export/?format=csv")
        body = b"".join(response.streaming_content).decode()
    assert "Lò Thị Hoa" in body and "Cầm Văn Mới" not in body
