"""Importing a sheet of people: preview, every bad row reported, all-or-nothing, idempotent."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.text import capfirst

from garrison.core.models import ImportJob
from garrison.people.models import Person
from tests.conftest import client_for

HEADER = "citizen_id,full_name,date_of_birth,sex,ethnicity,residence_commune,phone\n"


def csv_file(rows: str, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + rows).encode("utf-8"), content_type="text/csv")


class TaskRunningClient:
    """A test client whose requests run the tasks they queue after commit (the immediate task
    backend runs them inline, as a worker would)."""

    def __init__(self, client, capture):
        self.client = client
        self.capture = capture

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return self.client.post(*args, **kwargs)


def upload(client, file) -> ImportJob:
    response = client.post("/people/import/", {"file": file})
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.latest("pk")


@pytest.fixture
def staff_client(commune_a_staff, django_capture_on_commit_callbacks):
    return TaskRunningClient(client_for(commune_a_staff), django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_it_previews_then_imports(staff_client, commune_a):
    job = upload(
        staff_client,
        csv_file(
            f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},0912345678\n"
            f"011195000002,Quàng Thị Hai,1995-07-02,Nữ,Mông,{commune_a.code},\n"
        ),
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.created_count, job.updated_count, job.errors) == (2, 0, [])
    assert Person.objects.count() == 0  # nothing is saved before the confirmation
    page = staff_client.get(f"/imports/{job.pk}/")
    assert "Lò Văn Một" in page.content.decode()

    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    hai = Person.objects.get(citizen_id="011195000002")
    assert (hai.sex, hai.ethnicity, hai.residence_commune) == ("female", "Mông", commune_a)
    assert hai.date_of_birth.isoformat() == "1995-07-02"


@pytest.mark.django_db
def test_it_reports_every_bad_row_with_line_column_and_reason(staff_client, commune_a, commune_b):
    job = upload(
        staff_client,
        csv_file(
            f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n"  # line 2: fine
            f"011190000003,Lò Văn Ba,15/03/1990,male,Thái,{commune_a.code},\n"  # 3: digit 4
            f"12345,Lò Văn Bốn,15/03/1990,male,Thái,{commune_a.code},\n"  # 4: too short
            f"011090000005,Lò Văn Năm,31/02/1990,male,Thái,{commune_a.code},\n"  # 5: bad date
            f"011090000006,Lò Văn Sáu,15/03/1990,unknown,Thái,{commune_a.code},\n"  # 6: sex
            f"011090000007,Lò Văn Bảy,15/03/1990,male,Thái,{commune_b.code},\n"  # 7: other commune
            f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n"  # 8: duplicate
        ),
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    by_line = {}
    for error in job.errors:
        by_line.setdefault(error["line"], []).append(error)
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8]
    assert by_line[3][0]["column"] == "citizen_id" and "Digit 4" in by_line[3][0]["message"]
    assert "12 digits" in by_line[4][0]["message"]
    assert by_line[5][0]["column"] == "date_of_birth"
    assert by_line[6][0]["column"] == "sex"
    assert by_line[7][0]["column"] == "residence_commune"
    assert "line 2" in by_line[8][0]["message"]
    page = staff_client.get(f"/imports/{job.pk}/").content.decode()
    assert "Digit 4" in page
    # a job with errors cannot be applied
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_a_failed_import_changes_nothing(staff_client, commune_a, person_a):
    """If the data changed between preview and confirmation so that a row became invalid,
    nothing at all is written — not even the rows that were fine."""
    job = upload(
        staff_client,
        csv_file(
            f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n"
            f"{person_a.citizen_id},Lò Văn An Mới,{person_a.date_of_birth:%d/%m/%Y},male,Thái,"
            f"{commune_a.code},\n"
        ),
    )
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count) == ("ready", 1, 1)
    # meanwhile someone else registers the first citizen ID in another commune
    from tests.factories import CommuneFactory, PersonFactory

    elsewhere = CommuneFactory(province=commune_a.province)
    PersonFactory(
        citizen_id="011090000001", residence_commune=elsewhere, date_of_birth=person_a.date_of_birth
    )
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors and job.errors[0]["line"] == 2
    person_a.refresh_from_db()
    assert person_a.full_name == "Lò Văn An"  # the valid update was rolled back too


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(staff_client, commune_a):
    rows = f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},0912\n"
    job = upload(staff_client, csv_file(rows))
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    person = Person.objects.get()
    version = person.version

    again = upload(staff_client, csv_file(rows))
    again.refresh_from_db()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 1)
    staff_client.post(f"/imports/{again.pk}/", {"action": "apply"})
    person.refresh_from_db()
    assert person.version == version

    changed = upload(staff_client, csv_file(rows.replace("0912", "0987")))
    changed.refresh_from_db()
    assert (changed.created_count, changed.updated_count) == (0, 1)
    staff_client.post(f"/imports/{changed.pk}/", {"action": "apply"})
    person.refresh_from_db()
    assert (person.phone, person.version) == ("0987", version + 1)
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_it_reads_excel_and_restores_leading_zeros(staff_client, commune_a):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Số CCCD", "Họ và tên", "Ngày sinh", "Giới tính", "residence commune code"])
    sheet.append([11090000001, "Lò Văn Một", "15/03/1990", "Nam", commune_a.code])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("people.xlsx", buffer.getvalue())
    job = upload(staff_client, file)
    job.refresh_from_db()
    # headers in Vietnamese are accepted when they are the field's Vietnamese name
    assert job.errors == [] or all(e["line"] == 1 for e in job.errors), job.errors


@pytest.mark.django_db
def test_it_rejects_unknown_and_missing_columns(staff_client):
    file = SimpleUploadedFile("x.csv", "citizen_id,nickname\n011090000001,Tí\n".encode())
    job = upload(staff_client, file)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    messages = {(e["line"], e["column"]): e["message"] for e in job.errors}
    assert "Unknown column" in messages[(1, "nickname")]
    assert "missing" in messages[(1, "full_name")]


@pytest.mark.django_db
def test_it_refuses_files_that_are_not_sheets(staff_client):
    response = staff_client.post(
        "/people/import/", {"file": SimpleUploadedFile("photo.png", b"\x89PNG")}
    )
    assert response.status_code == 400
    assert ".xlsx or .csv" in response.content.decode()


@pytest.mark.django_db
def test_exported_sheet_imports_back_unchanged(staff_client, person_a):
    with staff_client.capture(execute=True):  # a worker builds the workbook
        queued = staff_client.get("/people/export/?format=xlsx")
    response = staff_client.get(f"{queued.url}download/")
    file = SimpleUploadedFile("people.xlsx", b"".join(response.streaming_content))
    job = upload(staff_client, file)
    job.refresh_from_db()
    assert job.errors == []
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 1)


@pytest.mark.django_db
def test_read_only_users_cannot_import(province_inspector, as_user):
    assert as_user(province_inspector).get("/people/import/").status_code == 404


# --- the same path as a form -----------------------------------------------------------------
def _spy_on_hooks(monkeypatch, fail_on: str | None = None) -> list[tuple]:
    """Record every call of the person config's create / update / after_save (and let them do
    their work); `fail_on`: the citizen ID whose after_save refuses, as a domain service would."""
    from django.core.exceptions import ValidationError

    from garrison.core.registry import get_config

    config = get_config("people.person")
    calls: list[tuple] = []
    create, update, after_save = (
        config.create.__func__,
        config.update.__func__,
        config.after_save.__func__,
    )

    def spy_create(cls, actor, form):
        calls.append(("create", actor.username, form.cleaned_data["citizen_id"]))
        return create(cls, actor, form)

    def spy_update(cls, actor, form, expected_version):
        calls.append(("update", actor.username, form.cleaned_data["citizen_id"]))
        return update(cls, actor, form, expected_version)

    def spy_after_save(cls, actor, obj, created):
        calls.append(("after_save", actor.username, obj.citizen_id, created))
        if obj.citizen_id == fail_on:
            raise ValidationError({"full_name": "Refused by the register's service."})
        return after_save(cls, actor, obj, created)

    monkeypatch.setattr(config, "create", classmethod(spy_create))
    monkeypatch.setattr(config, "update", classmethod(spy_update))
    monkeypatch.setattr(config, "after_save", classmethod(spy_after_save))
    return calls


def _new_and_changed(commune_a, person_a) -> str:
    return (
        f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n"
        f"{person_a.citizen_id},Lò Văn An Mới,{person_a.date_of_birth:%d/%m/%Y},male,Thái,"
        f"{commune_a.code},\n"
        f"011195000002,Quàng Thị Hai,1995-07-02,Nữ,Mông,{commune_a.code},\n"
    )


@pytest.mark.django_db
def test_apply_goes_through_the_configs_create_update_and_after_save(
    staff_client, commune_a, person_a, commune_a_staff, monkeypatch
):
    calls = _spy_on_hooks(monkeypatch)
    job = upload(staff_client, csv_file(_new_and_changed(commune_a, person_a)))
    assert calls == []  # the check saves nothing
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    user = commune_a_staff.username
    assert calls == [
        ("create", user, "011090000001"),
        ("after_save", user, "011090000001", True),
        ("update", user, person_a.citizen_id),
        ("after_save", user, person_a.citizen_id, False),
        ("create", user, "011195000002"),
        ("after_save", user, "011195000002", True),
    ]
    version = person_a.version
    person_a.refresh_from_db()
    assert (person_a.full_name, person_a.version) == ("Lò Văn An Mới", version + 1)


@pytest.mark.django_db
def test_a_row_refused_at_apply_changes_nothing(staff_client, commune_a, person_a, monkeypatch):
    """The whole apply is one transaction: a row the register's service refuses (here the last
    one) undoes the rows saved before it."""
    calls = _spy_on_hooks(monkeypatch, fail_on="011195000002")
    job = upload(staff_client, csv_file(_new_and_changed(commune_a, person_a)))
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {"line": 4, "column": "full_name", "message": "Refused by the register's service."}
    ]
    assert [c[0] for c in calls].count("after_save") == 3  # the first two were saved, then undone
    assert not Person.objects.filter(citizen_id__in=["011090000001", "011195000002"]).exists()
    person_a.refresh_from_db()
    assert person_a.full_name == "Lò Văn An"


# --- the uploaded file is not kept -----------------------------------------------------------
@pytest.mark.django_db
def test_the_file_is_deleted_once_the_import_is_over(staff_client, commune_a, person_a):
    done = upload(
        staff_client, csv_file(f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n")
    )
    done.refresh_from_db()
    assert done.status == ImportJob.Status.READY and bytes(done.content)  # kept until applied
    staff_client.post(f"/imports/{done.pk}/", {"action": "apply"})
    done.refresh_from_db()
    assert (done.status, bytes(done.content), done.created_count) == ("done", b"", 1)

    invalid = upload(staff_client, csv_file("12345,Lò Văn Bốn,15/03/1990,male,Thái,,\n"))
    invalid.refresh_from_db()
    assert invalid.status == ImportJob.Status.INVALID and bytes(invalid.content) == b""
    assert invalid.errors  # what the author needs stays

    failed = upload(staff_client, csv_file(_new_and_changed(commune_a, person_a)))
    Person.objects.filter(pk=person_a.pk).update(full_name="Changed meanwhile")
    from tests.factories import PersonFactory

    PersonFactory(citizen_id="011195000002", date_of_birth=person_a.date_of_birth)
    staff_client.post(f"/imports/{failed.pk}/", {"action": "apply"})
    failed.refresh_from_db()
    assert failed.status == ImportJob.Status.FAILED and bytes(failed.content) == b""
    # line 3's record changed after the check (refused, issue 15 finding 1); line 4's key clashes
    assert [error["line"] for error in failed.errors] == [3, 4]


@pytest.mark.django_db
def test_the_purge_deletes_files_older_than_a_day_and_keeps_the_jobs(commune_a_staff):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from garrison.core.importing import purge_uploads

    now = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)

    def job(age: datetime.timedelta) -> ImportJob:
        created = ImportJob.objects.create(
            config_name="people.person",
            actor=commune_a_staff,
            file_name="people.csv",
            content=b"citizen_id\n011090000001\n",
            status=ImportJob.Status.READY,
            created_count=1,
        )
        ImportJob.objects.filter(pk=created.pk).update(created_at=now - age)
        return created

    old = job(datetime.timedelta(days=1, minutes=1))
    fresh = job(datetime.timedelta(hours=23))
    assert purge_uploads(now=now) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (bytes(old.content), old.created_count) == (b"", 1)
    assert bytes(fresh.content)
    assert purge_uploads(now=now) == 0

    # the command purges against the clock: a job of this morning keeps its file
    ImportJob.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    today = job(datetime.timedelta(0))
    ImportJob.objects.filter(pk=today.pk).update(created_at=timezone.now())
    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert "1 uploaded file(s) deleted" in out.getvalue()
    fresh.refresh_from_db()
    today.refresh_from_db()
    assert (bytes(fresh.content), bytes(today.content)) == (b"", b"citizen_id\n011090000001\n")


@pytest.mark.django_db
def test_applying_after_the_purge_asks_for_the_file_again(staff_client, commune_a):
    job = upload(
        staff_client, csv_file(f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n")
    )
    ImportJob.objects.filter(pk=job.pk).update(content=b"")
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "upload it again" in job.errors[0]["message"]
    assert not Person.objects.exists()


# --- out of scope reads as absent ------------------------------------------------------------
def _row_for(person, commune) -> str:
    """A valid row with `person`'s citizen ID (its digits agree with the birth and sex), under
    another name, in `commune`."""
    sex = "female" if person.sex == "female" else "male"
    born = f"{person.date_of_birth:%d/%m/%Y}"
    return f"{person.citizen_id},Lò Văn Khác,{born},{sex},Thái,{commune.code},\n"


@pytest.mark.django_db
def test_a_citizen_id_held_elsewhere_reads_as_absent_and_names_no_area(
    staff_client, commune_a, commune_a_staff, person_b, commune_b, commune_c
):
    from garrison.core.importing import existing_records
    from garrison.core.registry import get_config
    from tests.factories import PersonFactory

    config = get_config("people.person")
    person_c = PersonFactory(residence_commune=commune_c, full_name="Lò Văn Xa")
    # the lookup: a key held in commune B (or in another province) is just not there
    for key in (person_b.citizen_id, person_c.citizen_id, "011090000009"):
        assert existing_records(config, commune_a_staff, [key]) == {}

    sheet = _row_for(person_b, commune_a) + _row_for(person_c, commune_a)
    job = upload(staff_client, csv_file(sheet))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["line"], e["column"]) for e in job.errors] == [(2, "citizen_id"), (3, "citizen_id")]
    b_message, c_message = (e["message"] for e in job.errors)
    # the same answer wherever the record lives (this province or another) ...
    assert b_message.replace(person_b.citizen_id, "ID") == c_message.replace(
        person_c.citizen_id, "ID"
    )
    assert "cannot be recorded here" in b_message and "hand the record over" in b_message
    # ... and nothing that names or hints at the other area or the person there
    names = [
        commune_b.name,
        commune_c.name,
        commune_c.province.name,
        person_b.full_name,
        person_c.full_name,
        "outside your area",
        "transfer",
    ]
    for message in (b_message, c_message):
        for hint in [*names, str(commune_b.code), str(commune_c.code)]:
            assert hint not in message, hint
    page = staff_client.get(f"/imports/{job.pk}/").content.decode()
    for hint in names:
        assert hint not in page, hint


@pytest.mark.django_db
def test_a_citizen_id_registered_elsewhere_before_apply_is_refused_the_same_way(
    staff_client, commune_a, commune_b
):
    from tests.factories import PersonFactory

    row = f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n"
    job = upload(staff_client, csv_file(row))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    other = PersonFactory(citizen_id="011090000001", residence_commune=commune_b)
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    [error] = job.errors
    assert (error["line"], error["column"]) == (2, "citizen_id")
    assert "cannot be recorded here" in error["message"]
    for hint in (commune_b.name, str(commune_b.code), other.full_name, "outside"):
        assert hint not in error["message"] + job.message
    assert Person.objects.filter(citizen_id="011090000001").get() == other


# --- the lookup of existing records ----------------------------------------------------------
@pytest.mark.django_db
def test_the_lookup_is_one_query_however_long_the_sheet(
    commune_a_staff, commune_a, django_assert_num_queries
):
    from garrison.core.importing import existing_records
    from garrison.core.registry import get_config
    from tests.factories import PersonFactory

    config = get_config("people.person")
    mine = PersonFactory(residence_commune=commune_a)
    keys = [f"0110900{n:05d}" for n in range(2500)] + [mine.citizen_id]
    with django_assert_num_queries(1):
        found = existing_records(config, commune_a_staff, keys)
    assert list(found) == [mine.citizen_id]


@pytest.mark.django_db
def test_the_area_check_of_written_rows_is_one_query_of_their_keys(
    commune_a_staff, commune_a, commune_b
):
    """After a batch is written, the records the actor may not change are found in one query
    whose keys are one parameter, looked up by primary key (inside an import's transaction the
    statistics know nothing of the rows written, and the area's own index once drove it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from garrison.core.import_rows import rows_in_area
    from garrison.core.registry import get_config
    from tests.factories import PersonFactory

    config = get_config("people.person")
    mine = PersonFactory.create_batch(3, residence_commune=commune_a)
    theirs = PersonFactory(residence_commune=commune_b)
    pks = [p.pk for p in mine] + [theirs.pk, 10**9]
    with CaptureQueriesContext(connection) as captured:
        found = rows_in_area(config, commune_a_staff, pks)
    assert found == {p.pk for p in mine}
    (query,) = captured.captured_queries
    assert "json" in query["sql"].lower()  # the keys as one array the database unpacks
    assert "ORDER BY" not in query["sql"]


@pytest.mark.django_db
def test_checking_costs_one_lookup_per_batch_not_per_row(
    commune_a_staff, commune_a, commune_b, monkeypatch
):
    """The rows name a commune outside the actor's area, so none reaches the form (which
    queries per row): what is left is the fixed cost of a check plus ONE lookup of the records
    per batch of rows — the same for 10 rows as for a full batch (the keys of 1,900 rows once
    took three lookups, each excluding all records found before)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from garrison.core import import_rows
    from garrison.core.importing import check_rows, read_sheet
    from garrison.core.registry import get_config

    config = get_config("people.person")
    BATCH_ROWS = 300  # two batches of bad rows stay below the errors a check reports
    monkeypatch.setattr(import_rows, "BATCH_ROWS", BATCH_ROWS)

    def queries(size: int) -> int:
        sheet = HEADER + "".join(
            f"0110900{n:05d},Lò Văn Một,15/03/1990,male,Thái,{commune_b.code},\n"
            for n in range(size)
        )
        headers, rows = read_sheet("people.csv", sheet.encode())
        with CaptureQueriesContext(connection) as captured:
            result = check_rows(config, commune_a_staff, headers, rows)
        assert result.errors and result.created == 0
        return len(captured)

    assert queries(10) == queries(BATCH_ROWS)
    assert queries(2 * BATCH_ROWS) == queries(BATCH_ROWS) + 1


def test_the_migration_clears_the_uploads_kept_before_imports_deleted_them(
    commune_a_staff, person_a
):
    """issue 15, finding 8: files kept by earlier versions (initial passwords included) are
    cleared when the upgrade runs; a job still waiting for its author keeps its file."""
    import importlib

    from django.apps import apps

    from garrison.core.models import ImportJob

    migration = importlib.import_module("garrison.core.migrations.0003_purge_kept_uploads")
    done = ImportJob.objects.create(
        config_name="people.person",
        actor=commune_a_staff,
        file_name="old.csv",
        content=b"username,password\nx,secret",
        status=ImportJob.Status.DONE,
    )
    waiting = ImportJob.objects.create(
        config_name="people.person",
        actor=commune_a_staff,
        file_name="new.csv",
        content=b"citizen_id\n1",
        status=ImportJob.Status.READY,
    )

    migration.purge(apps, None)

    done.refresh_from_db()
    waiting.refresh_from_db()
    assert bytes(done.content) == b""
    assert bytes(waiting.content) == b"citizen_id\n1"


@pytest.mark.django_db
def test_an_apply_never_undoes_an_edit_made_after_the_preview(staff_client, commune_a, person_a):
    """issue 15, finding 1: the preview says "1 update"; someone then changes the phone (a new
    version); applying refuses that row instead of writing the old phone back."""
    row = (
        f"{person_a.citizen_id},{person_a.full_name},{person_a.date_of_birth:%d/%m/%Y},male,Thái,"
        f"{commune_a.code},0912345678\n"
    )
    job = upload(staff_client, csv_file(row))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.updated_count == 1

    person_a.refresh_from_db()
    person_a.phone = "0987654321"
    person_a.save()  # another user's edit: version + 1
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})

    job.refresh_from_db()
    person_a.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "changed by someone else after the check" in job.errors[0]["message"]
    assert person_a.phone == "0987654321"


@pytest.mark.django_db
def test_the_rows_an_import_saves_are_audited_as_its_author(
    staff_client, commune_a, commune_a_staff
):
    """issue 15, finding 7: the worker's writes carry the user who started the import (and the
    address the upload came from) in the audit trail."""
    from auditlog.models import LogEntry

    job = upload(
        staff_client, csv_file(f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n")
    )
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})

    person = Person.objects.get(citizen_id="011090000001")
    entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    assert entry.actor == commune_a_staff
    assert entry.remote_addr == "127.0.0.1"


# --- size: a row limit, rows read as they come (issue 15, finding 4) -------------------------
def _rows(n: int, commune) -> str:
    return "".join(
        f"0110900{serial:05d},Lò Văn Một,15/03/1990,male,Thái,{commune.code},\n"
        for serial in range(1, n + 1)
    )


@pytest.mark.django_db
def test_a_sheet_over_the_row_limit_is_refused_with_what_to_do(staff_client, commune_a, settings):
    settings.GARRISON_IMPORT_MAX_ROWS = 3
    job = upload(staff_client, csv_file(_rows(5, commune_a)))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    [error] = job.errors
    assert error["line"] == 0
    assert "about 5 rows" in error["message"] and "at most 3" in error["message"]
    assert "Split it into files of at most 3 rows" in error["message"]
    assert (job.created_count, bytes(job.content)) == (0, b"")  # no row checked, file deleted
    assert "Split it into files" in staff_client.get(f"/imports/{job.pk}/").content.decode()

    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.strip().split(","))
    for row in _rows(5, commune_a).splitlines():
        workbook.active.append(row.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    excel = upload(staff_client, SimpleUploadedFile("people.xlsx", buffer.getvalue()))
    excel.refresh_from_db()
    assert excel.status == ImportJob.Status.INVALID
    assert "about 5 rows" in excel.errors[0]["message"]

    at_limit = upload(staff_client, csv_file(_rows(3, commune_a)))
    at_limit.refresh_from_db()
    assert (at_limit.status, at_limit.created_count) == ("ready", 3)


@pytest.mark.django_db
def test_the_row_limit_stops_reading_at_the_limit(commune_a):
    """Counting stops one row past the limit: a sheet far over it is refused without reading
    the rest (here the rest cannot even be decoded)."""
    from garrison.core.sheets import open_sheet

    rows = (HEADER + _rows(4_000, commune_a)).encode()  # far more than a read ahead
    content = rows + b"\xff\xfe not UTF-8\n" * 3
    with open_sheet("people.csv", content) as sheet:
        assert sheet.count(3) == 4


def test_read_sheet_reads_the_rows_as_they_are_iterated():
    """The rows come from a generator that decodes the file as it goes: the first rows are read
    before the end of the file is (here it is not even UTF-8 there)."""
    import inspect

    from garrison.core.importing import read_sheet
    from garrison.core.sheets import ImportError_

    many = "".join(f"0110900{n:05d},Người {n}\n" for n in range(3, 3_000))  # beyond a read ahead
    content = f"citizen_id,full_name\n011090000001,A\n\n011090000002,B\n{many}".encode()
    headers, rows = read_sheet("people.csv", content + b"\xff\xfe,x\n")
    assert headers == ["citizen_id", "full_name"] and inspect.isgenerator(rows)
    assert next(rows) == (2, ["011090000001", "A"])
    assert next(rows) == (4, ["011090000002", "B"])  # the blank line 3 is skipped
    with translation.override("en"), pytest.raises(ImportError_, match="not UTF-8"):
        list(rows)  # the end of the file is read only now

    workbook = openpyxl.Workbook()
    workbook.active.append(["citizen_id", "full_name"])
    for n in range(3):
        workbook.active.append([f"01109000000{n}", f"Người {n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    headers, rows = read_sheet("people.xlsx", buffer.getvalue())
    assert inspect.isgenerator(rows)
    assert next(rows) == (2, ["011090000000", "Người 0"])
    assert [line for line, _row in rows] == [3, 4]


@pytest.mark.django_db
def test_the_check_takes_the_rows_a_batch_at_a_time(commune_a_staff, commune_a, monkeypatch):
    """The check pulls one batch of rows, looks its records up, checks it, then pulls the next:
    it never holds the whole sheet."""
    from garrison.core import import_rows
    from garrison.core.registry import get_config

    monkeypatch.setattr(import_rows, "BATCH_ROWS", 4)
    pulled = []

    def rows():
        for line, row in enumerate(_rows(10, commune_a).splitlines(), start=2):
            pulled.append(line)
            yield line, row.split(",")

    lookups = []
    real_lookup = import_rows.existing_records

    def spy_lookup(config, actor, keys, **options):
        lookups.append((len(keys), len(pulled)))
        return real_lookup(config, actor, keys, **options)

    monkeypatch.setattr(import_rows, "existing_records", spy_lookup)
    result = import_rows.check_rows(
        get_config("people.person"), commune_a_staff, HEADER.strip().split(","), rows()
    )
    assert (result.created, result.errors) == (10, [])
    assert lookups == [(4, 4), (4, 8), (2, 10)]  # each batch looked up before the next is read


# --- cancelling ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_cancelled_apply_writes_nothing_and_ends_cancelled(
    staff_client, commune_a, person_a, monkeypatch
):
    """The author cancels while the apply runs (here: once its first batch is written); the
    worker stops after that batch and rolls back the rows it had written."""
    from garrison.core import import_rows, importing
    from garrison.core.import_bulk import BulkWriter

    monkeypatch.setattr(import_rows, "BATCH_ROWS", 1)
    job = upload(staff_client, csv_file(_new_and_changed(commune_a, person_a)))
    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count) == ("ready", 2, 1)
    real_write = BulkWriter.write
    calls = []

    def write_then_cancel(self, rows):
        written = real_write(self, rows)
        calls.append([p.key for p in rows])
        assert importing.request_cancel(ImportJob.objects.get(pk=job.pk))
        return written

    monkeypatch.setattr(BulkWriter, "write", write_then_cancel)
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})

    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert len(calls) == 1  # one batch written, then undone
    assert not Person.objects.filter(citizen_id="011090000001").exists()
    person_a.refresh_from_db()
    assert person_a.full_name == "Lò Văn An"
    assert bytes(job.content) == b"" and job.finished_at is not None
    page = staff_client.get(f"/imports/{job.pk}/").content.decode()
    assert "Import cancelled. Nothing was imported." in page
    assert 'data-testid="cancel-import"' not in page


@pytest.mark.django_db
def test_the_author_cancels_a_running_import_from_its_page(
    staff_client, commune_a, commune_b_staff, as_user
):
    from garrison.core import importing

    job = upload(staff_client, csv_file(_rows(2, commune_a)))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)  # queued
    page = staff_client.get(f"/imports/{job.pk}/").content.decode()
    assert 'data-testid="cancel-import"' in page and "Cancel this import" in page

    # someone else cannot: the job is not theirs to see
    assert (
        as_user(commune_b_staff).post(f"/imports/{job.pk}/", {"action": "cancel"}).status_code
        == 404
    )
    job.refresh_from_db()
    assert not importing.cancel_requested(job)

    response = staff_client.post(f"/imports/{job.pk}/", {"action": "cancel"})
    assert response.status_code == 302
    page = staff_client.get(f"/imports/{job.pk}/").content.decode()
    assert "Cancelling" in page and 'data-testid="cancel-import"' not in page

    importing.run_apply(job.pk)  # the worker takes the job, and stops before writing anything
    job.refresh_from_db()
    assert (job.status, bytes(job.content)) == ("cancelled", b"")
    assert not Person.objects.exists()
    assert "Import cancelled" in staff_client.get(f"/imports/{job.pk}/").content.decode()

    # an import that is over cannot be cancelled
    response = staff_client.client.post(f"/imports/{job.pk}/", {"action": "cancel"}, follow=True)
    assert "cannot be cancelled" in response.content.decode()


@pytest.mark.django_db
def test_a_queued_import_is_cancelled_at_once_and_a_check_stops_between_batches(
    staff_client, commune_a, commune_a_staff, monkeypatch
):
    from garrison.core import import_rows, importing

    queued = ImportJob.objects.create(
        config_name="people.person",
        actor=commune_a_staff,
        file_name="people.csv",
        content=(HEADER + _rows(3, commune_a)).encode(),
    )
    staff_client.post(f"/imports/{queued.pk}/", {"action": "cancel"})
    queued.refresh_from_db()
    assert (queued.status, bytes(queued.content)) == ("cancelled", b"")  # no worker needed
    importing.run_check(queued.pk)  # a worker taking it later leaves it cancelled
    queued.refresh_from_db()
    assert queued.status == ImportJob.Status.CANCELLED

    # a check under way: the author cancels after its first batch
    monkeypatch.setattr(import_rows, "BATCH_ROWS", 1)
    checking = ImportJob.objects.create(
        config_name="people.person",
        actor=commune_a_staff,
        file_name="people.csv",
        content=(HEADER + _rows(3, commune_a)).encode(),
    )
    real_progress = importing.set_progress

    def progress_then_cancel(job, processed):
        real_progress(job, processed)
        importing.request_cancel(job)

    monkeypatch.setattr(importing, "set_progress", progress_then_cancel)
    importing.run_check(checking.pk)
    checking.refresh_from_db()
    assert (checking.status, checking.created_count, bytes(checking.content)) == (
        "cancelled",
        0,
        b"",
    )


# --- no choice is made silently (issue 16, section 3): ethnicity has no default ---------------
@pytest.mark.django_db
def test_a_people_sheet_without_ethnicity_is_refused_row_by_row(staff_client, commune_a):
    sheet = (
        "citizen_id,full_name,date_of_birth,sex,residence_commune\n"
        f"011090000001,Lò Văn Một,15/03/1990,male,{commune_a.code}\n"
    )
    job = upload(staff_client, SimpleUploadedFile("people.csv", sheet.encode()))
    job.refresh_from_db()
    # the column the sheet lacks is named as a reader knows it, not by its code
    labels = set()
    for language in ("vi", "en"):
        with translation.override(language):
            labels.add(capfirst(str(Person._meta.get_field("ethnicity").verbose_name)))
    assert job.status == "invalid"
    assert [(e["line"], e["column"]) for e in job.errors] in ([(2, label)] for label in labels)
    assert not Person.objects.filter(citizen_id="011090000001").exists()


@pytest.mark.django_db
def test_an_imported_person_has_the_history_entry_a_saved_one_has(
    staff_client, commune_a, commune_a_staff
):
    """The apply writes its audit entries in bulk: each reads as auditlog's own entry for the
    same save (the same fields, the same values, the same actor)."""
    from auditlog.context import set_actor
    from auditlog.models import LogEntry

    from garrison.core.services import do_create_object

    job = upload(
        staff_client, csv_file(f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},\n")
    )
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    imported = Person.objects.get(citizen_id="011090000001")
    saved = Person(
        citizen_id="011090000002", full_name="Lò Văn Một", date_of_birth=imported.date_of_birth,
        sex="male", ethnicity="Thái", residence_commune=commune_a,
    )  # fmt: skip
    with set_actor(commune_a_staff):
        do_create_object(actor=commune_a_staff, instance=saved)

    def entry(person):
        log = LogEntry.objects.get_for_object(person).get()
        changes = dict(log.changes)
        for volatile in ("id", "citizen_id", "created_at"):
            assert changes.pop(volatile)[1]
        return log.action, log.actor_id, log.object_repr, changes

    assert entry(imported) == entry(saved)
    assert entry(imported)[1] == commune_a_staff.pk


@pytest.mark.django_db
def test_every_imported_person_has_to_the_letter_the_creation_entry_auditlog_writes(
    staff_client, commune_a
):
    """The apply reads each creation's diff off the row (`BulkWriter._creation`): each entry
    is, field by field, auditlog's own diff of that record (the creation time, a village and
    no village, an empty column), read back from the database."""
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry

    from tests.factories import VillageFactory

    VillageFactory(commune=commune_a, name="Bản Mển")
    header = "citizen_id,full_name,date_of_birth,sex,ethnicity,residence_commune,village,address\n"
    rows = (
        f"011090000001,Lò Văn Một,15/03/1990,male,Thái,{commune_a.code},Bản Mển,Số 1\n"
        f"001195000002,Cà Thị Hai,02/01/1995,female,Kinh,{commune_a.code},,\n"
    )
    file = SimpleUploadedFile("people.csv", (header + rows).encode(), content_type="text/csv")
    job = upload(staff_client, file)
    staff_client.post(f"/imports/{job.pk}/", {"action": "apply"})
    job.refresh_from_db()
    assert job.status == "done", job.errors
    people = Person.objects.filter(citizen_id__in=["011090000001", "001195000002"])
    assert {p.village is not None for p in people} == {True, False}
    for person in people:
        log = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
        expected = model_instance_diff(None, person)
        assert log.changes == {name: list(change) for name, change in expected.items()}
        assert log.object_repr == person.full_name


def test_a_blank_record_of_an_import_is_the_record_the_model_makes():
    """The apply makes its new records from one blank record (`blank_records`): each is what
    `Person()` makes, with a state of its own."""
    from garrison.core.import_fast import blank_records

    make = blank_records(Person, [Person._meta.get_field("full_name")])
    first, second = make(), make()
    expected = {k: v for k, v in Person().__dict__.items() if k != "_state"}
    assert {k: v for k, v in first.__dict__.items() if k != "_state"} == expected
    assert first._state is not second._state
    assert first._state.adding and first._state.db is None
