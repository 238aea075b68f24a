"""Putting background work on the task queue, and what a job's page shows when the queue or a
worker fails.

Every job a user starts (an import's check and apply, an export's workbook, a batch of call-up
orders) has a row (ImportJob, ExportJob, OrderBatch) that its page shows, and its task is queued
through `enqueue_on_commit`:
- the task is queued once the transaction that wrote the row commits (a worker never looks for
  a row it cannot see yet);
- when the queue cannot be reached (Redis stopped or out of reach, a timeout, any error of the
  task backend) the row is marked failed with a message that says so, in the user's language,
  and the page shows it (never a 500). The row and what the user gave (the uploaded file) stay:
  the job's page offers to run it again (`rerun`);
- a worker that dies in the middle of a job (killed, out of memory, its machine gone) leaves its
  row "running". The job's page calls `reconcile`, which asks the task backend what became of the
  task: when it failed, the row is marked failed, with a message and the offer to run it again.
  A job's work is one transaction (an import's apply) or one write at its end (a workbook renamed
  into place, a PDF saved with its row), so a dead worker leaves nothing half-written.

How RQ (GARRISON_TASKS=redis, django-tasks-rq) learns that a worker died:
- the work-horse (the child process a worker forks for each job) killed under a live worker (the
  OOM killer, `kill -9`): the worker sees it at once and marks the job failed;
- the whole worker gone (its machine, its container): the job's heartbeat expires (90 s with the
  forking worker), and RQ's `StartedJobRegistry.cleanup` moves it to the failed jobs. Every worker
  runs that cleanup every 10 minutes; `reconcile` runs it too, so a page that shows the job knows
  about a minute and a half after the death (at once when the page runs on the worker's own
  machine, which can look the dead process up, as below).

How the database backend (GARRISON_TASKS=database, `garrison db_worker`: the embedded default, one
machine) learns it: it keeps no heartbeat, so a task whose `db_worker` was killed would read
"running" for ever. Every task that starts records the machine and the process that run it
(`remember_runner`, on django-tasks' `task_started`), and `reconcile` looks that process up:
gone from this machine (or another process under its number since), the task is lost. A worker
on another machine is never judged from here.

Workers (GARRISON_TASKS=redis, GARRISON_REDIS_URL set, the same settings as the web server): any
number of processes, on any machine that reaches Redis and the database:

    garrison rqworker default --job-class django_tasks_rq.Job

(`--job-class` is required: django-tasks-rq's Job runs the task and reports its result to
django-tasks.) Keep RQ's default forking worker: a job runs in a child process that the worker
watches. `--worker-class rq.worker.SimpleWorker` runs jobs in the worker itself; its job's
heartbeat lasts the job's whole timeout (6 hours here), so a dead SimpleWorker's job would show
"running" for hours. `garrison rqstats` shows the queues and workers.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ExportJob, ImportJob

logger = logging.getLogger(__name__)

#: how long the page remembers which task works on a row (`reconcile`)
REMEMBER_SECONDS = 7 * 24 * 3600


def unavailable_message() -> str:
    return _(
        "The system cannot reach the task queue, so this work has not started. Nothing is lost: "
        "run it again later, or ask your administrator."
    )


def lost_message() -> str:
    return _(
        "The work stopped before it finished (its worker stopped): nothing of it was saved. Run "
        "it again; if it stops again, ask your administrator."
    )


@dataclass(frozen=True)
class JobKind:
    """One kind of job row a task works on: the statuses in which a task still has to finish it,
    and the one that says it failed (a `message` field says why)."""

    model: type[models.Model]
    running: tuple[str, ...]
    queued: str = "queued"
    failed: str = "failed"

    def key(self, job: Any) -> str:
        # the creation time too: a key never outlives its row into another of the same number
        label = self.model._meta.label_lower
        return f"queued-task:{label}:{job.pk}:{job.created_at.timestamp():.6f}"

    def fail(self, job: Any, message: str) -> bool:
        """Mark `job` failed with `message` if a task still had to finish it; False if it had
        finished (a task that ended on its own keeps what it wrote)."""
        fields: dict[str, Any] = {"status": self.failed, "message": message}
        if any(f.name == "finished_at" for f in self.model._meta.concrete_fields):
            fields["finished_at"] = timezone.now()
        rows = self.model._default_manager.filter(pk=job.pk, status__in=self.running)
        if not rows.update(**fields):
            return False
        job.status, job.message = self.failed, message
        return True


IMPORTS = JobKind(
    ImportJob,
    running=(ImportJob.Status.QUEUED, ImportJob.Status.VALIDATING, ImportJob.Status.APPLYING),
)
EXPORTS = JobKind(ExportJob, running=(ExportJob.Status.QUEUED, ExportJob.Status.RUNNING))


def enqueue_on_commit(task: Any, job: Any, *, kind: JobKind) -> None:
    """Queue `task(job.pk)` once the current transaction commits (at once outside one). If the
    queue cannot be reached, `job` is marked failed with `unavailable_message()` instead: the
    caller's page then shows that message, and the job can be run again (`rerun`)."""
    transaction.on_commit(lambda: _enqueue(task, job, kind))


