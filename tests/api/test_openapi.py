"""The published API contract: docs/openapi.json matches the live schema, every operation is
documented (summary, 401, and the 4xx of writes), and the docs pages work offline."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from garrison.core.management.commands.export_openapi import (
    default_output_path,
    render_schema,
)

WRITE_METHODS = {"post", "put", "patch", "delete"}
WRITE_ERRORS = {"400", "401", "403", "404", "409"}


def operations():
    schema = json.loads(render_schema())
    for path, item in schema["paths"].items():
        for method, op in item.items():
            yield method, path, op


def test_it_keeps_docs_openapi_json_in_step_with_the_api():
    path = default_output_path()
    assert path.exists(), "docs/openapi.json is missing: run `garrison export_openapi`"
    assert path.read_text(encoding="utf-8") == render_schema(), (
        "docs/openapi.json is out of date: run `garrison export_openapi` and commit the result"
    )


def test_it_fails_the_check_when_the_exported_file_differs(tmp_path):
    target = tmp_path / "openapi.json"
    call_command("export_openapi", output=str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8") == render_schema()
    call_command("export_openapi", output=str(target), check=True, stdout=io.StringIO())

    target.write_text("{}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="out of date: run `garrison export_openapi`"):
        call_command("export_openapi", output=str(target), check=True, stdout=io.StringIO())


def test_it_documents_a_summary_and_401_for_every_operation():
    missing = []
    for method, path, op in operations():
        if not op.get("summary"):
            missing.append(f"{method.upper()} {path}: no summary")
        if "401" not in op.get("responses", {}):
            missing.append(f"{method.upper()} {path}: 401 not documented")
    assert not missing, "\n".join(missing)


def test_it_documents_400_403_404_409_for_every_write():
    missing = []
    writes = 0
    for method, path, op in operations():
        if method not in WRITE_METHODS or op.get("x-stores-nothing"):
            continue  # a computation sent by POST (e.g. assess) changes no row
        writes += 1
        absent = WRITE_ERRORS - set(op.get("responses", {}))
        if absent:
            missing.append(f"{method.upper()} {path}: {', '.join(sorted(absent))} not documented")
    assert writes, "no write operations found in the schema"
    assert not missing, "\n".join(missing)


def test_it_serves_the_schema(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Garrison API"


def test_it_renders_the_docs_page_without_a_cdn(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    for marker in ("cdn.", "unpkg", "jsdelivr", "django-ninja.dev"):
        assert marker not in html, f"/api/docs loads assets from the internet ({marker!r})"


def test_no_two_schemas_of_the_api_share_a_name():
    """The OpenAPI components are keyed by the schema class's name: two classes of one name
    (forces' `PlanOut` and a roster's) publish one of them for both, and every answer of the
    other then breaks its published contract."""
    from ninja import Schema

    import garrison.api  # noqa: F401  (imports every app's schemas)

    seen: dict[str, str] = {}
    clashes = []
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("garrison.") or cls.__name__.startswith("_"):
            continue
        where = f"{cls.__module__}.{cls.__qualname__}"
        other = seen.setdefault(cls.__name__, where)
        if other != where:
            clashes.append(f"{cls.__name__}: {other} and {where}")
    assert not clashes, "rename one of each: " + "; ".join(sorted(clashes))
