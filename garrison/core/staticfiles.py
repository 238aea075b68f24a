"""Front-end files from node_modules, one by one: only those the templates use are served and
collected.

`settings.GARRISON_VENDOR_FILES` maps a static prefix (`vendor/bootstrap`) to an npm package's
folder and the files under it that the templates name (plus what those files name in turn: the
icon fonts, the source maps the minified files point at). Collecting whole `dist` folders copied
about 600 files (91 MB) and made `collectstatic` with the hashed manifest take minutes; a file
that a template starts to use must be added to the list (`garrison check` says which is missing
from node_modules, and tests/core/test_staticfiles.py which template names an unlisted one).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class VendorFinder(BaseFinder):
    """Finds exactly the files listed in `settings.GARRISON_VENDOR_FILES`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: prefix -> storage of the package's folder (core.pdf reads `storages` as the roots
        #: a document may load files from, as for Django's FileSystemFinder)
        self.storages: dict[str, FileSystemStorage] = {}
        #: "vendor/x/css/a.css" -> (prefix, "css/a.css")
        self.files: dict[str, tuple[str, str]] = {}
        for prefix, (root, names) in settings.GARRISON_VENDOR_FILES.items():
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # type: ignore[attr-defined]  # read by collectstatic
            self.storages[prefix] = storage
            for name in names:
                self.files[f"{prefix}/{name}"] = (prefix, name)

    def check(self, **kwargs: Any) -> list[Error]:
        return [
            Error(
                f"Static file {path} is missing: {self._path(path)} does not exist.",
                hint="Install the front-end packages: npm ci (scripts/setup does it).",
                id="garrison.E001",
            )
            for path in self.files
            if not self._path(path).is_file()
        ]

    def _path(self, path: str) -> Path:
        prefix, name = self.files[path]
        return Path(self.storages[prefix].path(name))

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        """The file's path, or [] (as Django's finders answer, `find_all` or not)."""
        if path in self.files and self._path(path).is_file():
            found = str(self._path(path))
            return [found] if find_all or kwargs.get("all") else found
        return []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for path, (prefix, name) in self.files.items():
            if self._path(path).is_file():
                yield name, self.storages[prefix]


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed, compressed storage (production: DEBUG off), which names files by
    their plain names while `collectstatic` has written no manifest yet.

    A process with DEBUG off that renders pages before anything was collected (a bench, a shell,
    a management command) then works, its files served from the finders, instead of failing on
    every `{% static %}`; `/readyz` still reports the missing manifest (core.health)."""

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # no manifest was loaded: nothing collected yet
            return name
        return super().stored_name(name)
