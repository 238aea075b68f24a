"""`garrison demo`: a ready-to-show Garrison in one command.

Migrates the database, loads the territory and the commands, prepares the Điện Biên demo data
(once; `--reset` regenerates it), prints the address and the demo sign-ins, then serves the
site with a background task worker until Ctrl+C (`--no-serve` stops after the data).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from tqdm import tqdm

import garrison
from garrison.commands.setup import ensure_commands
from garrison.demo import dienbien
from garrison.demo.reset import reset as reset_demo
from garrison.territory.loader import load_territory
from garrison.territory.models import Province

DEFAULT_ADDRPORT = "127.0.0.1:8000"


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy translation
        return str(
            _(
                "Prepare a demonstration database (the 34 provinces, and Điện Biên with people, "
                "staffing and sign-ins) and serve it. The data is invented; the password of every "
                "demo account is 'demo'."
            )
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=_("Prepare the data and stop; do not start the web server and task worker."),
        )
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=_("Address and port to serve on (default %(default)s)."),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Delete the Điện Biên demo data (people, staffing, reorganisations) and "
                "generate it again."
            ),
        )

    def handle(
        self,
        *args,
        no_serve: bool = False,
        addrport: str = DEFAULT_ADDRPORT,
        reset: bool = False,
        **options,
    ) -> None:
        started = time.monotonic()
        verbosity = options.get("verbosity", 1)

        def step(message: str) -> None:
            if verbosity:
                self.stdout.write(f"[{time.monotonic() - started:5.1f} s] {message}")

        step("Migrating the database…")
        call_command("migrate", verbosity=0, interactive=False)

        step("Loading provinces and communes (vietnam-provinces)…")
        with transaction.atomic(), disable_auditlog():
            territory = load_territory(progress=self._progress_bar(verbosity))
            commands = ensure_commands()
        step(
            f"Territory: {territory['provinces']} provinces, {territory['communes']} "
            f"commune-level units ({territory['created']} created); "
            f"{commands['provincial_commands'] + commands['commune_commands']} commands created."
        )

        province = Province.objects.filter(code=dienbien.PROVINCE_CODE).first()
        if province is None:
            raise CommandError(
                f"Province code {dienbien.PROVINCE_CODE} (Điện Biên) is not in the "
                "vietnam-provinces package any more: the demo cannot be prepared."
            )
        with disable_auditlog():  # bulk generation: thousands of rows are not user actions
            if reset and dienbien.is_prepared():
                step("--reset: deleting the Điện Biên demo data…")
                reset_demo()
            if dienbien.is_prepared():
                step("The Điện Biên demo data is already prepared (use --reset to regenerate).")
                dienbien.ensure_users(province, set_password=False)
            else:
                step("Generating the Điện Biên demo data…")
                counts = dienbien.prepare()
                step(
                    f"Điện Biên: {counts['communes']} communes, {counts['people']} people, "
                    f"{counts['assignments']} assignments, {counts['predecessors']} former "
                    f"units, {counts['users']} demo accounts."
                )
                step(
                    f"Military service: {counts['service_records']} registrations; 2026 "
                    f"enlistment closed ({counts['enlisted_2026']} enlisted); 2027 enlistment "
                    f"in progress ({counts['pool_2027']} in the pool, {counts['exams_2027']} "
                    "examined so far)."
                )
                step(
                    f"Forces: {counts['militia_units']} militia units, "
                    f"{counts['militia_members']} members ({counts['members_moved']} moved "
                    f"between units), {counts['reservists']} reservists in "
                    f"{counts['reserve_units']} reserve units, {counts['technical_means']} "
                    f"technical means; this year's training: {counts['training_plans']} plans, "
                    f"{counts['training_sessions']} sessions held so far."
                )
                step(
                    f"Directives: {counts['directives']} sent to every commune "
                    f"({counts['directive_receipts']} receipts: "
                    f"{counts['directive_completed']} completed, {counts['directive_late']} of "
                    f"them late, {counts['directive_open']} not yet)."
                )
                step(
                    f"Cadres: {counts['cadres']} in post, {counts['candidates']} candidates; "
                    f"the draft placement proposal fills {counts['placement_matches']} of "
                    f"{counts['placement_posts']} posts."
                )
                step(
                    f"Readiness: {counts['readiness_events']} events, "
                    f"{counts['readiness_plans']} plans ({counts['tet_plans_missing']} communes "
                    f"without one for the Lunar New Year), {counts['duty_shifts']} duty shifts, "
                    f"{counts['police_officers']} police officers, {counts['patrols']} joint "
                    f"patrols ({counts['patrols_done']} done), {counts['incidents']} incidents "
                    f"({counts['incidents_open']} open, {counts['situation_reports']} situation "
                    "reports)."
                )
                step(
                    f"Defensive zone: {counts['villages']} villages "
                    f"({counts['people_in_villages']} people placed in theirs), "
                    f"{counts['defence_works']} works ({counts['works_degraded']} degraded, "
                    f"{counts['works_due']} due for inspection), {counts['work_inspections']} "
                    f"inspections; {counts['evacuation_areas']} evacuation areas taking "
                    f"{counts['evacuation_assignments']} villages "
                    f"({counts['uncovered_village'] or 'none'} without one); "
                    f"{counts['education_sessions']} education sessions "
                    f"({counts['education_attendance']} cadres attending, "
                    f"{counts['cadres_not_trained']} of {counts['education_cadres']} not yet "
                    f"trained); Tết programme: {counts['families_helped']} families helped "
                    f"({counts['helped_twice']} twice), {counts['aid_value_vnd']:,} VND."
                )
                step(
                    f"Oversight: the {counts['plan_year']} inspection plan, "
                    f"{counts['inspections']} inspections done ({counts['findings']} findings, "
                    f"{counts['corrective_actions']} corrective actions, "
                    f"{counts['actions_overdue']} overdue); a review with "
                    f"{counts['lessons']} lessons and models; the {counts['plan_year']} "
                    f"assessment of {counts['communes_assessed']} communes approved."
                )
        step("Done.")
        self._print_logins(addrport, serving=not no_serve)
        if not no_serve:
            self._serve(addrport)

    # ------------------------------------------------------------------------------------
    def _progress_bar(self, verbosity: int):
        state: dict[str, tqdm] = {}

        def progress(done: int, total: int) -> None:
            if not verbosity or total == 0:
                return
            bar = state.get("bar")
            if bar is None:
                bar = state["bar"] = tqdm(
                    total=total, unit="unit", desc="Territory", file=self.stderr._out
                )
            bar.update(done - bar.n)
            if done >= total:
                bar.close()

        return progress

    def _print_logins(self, addrport: str, *, serving: bool) -> None:
        host, _sep, port = addrport.rpartition(":")
        url = f"http://{host or '127.0.0.1'}:{port}/"
        rows = [("username", "password", "role", "scope"), *dienbien.logins()]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        line = "  ".join("-" * w for w in widths)
        out = [
            "",
            "=" * len(line),
            "Garrison demo — all data is invented (Điện Biên: people, staffing, flags).",
            f"Open {url}"
            if serving
            else f"Serve it with `garrison demo --addrport {addrport}`, then open {url}",
            "Sign in as:",
            line,
        ]
        for i, row in enumerate(rows):
            out.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
            if i == 0:
                out.append(line)
        out += [line, "=" * len(line), ""]
        self.stdout.write("\n".join(out))

    def _serve(self, addrport: str) -> None:
        worker = None
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_db"):
            env = dict(os.environ)
            project_dir = str(Path(garrison.__file__).resolve().parent.parent)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [project_dir, env.get("PYTHONPATH")]))
            env.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
            worker = subprocess.Popen(
                [sys.executable, "-m", "garrison", "db_worker", "--no-reload", "--queue-name", "*"],
                env=env,
            )
            self.stdout.write(f"Task worker started (process {worker.pid}).")

        def stop(signum, frame) -> None:
            raise SystemExit(0)  # so that `finally` below stops the worker too

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None and worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()