def _enqueue(task: Any, job: Any, kind: JobKind) -> None:
    try:
        result = task.enqueue(job.pk)
    except Exception:  # Redis down or out of reach, a timeout, any error of the backend
        logger.exception("Could not queue %s for %s %s", task.module_path, kind.model, job.pk)
        kind.fail(job, unavailable_message())
        return
    try:
        cache.set(kind.key(job), (result.backend, result.id), timeout=REMEMBER_SECONDS)
    except Exception:  # the task is queued: only `reconcile` will not know about it
        logger.exception("Could not remember the task of %s %s", kind.model, job.pk)


def rerun(
    task: Any,
    job: Any,
    *,
    kind: JobKind,
    reset: dict[str, Any] | None = None,
    only: Callable[[models.QuerySet], models.QuerySet] | None = None,
) -> bool:
    """Run a failed `job` again: back to queued (its message cleared, the fields in `reset`
    set), then `task(job.pk)` queued. `only` narrows which failed rows may run again (an import
    whose file is still kept). False when `job` is not such a row."""
    rows = kind.model._default_manager.filter(pk=job.pk, status=kind.failed)
    if only is not None:
        rows = only(rows)
    with transaction.atomic():
        if not rows.update(status=kind.queued, message="", **(reset or {})):
            return False
        enqueue_on_commit(task, job, kind=kind)
    return True


def reconcile(job: Any, *, kind: JobKind) -> bool:
    """When `job`'s row says a task is working on it but the task backend knows the task failed
    (its worker died) or has lost it, mark the row failed (`lost_message()`). True if it did.
    Called by the job's page, as it shows the row; a no-op for a backend that keeps no results
    (the immediate one of the tests)."""
    if job.status not in kind.running:
        return False
    try:
        remembered = cache.get(kind.key(job))
        if not remembered:
            return False
        from django_tasks import TaskResultStatus, task_backends
        from django_tasks.exceptions import TaskResultDoesNotExist

        alias, result_id = remembered
        backend = task_backends[alias]
        if not backend.supports_get_result:
            return False
        _clean_abandoned(backend)
        try:
            status = backend.get_result(result_id).status
        except TaskResultDoesNotExist:  # e.g. Redis restarted without its data
            status = TaskResultStatus.FAILED
        if status == TaskResultStatus.RUNNING and _runner_gone(alias, result_id):
            _mark_lost(backend, result_id)
            status = TaskResultStatus.FAILED
    except Exception:  # the queue out of reach: the page still shows the row as it is
        logger.warning("Could not ask the task backend about %s %s", kind.model, job.pk)
        return False
    if status != TaskResultStatus.FAILED:
        return False
    return kind.fail(job, lost_message())


