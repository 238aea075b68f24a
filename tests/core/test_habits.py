"""Make the wrong call fail (CONVENTIONS.md): views and API modules read rows only through the
scoped querysets (`visible_to`, `editable_by`, `get_for`), never `Model.objects.get/filter/all`."""

import re
from pathlib import Path

import garrison

ROOT = Path(garrison.__file__).parent
RAW_QUERY = re.compile(r"\b[A-Z]\w*\.objects\.(get|filter|all|exclude)\(")


def test_views_and_api_modules_do_not_query_models_directly():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        # views.py / api.py, and the modules of a views/ or api/ package
        if path.name not in {"views.py", "api.py", "pages.py"} and path.parent.name not in {
            "views",
            "api",
        }:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RAW_QUERY.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert not offenders, "use visible_to/editable_by/get_for instead:\n" + "\n".join(offenders)
