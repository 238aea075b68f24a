"""A task worker for tests/workers: `garrison <command> <args>` (what production runs:
`rqworker` on Redis, `db_worker` on the database), with one test hook. The apply of an import
named "slow.csv" pauses after its first batch of rows is saved (inside its transaction), once:
it writes the id of the process that runs it (RQ's work-horse, or the db_worker itself) to the
file named by GARRISON_TEST_APPLY_MARKER, then sleeps, so the test can kill it there."""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")

import django

django.setup()

from django.core.management import execute_from_command_line  # noqa: E402

from garrison.core import importing  # noqa: E402

MARKER = os.environ["GARRISON_TEST_APPLY_MARKER"]
_set_progress = importing.set_progress


def set_progress(job, processed):
    _set_progress(job, processed)
    if job.file_name == "slow.csv" and job.status == "applying" and not os.path.exists(MARKER):
        with open(MARKER + ".part", "w") as file:
            file.write(str(os.getpid()))
        os.rename(MARKER + ".part", MARKER)
        time.sleep(300)


importing.set_progress = set_progress
execute_from_command_line(["garrison", *sys.argv[1:]])
