"""Importing sheets (.xlsx, .csv) into a configured model.

Two phases, each a background task with progress:
1. check: every row is parsed and validated with the model's form; the job records every bad
   row (line, column, reason) and a preview of what will be created and updated;
2. apply (on the user's confirmation): the rows are saved in ONE transaction; any error rolls
   everything back, so a failed import changes nothing. A register whose saves have no side
   effect beyond the row (`import_bulk.bulk_capable`: the people register) keeps, at the check,
   the rows it passed in place of the file (`import_bulk.CheckedRows`), and the apply writes
   them a batch at a time (COPY or bulk_create, bulk_update, the audit entries in bulk), each
   batch locking its records and refusing a row whose record changed since the check. Any other
   register's rows are checked again against the current data and saved one by one through the
   same path as the add and edit pages (the config's `create` or `update`, then `after_save`).
   A connection to the database lost during the apply leaves the job ready to apply again.
Rows are matched to existing records by the config's natural key (e.g. the citizen ID), looked up
only among the rows the actor may change: a key outside the actor's area reads exactly as an
absent one (the row is then new, and creating it is refused without naming where the key lives).
A row equal to its record changes nothing, so re-importing the same file changes nothing.
The uploaded file (personal data, initial passwords) is deleted once the job is over (invalid,
done, failed or cancelled) and, whatever its state, a day after the upload (`purge_uploads`).

Size: a sheet of more than GARRISON_IMPORT_MAX_ROWS rows is refused before any row is checked
(counting stops at the limit). The rows are read one at a time (`sheets.Sheet`) and checked a
batch at a time (`import_rows.check_rows`): what a job keeps grows only with what it must (the
keys seen, the versions read), never with the file. Between batches the worker reports progress
and stops if the author cancelled (`request_cancel`): a cancelled apply rolls back, so it writes
nothing.
A column the sheet lacks takes, for a new record, what the add page pre-fills (the model
field's default), and keeps its current value for an existing one.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import queueing
from .import_apply import apply_checked
from .import_bulk import CHECKED, bulk_capable
from .import_rows import (
    CheckResult,
    ImportCancelled,
    check_rows,
    existing_records,
)
from .models import ImportJob
from .registry import ModelConfig, config_key, get_config
from .sheets import ImportError_, RowError, Sheet, open_sheet, read_sheet

__all__ = [
    "ImportCancelled",
    "check_rows",
    "existing_records",
    "progress_of",
    "purge_uploads",
    "read_sheet",
    "request_cancel",
    "run_apply",
    "run_check",
    "start_import",
]

#: how long an uploaded file is kept when the job is not over (`purge_uploads`)
KEEP_UPLOADS = datetime.timedelta(days=1)


# --- progress and cancelling ----------------------------------------------------------------
# Both travel through the cache, the channel the worker and the web server share: during an
# apply the worker holds the database's write lock (SQLite) for the whole transaction, so the
# page could not write a flag there, and the worker reads the cache between batches for free.
def _key(kind: str, job: ImportJob) -> str:
    """The cache key of `job`'s progress or cancel flag (its creation time too: a key never
    outlives its job into another of the same number)."""
    return f"import-{kind}:{job.pk}:{job.created_at.timestamp():.6f}"


def set_progress(job: ImportJob, processed: int) -> None:
    cache.set(_key("progress", job), processed, timeout=3600)


def progress_of(job: ImportJob) -> dict[str, Any]:
    processed = cache.get(_key("progress", job))
    if processed is None or not job.is_running:
        processed = job.processed_rows if not job.is_running else 0
    total = job.total_rows
    percent = 100 if not job.is_running else (round(100 * processed / total) if total else 0)
    return {
        "processed": processed,
        "total": total,
        "percent": min(100, percent),
        "cancelling": job.is_running and cancel_requested(job),
    }


def cancel_requested(job: ImportJob) -> bool:
    return bool(cache.get(_key("cancel", job)))


def request_cancel(job: ImportJob) -> bool:
    """Ask the worker to stop `job` (its author's request): a job no worker has started yet ends
    at once; a check or an apply under way stops after its current batch, an apply rolling back
    everything it wrote. False when the job is not running (nothing to cancel)."""
    if not job.is_running:
        return False
    cache.set(_key("cancel", job), True, timeout=int(KEEP_UPLOADS.total_seconds()))
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.CANCELLED,
        message=_cancelled_message(),
        content=b"",
        finished_at=timezone.now(),
    )
    return True


def _cancelled_message() -> str:
    return _("You cancelled this import: nothing was imported.")


# --- jobs -----------------------------------------------------------------------------------
def max_rows() -> int:
    return int(settings.GARRISON_IMPORT_MAX_ROWS)


def start_import(
    *, actor: Any, config: type[ModelConfig], upload: Any, remote_addr: str | None = None
) -> ImportJob:
    job = ImportJob.objects.create(
        config_name=config_key(config),
        actor=actor,
        file_name=upload.name,
        content=upload.read(),
        remote_addr=remote_addr,
    )
    from .tasks import check_import

    queueing.enqueue_on_commit(check_import, job, kind=queueing.IMPORTS)
    return job


def apply_import(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
    from .tasks import apply_import as task

    queueing.enqueue_on_commit(task, job, kind=queueing.IMPORTS)


@contextmanager
def _open(job: ImportJob) -> Iterator[tuple[type[ModelConfig], Sheet]]:
    config = get_config(job.config_name)
    if not job.content:
        raise ImportError_(
            _(
                "The uploaded file is no longer kept (files are deleted once imported, or a day "
                "after the upload): upload it again."
            )
        )
    content = bytes(job.content)
    job.content = None  # one copy of the file in memory, not two (the job never saves it back)
    with open_sheet(job.file_name, content) as sheet:
        yield config, sheet


def _too_many_rows(sheet: Sheet, limit: int) -> str:
    return _(
        "This file has about %(count)s rows; an import takes at most %(limit)s. Split it into "
        "files of at most %(limit)s rows (each with the header row) and import them one after "
        "the other."
    ) % {
        "count": number_format(max(sheet.estimate(), limit + 1), force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }


def run_check(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    # a job cancelled before any worker took it stays cancelled
    started = (
        ImportJob.objects.filter(pk=job.pk)
        .exclude(status=ImportJob.Status.CANCELLED)
        .update(status=ImportJob.Status.VALIDATING)
    )
    if not started:
        job.refresh_from_db()
        return job
    job.status = ImportJob.Status.VALIDATING
    limit = max_rows()
    try:
        with _open(job) as (config, sheet):
            if cancel_requested(job):
                raise ImportCancelled
            job.total_rows = sheet.count(limit)
            if job.total_rows > limit:
                too_many = RowError(0, "", _too_many_rows(sheet, limit))
                job.total_rows = 0
                return _finish(job, ImportJob.Status.INVALID, errors=[too_many])
            job.save(update_fields=["total_rows"])
            result = check_rows(
                config,
                job.actor,
                sheet.headers,
                sheet.rows(),
                lambda n: set_progress(job, n),
                cancelled=lambda: cancel_requested(job),
            )
    except ImportError_ as exc:
        return _finish(job, ImportJob.Status.INVALID, errors=[RowError(0, "", str(exc))])
    except ImportCancelled:
        job.message = _cancelled_message()
        return _finish(job, ImportJob.Status.CANCELLED)
    return _finish_check(job, result)


def _finish_check(job: ImportJob, result: CheckResult) -> ImportJob:
    job.created_count = result.created
    job.updated_count = result.updated
    job.unchanged_count = result.unchanged
    job.preview = result.preview
    job.seen_versions = result.versions
    job.processed_rows = job.total_rows
    if result.ignored_columns:
        job.message = _("Columns ignored (they are for reading only): %(names)s.") % {
            "names": ", ".join(result.ignored_columns)
        }
    status = ImportJob.Status.INVALID if result.errors else ImportJob.Status.READY
    if status == ImportJob.Status.READY and result.kept is not None:
        # the apply writes the rows as checked; the file itself is no longer kept
        job.content = result.kept
        job.save(update_fields=["content"])
    return _finish(job, status, errors=result.errors, finished=False)


def _finish(
    job: ImportJob, status: str, errors: list[RowError] | None = None, finished: bool = True
) -> ImportJob:
    job.status = status
    job.errors = [e.as_dict() for e in errors or []]
    fields = [f.name for f in ImportJob._meta.concrete_fields if f.name not in {"id", "content"}]
    if finished or status == ImportJob.Status.INVALID:
        job.finished_at = timezone.now()
        job.content = b""  # the job is over: the file (personal data) is not kept
        fields.append("content")
    job.save(update_fields=fields)  # a job still waiting for its apply keeps its file as it is
    cache.delete_many([_key("progress", job), _key("cancel", job)])
    return job


class _Rollback(Exception):
    """The rows' errors found while writing: the apply's transaction is rolled back."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__()
        self.errors = errors


def run_apply(job_id: int) -> ImportJob:
    """Check again against the current data and save every row through the config's hooks, in
    one transaction: everything, or nothing (a cancelled apply included)."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.content and bytes(job.content[: len(CHECKED)]) == CHECKED:
        return _apply_checked(job)

    def write() -> CheckResult:
        with _open(job) as (config, sheet):
            if cancel_requested(job):
                raise ImportCancelled
            with transaction.atomic():
                with set_actor(job.actor, remote_addr=job.remote_addr):  # the audit's "who"
                    result = check_rows(
                        config,
                        job.actor,
                        sheet.headers,
                        sheet.rows(),
                        lambda n: set_progress(job, n),
                        save=True,
                        seen=job.seen_versions,
                        cancelled=lambda: cancel_requested(job),
                    )
                if result.errors:
                    raise _Rollback(result.errors)
        return result

    return _finish_apply(job, write, counts_unchanged=True)


def _apply_checked(job: ImportJob) -> ImportJob:
    """The apply of a job whose check kept its rows: they are written as checked, in one
    transaction, each batch refusing a row whose record changed since the check."""
    config = get_config(job.config_name)
    content = bytes(job.content)
    job.content = None

    def write() -> CheckResult:
        if not bulk_capable(config, config.import_form_class or config.form_class):
            # the register's saves changed since the check (a new release): check again
            raise ImportError_(_("This import must be checked again: upload the file again."))
        if cancel_requested(job):
            raise ImportCancelled
        with transaction.atomic(), _collector_spared():
            with set_actor(job.actor, remote_addr=job.remote_addr):  # the audit's "who"
                result = apply_checked(
                    config,
                    job.actor,
                    content,
                    lambda n: set_progress(job, n),
                    cancelled=lambda: cancel_requested(job),
                )
            if result.errors:
                raise _Rollback(result.errors)
        return result

    # the rows the check found unchanged are not kept: the check's count of them stands
    return _finish_apply(job, write, counts_unchanged=False)


@contextmanager
def _collector_spared() -> Iterator[None]:
    """While rows are written in bulk, the garbage collector's full passes leave out the
    objects that were alive before (`gc.freeze`: the program's modules, settings and registry,
    hundreds of thousands of objects) and scan only what the write makes: about a sixth of the
    apply's time otherwise (`bench.imports`). Everything is handed back to it after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _finish_apply(
    job: ImportJob, write: Callable[[], CheckResult], *, counts_unchanged: bool
) -> ImportJob:
    """Run an apply's `write` (one transaction) and finish `job` with what became of it: done
    with its counts, cancelled, failed with the rows' errors or the reason, or ready to apply
    again when the database connection was lost."""
    try:
        result = write()
    except ImportError_ as exc:
        return _finish(job, ImportJob.Status.FAILED, errors=[RowError(0, "", str(exc))])
    except ImportCancelled:
        job.message = _cancelled_message()
        return _finish(job, ImportJob.Status.CANCELLED)
    except _Rollback as rollback:
        job.message = _(
            "Nothing was imported: the data changed since the check. Fix the rows "
            "below and upload the file again."
        )
        return _finish(job, ImportJob.Status.FAILED, errors=rollback.errors)
    except (OperationalError, InterfaceError):
        return _connection_lost(job)
    except Exception:
        job.message = _(
            "Nothing was imported: the import stopped on an unexpected error. Upload the file "
            "again; if it happens again, tell your administrator."
        )
        _finish(job, ImportJob.Status.FAILED)
        raise
    job.created_count = result.created
    job.updated_count = result.updated
    if counts_unchanged:
        job.unchanged_count = result.unchanged
    job.processed_rows = job.total_rows or result.total
    job.message = ""
    return _finish(job, ImportJob.Status.DONE)


def _connection_lost(job: ImportJob) -> ImportJob:
    """The database went away during the apply (its connection dropped, the server restarted):
    the transaction died with it, so nothing of the import was written. The job is ready to be
    applied again, its file kept, and says what happened."""
    connection = connections[ImportJob.objects.db]
    connection.close()  # the broken connection is dropped; the next query opens a new one
    message = _(
        "The connection to the database was lost while the import was being applied, so "
        "nothing was imported. Apply it again; if it fails again, tell your administrator."
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.READY, message=message)
    cache.delete_many([_key("progress", job), _key("cancel", job)])
    job.refresh_from_db()
    return job


def purge_uploads(now: datetime.datetime | None = None) -> int:
    """Delete the uploaded file of every job started more than a day before `now` (default:
    now); the job itself (counts, errors, preview) stays for its author. Returns how many files
    were deleted. Run it periodically (`garrison purge_imports`)."""
    cutoff = (now or timezone.now()) - KEEP_UPLOADS
    return ImportJob.objects.filter(created_at__lt=cutoff).exclude(content=b"").update(content=b"")
