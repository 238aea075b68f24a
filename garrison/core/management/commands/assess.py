"""`garrison assess DOMAIN FILE.json`: run a domain's assess engine on a JSON file (LAW.md §10).

FILE holds one facts object or a list of them; `-` reads standard input. The answer is printed as
indented JSON (UTF-8, not escaped). Bad JSON, an unknown domain or bad facts stop the command with
a message naming the file and line, or the field; nothing is printed to standard output then.
In a list, each object is answered on its own: a malformed one is printed as `{"error": {field:
[messages]}}` in its place, the others with their answers, and standard error names the bad
items; the command still succeeds (LAW.md §10), so that one bad item does not sink the list.
Engines are registered by the apps (`garrison.conscription.facts` registers "service").
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from garrison.core.assess import FactsError, get_engine, item_errors, run


def read_payload(source: str, stdin: Any = None) -> Any:
    """The JSON value of file `source` (`-`: stdin); CommandError naming file, line and column."""
    name = gettext("standard input") if source == "-" else source
    try:
        if source == "-":
            text = (stdin or sys.stdin).read()
        else:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            gettext("cannot read %(file)s: %(error)s") % {"file": name, "error": exc}
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            gettext("%(file)s is not valid JSON (line %(line)s, column %(column)s): %(error)s")
            % {"file": name, "line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc


class Command(BaseCommand):
    help = "Assess facts with a domain's rules engine and print the answer as JSON."
    stealth_options = ("stdin",)  # call_command(..., stdin=io.StringIO(...)) for `-`

    def add_arguments(self, parser) -> None:
        parser.add_argument("domain", help="The engine: service (more as apps register them).")
        parser.add_argument("file", help="A JSON file of one facts object or a list; - = stdin.")

    def handle(self, *args, domain: str, file: str, **options) -> None:
        try:
            get_engine(domain)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        payload = read_payload(file, options.get("stdin"))
        try:
            answer = run(domain, payload)
        except FactsError as exc:
            raise CommandError(
                gettext("%(file)s: %(error)s")
                % {"file": gettext("standard input") if file == "-" else file, "error": exc}
            ) from exc
        self.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False))
        bad = item_errors(answer)
        if bad:
            self.stderr.write(
                gettext("%(file)s: malformed item(s) %(items)s answered with an error")
                % {
                    "file": gettext("standard input") if file == "-" else file,
                    "items": ", ".join(f"[{i}]" for i in bad),
                }
            )
