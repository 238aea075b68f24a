"""Importing a sheet of people: preview, every bad row reported, all-or-nothing, idempotent."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
    response = staff_client.get("/people/export/?format=xlsx")
    file = SimpleUploadedFile("people.xlsx", response.content)
    job = upload(staff_client, file)
    job.refresh_from_db()
    assert job.errors == []
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 1)


@pytest.mark.django_db
def test_read_only_users_cannot_import(province_inspector, as_user):
    assert as_user(province_inspector).get("/people/import/").status_code == 404
