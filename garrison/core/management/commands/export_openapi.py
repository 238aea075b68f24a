"""`garrison export_openapi`: write the API's OpenAPI schema to docs/openapi.json (stable JSON:
sorted keys, two-space indent, UTF-8, trailing newline) so that changes to the API show up in
review. `--check` writes nothing and fails when the file is out of date."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

DEFAULT_OUTPUT = "docs/openapi.json"


def render_schema() -> str:
    """The live schema exactly as `export_openapi` writes it (the API named by NINJA_API)."""
    api = import_string(settings.NINJA_API)

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def default_output_path() -> Path:
    """docs/openapi.json in the project checkout, wherever the command is run from."""
    return Path(getattr(settings, "PROJECT_DIR", Path(settings.BASE_DIR).parent)) / DEFAULT_OUTPUT


class Command(BaseCommand):
    help = "Write the API's OpenAPI schema to docs/openapi.json, or check that it is up to date."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            default=None,
            help=f"Where to write the schema (default: {DEFAULT_OUTPUT} in the project).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit non-zero when the file differs from the live schema.",
        )

    def handle(self, *args, output: str | None = None, check: bool = False, **options) -> None:
        path = Path(output) if output else default_output_path()
        shown = output or DEFAULT_OUTPUT
        text = render_schema()
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                raise CommandError(
                    f"{shown} is out of date: run `garrison export_openapi`"
                    + (f" --output {output}" if output else "")
                )
            self.stdout.write(f"{shown} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote the OpenAPI schema to {shown}.")
