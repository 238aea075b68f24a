"""`garrison backup` and `garrison restore` (core.backup) on the test's engine (SQLite, or
PostgreSQL restored into the test database itself): a round trip puts back every table's rows
(count and checksum) and the uploads; a restore without --yes, of another engine, of a newer
schema or of a damaged archive is refused with a clear message and changes nothing.

The tests are transactional: a backup reads the database from outside the test's transaction
(pg_dump, SQLite's backup API), and a restore replaces it."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from garrison.core import backup
from garrison.people.models import Person
from garrison.territory.models import Province
from tests.factories import CommuneFactory, PersonFactory, ProvinceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    return tmp_path / "data"


@pytest.fixture
def world(data_dir):
    province = ProvinceFactory(code=11, name="Điện Biên", codename="dien_bien")
    commune = CommuneFactory(code=3316, name="Xã Na Son", province=province)
    people = [
        PersonFactory(residence_commune=commune, full_name=name)
        for name in ("Lò Văn An", "Quàng Thị Bình", "Cà Văn Chung")
    ]
    media = data_dir / "media"
    (media / "directives" / "2026").mkdir(parents=True)
    (media / "directives" / "2026" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4 ke hoach")
    (media / "avatar.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return people


def summaries() -> dict[str, backup.Summary]:
    return backup.live_summaries()


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def archive(world, tmp_path):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), verbosity=0)
    return path


def test_a_round_trip_puts_back_every_table_and_the_uploads(world, data_dir, tmp_path, capsys):
    path = tmp_path / "nightly.tar.gz"
    call_command("backup", str(path))
    assert f"Backup written to {path}" in capsys.readouterr().out
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    before, uploads = summaries(), files_of(data_dir / "media")
    manifest = backup.read_manifest(path)
    assert manifest["engine"] == connection.vendor
    assert {t: (s["rows"], s["sha256"]) for t, s in manifest["tables"].items()} == {
        t: (s.rows, s.sha256) for t, s in before.items()
    }
    assert manifest["tables"]["people_person"]["rows"] == 3
    assert manifest["migrations"]["people"]
    # the day after: a person deleted, a province added, an upload changed and one added
    world[0].delete()
    ProvinceFactory(code=12, name="Lai Châu", codename="lai_chau")
    (data_dir / "media" / "avatar.png").write_bytes(b"changed")
    (data_dir / "media" / "new.pdf").write_bytes(b"%PDF new")
    assert summaries() != before

    call_command("restore", str(path), "--yes")

    out = capsys.readouterr().out
    assert "Restored and checked" in out and "match the backup" in out
    after = summaries()
    assert {t: (s.rows, s.sha256) for t, s in after.items()} == {
        t: (s.rows, s.sha256) for t, s in before.items()
    }
    assert Person.objects.filter(full_name="Lò Văn An").exists()
    assert not Province.objects.filter(code=12).exists()
    assert files_of(data_dir / "media") == uploads
    # the uploads found before the restore were moved aside, not deleted
    (aside,) = data_dir.glob("media.before-restore-*")
    assert files_of(aside)["new.pdf"] == b"%PDF new"
    assert files_of(aside)["avatar.png"] == b"changed"


def state(data_dir: Path):
    return summaries(), files_of(data_dir / "media"), sorted(p.name for p in data_dir.iterdir())


def test_it_refuses_without_yes(archive, data_dir):
    Person.objects.first().delete()
    unchanged = state(data_dir)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    assert state(data_dir) == unchanged


def rewrite(archive: Path, target: Path, change) -> Path:
    """A copy of `archive` with `change(folder)` applied to its unpacked files."""
    folder = target.parent / "unpacked"
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(folder, filter="data")
    change(folder)
    with tarfile.open(target, "w:gz") as tar:
        tar.add(folder / "manifest.json", arcname="manifest.json")
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "manifest.json":
                tar.add(path, arcname=path.relative_to(folder).as_posix())
    return target


def edit_manifest(**changes):
    def change(folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text())
        for key, value in changes.items():
            manifest[key] = value(manifest[key]) if callable(value) else value
        (folder / "manifest.json").write_text(json.dumps(manifest))

    return change


def corrupt_database(folder: Path) -> None:
    database = next(folder.glob("database.*"))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))


OTHER = {"sqlite": "postgresql", "postgresql": "sqlite"}


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other engine", r"holds a (PostgreSQL|SQLite) database and this deployment runs on"),
        ("newer schema", r"newer version of Garrison \(migrations people\.9999_future"),
        ("damaged database", r"is damaged: its database does not match its manifest"),
        ("truncated", r"damaged"),
        ("not an archive", r"is not a Garrison backup or is damaged"),
    ],
)
def test_it_refuses_an_archive_it_cannot_restore_and_changes_nothing(
    archive, data_dir, tmp_path, case, message
):
    bad = tmp_path / "bad.tar.gz"
    if case == "other engine":
        rewrite(archive, bad, edit_manifest(engine=OTHER[connection.vendor]))
    elif case == "newer schema":
        rewrite(
            archive,
            bad,
            edit_manifest(migrations=lambda m: {**m, "people": [*m["people"], "9999_future"]}),
        )
    elif case == "damaged database":
        rewrite(archive, bad, corrupt_database)
    elif case == "truncated":
        data = archive.read_bytes()
        bad.write_bytes(data[: len(data) * 2 // 3])
    else:
        bad.write_bytes(b"this is not a backup\n" * 100)
    Person.objects.first().delete()
    unchanged = state(data_dir)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(bad), "--yes", verbosity=0)
    assert "Traceback" not in str(refused.value)
    assert state(data_dir) == unchanged
