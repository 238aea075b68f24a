"""Static files: every file a template names is found, and only the listed front-end files are
collected from node_modules (core.staticfiles.VendorFinder)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders

from garrison.core.staticfiles import VendorFinder
from garrison.settings import PROJECT_DIR

STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def test_every_file_a_template_names_is_found():
    named = {
        path
        for template in (PROJECT_DIR / "garrison").rglob("*.html")
        for path in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }
    assert any(path.startswith("vendor/") for path in named)
    missing = sorted(path for path in named if finders.find(path) is None)
    assert not missing, f"add these to GARRISON_VENDOR_FILES (settings.py): {missing}"


def test_only_the_listed_vendor_files_are_collected():
    listed = [
        f"{storage.prefix}/{name}" for name, storage in VendorFinder().list(ignore_patterns=[])
    ]
    assert "vendor/bootstrap/css/bootstrap.min.css" in listed
    assert "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2" in listed  # named by the .css
    assert len(listed) < 20
    assert finders.find("vendor/bootstrap/css/bootstrap.css") is None  # in dist, not listed


def test_a_missing_vendor_file_fails_the_check(settings, tmp_path):
    settings.GARRISON_VENDOR_FILES = {"vendor/x": (tmp_path, ["x.min.js"])}
    errors = VendorFinder().check()
    assert [e.id for e in errors] == ["garrison.E001"]
    assert "npm ci" in errors[0].hint
