"""The translation catalogues are complete: every message of the vi and en catalogues is
translated, none is fuzzy, and each translation keeps the placeholders of its msgid.

Parsed with a small standard-library reader (polib is not a project dependency)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "garrison" / "locale"
PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGoc%]")
BRACE = re.compile(r"\{[^{}]*\}")
HEADER = {
    "vi": {"Language": "vi", "Plural-Forms": "nplurals=1; plural=0;"},
    "en": {"Language": "en", "Plural-Forms": "nplurals=2; plural=(n != 1);"},
}


def parse(path: Path) -> list[dict]:
    """Entries of a .po file: {'flags': set, 'msgid': str, 'msgstr': str, 'msgstr[0]': str, ...}."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#~"):  # obsolete entry: not used at run time
                entry = {}
                break
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                entry[key] = ast.literal_eval(value)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def placeholders(entry: dict, text: str) -> list[str]:
    found = []
    if "python-format" in entry["flags"]:
        found += [p for p in PERCENT.findall(text) if p != "%%"]
    if "python-brace-format" in entry["flags"]:
        found += BRACE.findall(text)
    return sorted(found)


def problems(lang: str) -> list[str]:
    entries = parse(LOCALE / lang / "LC_MESSAGES" / "django.po")
    header = next(e for e in entries if e["msgid"] == "")
    fields = dict(line.split(": ", 1) for line in header["msgstr"].splitlines() if ": " in line)
    found = [
        f"header {name} is {fields.get(name)!r}, expected {value!r}"
        for name, value in HEADER[lang].items()
        if fields.get(name) != value
    ]
    if "fuzzy" in header["flags"]:
        found.append("header is marked fuzzy")
    for entry in entries:
        msgid = entry["msgid"]
        if msgid == "":
            continue
        if "fuzzy" in entry["flags"]:
            found.append(f"fuzzy: {msgid!r}")
        if "msgid_plural" in entry:
            forms = [v for k, v in sorted(entry.items()) if k.startswith("msgstr[")]
            allowed = set(placeholders(entry, msgid)) | set(
                placeholders(entry, entry["msgid_plural"])
            )
            if not forms or not all(forms):
                found.append(f"untranslated plural: {msgid!r}")
            elif any(not set(placeholders(entry, f)) <= allowed for f in forms) or placeholders(
                entry, forms[-1]
            ) != placeholders(entry, entry["msgid_plural"]):
                found.append(f"placeholders differ: {msgid!r} -> {forms!r}")
        elif not entry.get("msgstr"):
            found.append(f"untranslated: {msgid!r}")
        elif placeholders(entry, msgid) != placeholders(entry, entry["msgstr"]):
            found.append(f"placeholders differ: {msgid!r} -> {entry['msgstr']!r}")
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_catalogue_compiles(lang):
    """msgfmt accepts the catalogue (a stray `#| msgid_plural` on a singular entry once broke
    compilemessages, hence `scripts/setup`, while the compiled file in use hid it)."""
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_catalogue_is_complete(lang):
    found = problems(lang)
    assert not found, f"{lang} catalogue is incomplete:\n" + "\n".join(found)


def test_translation_functions_go_by_names_makemessages_knows():
    """makemessages collects the strings of gettext, gettext_lazy, ngettext, pgettext … called by
    their own names or as `_`: a string marked through any other alias (`_l`, `_g`) never reaches
    the catalogues and shows in English to everyone."""
    source = LOCALE.parent
    found = []
    for path in sorted(source.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                found += [
                    f"{path.relative_to(source.parent)}:{node.lineno}: {a.name} as {a.asname}"
                    for a in node.names
                    if a.asname not in (None, "_")
                ]
    assert not found, "translation functions under an alias makemessages ignores:\n" + "\n".join(
        found
    )