def _runner_key(alias: str, result_id: str) -> str:
    return f"task-runner:{alias}:{result_id}"


def remember_runner(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """django-tasks' `task_started`, in the worker: remember which process on which machine runs
    the task (its number and its start time: a number is reused once its process is gone)."""
    pid = os.getpid()
    here = _process(pid)
    runner = (this_machine(), pid, here[1] if here else None)
    try:
        cache.set(_runner_key(task_result.backend, task_result.id), runner, REMEMBER_SECONDS)
    except Exception:  # the task runs on: only `reconcile` will not know where
        logger.exception("Could not remember where task %s runs", task_result.id)


def this_machine() -> str:
    """What names the processes this one can see: the host's name and, on Linux, the process-id
    namespace (two containers of one name see different processes under the same numbers)."""
    try:
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        namespace = ""
    return f"{socket.gethostname()} {namespace}".strip()


def _process(pid: int) -> tuple[str, str] | None:
    """(state, start time) of process `pid` as Linux's /proc tells them; None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # after the command, which is in brackets
    return fields[0], fields[19]  # fields 3 and 22 of proc(5)


def _runner_gone(alias: str, result_id: str) -> bool:
    """Whether the process that started the task is known to be gone: it ran on this machine
    and no process has its number, or it is a zombie (dead, not yet reaped by its parent), or
    another process has the number (started at another time)."""
    runner = cache.get(_runner_key(alias, result_id))
    if not runner:
        return False
    host, pid, started = runner
    if host != this_machine():
        return False  # another machine's (or container's) process: not ours to judge
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user has the number: which one?
        pass
    now = _process(pid)
    if now is None or started is None:
        return False  # alive as far as this machine can tell
    state, start = now
    return state == "Z" or start != started


class WorkerLost(Exception):
    """What a task whose worker process stopped while it ran failed of (`_mark_lost`)."""


def _mark_lost(backend: Any, result_id: str) -> None:
    """The database backend's row of a task whose worker is gone: failed, as the backend marks a
    task that raised (a no-op for another backend)."""
    if type(backend).__module__.split(".")[0] != "django_tasks_db":
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="Its worker process stopped while it ran (core.queueing.reconcile).",
    )


def _clean_abandoned(backend: Any) -> None:
    """RQ: move the jobs whose worker stopped sending heartbeats to the failed jobs (what each
    worker does every 10 minutes), so that a page knows soon after the heartbeat expires."""
    if type(backend).__module__.split(".")[0] != "django_tasks_rq":
        return
    from rq.registry import StartedJobRegistry

    for queue in backend._get_queues():
        StartedJobRegistry(queue=queue).cleanup()


# --- the jobs of core: imports and exports --------------------------------------------------
def can_rerun_import(job: ImportJob) -> bool:
    """A failed import whose file is still kept: its task could not be queued, or its worker
    died (an import that failed on its rows has its file deleted: it is uploaded again)."""
    return job.status == ImportJob.Status.FAILED and bool(job.content)


def rerun_import(job: ImportJob) -> bool:
    """Run a failed import again. Its file is checked again from the start (the data may have
    changed since) and its author then confirms it as before; an import whose check had passed
    and whose apply was confirmed (the job keeps its checked rows, `import_bulk.CHECKED`) is
    applied again at once: the apply re-checks each record's version. False when it cannot run
    again."""
    from .import_bulk import CHECKED
    from .tasks import apply_import, check_import

    checked = bytes(job.content[: len(CHECKED)]) == CHECKED if job.content else False
    return rerun(
        apply_import if checked else check_import,
        job,
        kind=IMPORTS,
        reset={"errors": [], "processed_rows": 0, "finished_at": None},
        only=lambda rows: rows.exclude(content=b""),
    )


def rerun_export(job: ExportJob) -> bool:
    """Build a failed export's workbook again, with the same filters."""
    from .tasks import build_export

    return rerun(build_export, job, kind=EXPORTS, reset={"processed_rows": 0, "finished_at": None})
