"""Importing sheets (.xlsx, .csv) into a configured model.

Two phases, each a background task with progress:
1. check: every row is parsed and validated with the model's form; the job records every bad
   row (line, column, reason) and a preview of what will be created and updated;
2. apply (on the user's confirmation): the rows are checked again against the current data and
   saved in ONE transaction, each through the same path as the add and edit pages (the config's
   `create` or `update`, then its `after_save`); any error rolls everything back, so a failed
   import changes nothing.
Rows are matched to existing records by the config's natural key (e.g. the citizen ID), looked up
only among the rows the actor may change: a key outside the actor's area reads exactly as an
absent one (the row is then new, and creating it is refused without naming where the key lives).
A row equal to its record changes nothing, so re-importing the same file changes nothing.
The uploaded file (personal data, initial passwords) is deleted once the job is over (invalid,
done, failed or cancelled) and, whatever its state, a day after the upload (`purge_uploads`).

Size: a sheet of more than GARRISON_IMPORT_MAX_ROWS rows is refused before any row is checked
(counting stops at the limit). The rows are read one at a time (`sheets.Sheet`), BATCH_ROWS at a
time are looked up (one query per batch for the records, one per related field for the choices)
and checked; what a job keeps grows only with what it must (the keys seen, the versions read),
never with the file. Between batches the worker reports progress and stops if the author
cancelled (`request_cancel`): a cancelled apply rolls back, so it writes nothing.
A column the sheet lacks takes, for a new record, what the add page pre-fills (the model
field's default), and keeps its current value for an existing one.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models.expressions import Col, RawSQL
from django.db.models.lookups import Lookup
from django.db.models.sql.where import WhereNode
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField, model_to_dict
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import ImportJob
from .registry import ImportColumn, ModelConfig, config_key, get_config
from .services import StaleEditError
from .sheets import (
    ImportError_,
    RowError,
    Sheet,
    ValueConverter,
    match_headers,
    normalise,
    open_sheet,
    read_sheet,
)

__all__ = [
    "ImportCancelled",
    "check_rows",
    "existing_records",
    "read_sheet",
    "request_cancel",
    "run_apply",
    "run_check",
]

PREVIEW_ROWS = 200
MAX_ERRORS = 1000
#: rows read, looked up and checked together; progress and cancelling between batches
BATCH_ROWS = 500
#: how long an uploaded file is kept when the job is not over (`purge_uploads`)
KEEP_UPLOADS = datetime.timedelta(days=1)


@dataclass
class CheckResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)
    #: rows read (and checked) so far
    total: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    #: {natural key: version} of the existing records the rows name, as read now
    versions: dict[str, int] = field(default_factory=dict)


# --- checking -------------------------------------------------------------------------------
def _one_parameter(queryset: models.QuerySet, field_name: str, keys: list[str]) -> Any:
    """The right-hand side of `field__in` for `keys`, as ONE query parameter (a JSON array the
    database unpacks) where the database can, so the lookup stays one query of one parameter
    however long the sheet; a plain list elsewhere (or for a key that is not text)."""
    vendor = connections[queryset.db].vendor
    text_key = queryset.model._meta.get_field(field_name).get_internal_type() in {
        "CharField",
        "TextField",
    }
    if text_key and vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys)])
    if text_key and vendor == "postgresql":
        return RawSQL("SELECT jsonb_array_elements_text(%s::jsonb)", [json.dumps(keys)])
    return keys


def existing_records(
    config: type[ModelConfig], actor: Any, keys: list[str]
) -> dict[str, models.Model]:
    """The records `actor` may change whose natural key is among `keys`, by key, in one query.
    A key held by a record outside the actor's area is simply not there: it reads as absent."""
    key_field = config.natural_key
    assert key_field is not None
    unique = sorted({k for k in keys if k})
    if not unique:
        return {}
    editable = config.base_queryset().editable_by(actor)
    rows = editable.filter(**{f"{key_field}__in": _one_parameter(editable, key_field, unique)})
    return {str(getattr(obj, key_field)): obj for obj in rows}


def _cannot_register(config: type[ModelConfig], key: str) -> str:
    """The answer for a new row whose key is taken by a record the actor may not change: the
    same wherever that record lives, so it tells nobody where (or whose) it is."""
    return _(
        "%(value)s cannot be recorded here. If it belongs to your area, ask the province to "
        "hand the record over to you."
    ) % {"value": key}


def _row_errors(
    config: type[ModelConfig],
    problems: dict[str, list[ValidationError]],
    line: int,
    key: str,
    header_of: dict[str, str],
) -> list[RowError]:
    """A form's or a service's errors for one row, each under its column when it names one;
    a clash on the natural key gets the answer that names no other record."""
    errors = []
    for name, found in problems.items():
        column_name = header_of.get(name, name if name != "__all__" else "")
        for problem in found:
            if name == config.natural_key and problem.code == "unique":
                message = _cannot_register(config, key)
            else:
                message = " ".join(str(m) for m in problem.messages)
            errors.append(RowError(line, column_name, message))
    return errors


def save_row(config: type[ModelConfig], actor: Any, form: Any, created: bool) -> models.Model:
    """Save one valid row as its add or edit page would: the config's `create` or `update`
    (domain services included), then its `after_save`. Runs inside the import's transaction."""
    if created:
        obj = config.create(actor, form)
    else:
        obj = config.update(actor, form, form.cleaned_data.get("version"))
    config.after_save(actor, obj, created)
    return obj


class ImportCancelled(Exception):
    """Its author cancelled the import (`request_cancel`): the worker stops between batches."""


def _batches(rows: Iterable[tuple[int, list[Any]]], size: int) -> Iterator[list[Any]]:
    batch: list[tuple[int, list[Any]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- related rows: one query per field and batch ---------------------------------------------
_PLAIN = (str, int, float, bool, Decimal, datetime.date, type(None))


def _plain_value(value: Any) -> bool:
    if isinstance(value, list | tuple | set | frozenset):
        return all(isinstance(v, _PLAIN) for v in value)
    return isinstance(value, _PLAIN)


def _plain_where(node: WhereNode) -> bool:
    """The filter holds only column-to-value comparisons (no subquery, no raw SQL), so two
    filters that compare equal select the same rows."""
    for child in node.children:
        if isinstance(child, WhereNode):
            if not _plain_where(child):
                return False
        elif not (
            isinstance(child, Lookup) and isinstance(child.lhs, Col) and _plain_value(child.rhs)
        ):
            return False
    return True


def _rows_selected(queryset: models.QuerySet) -> tuple[Any, ...] | None:
    """What decides which rows `queryset` returns, comparable between two querysets; None when
    that cannot be told without running it (its choices are then read the usual way)."""
    query = queryset.query
    if query.is_sliced or query.combinator or query.distinct or query.extra:
        return None
    if not _plain_where(query.where):
        return None
    return (query.model, query.where)


class BatchChoices:
    """The rows a batch's forms choose in their model choice fields (the residence commune of a
    person, the province of an account), read in ONE query per field and batch from the form
    field's own queryset, instead of one query per row. A form whose field selects other rows
    than the first form's (or a value not read) is answered by the field itself, as always."""

    def __init__(self, values: dict[str, set[Any]]):
        self.values = values
        self.found: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}

    def attach(self, form: Any) -> None:
        for name, values in self.values.items():
            field = form.fields.get(name)
            if not isinstance(field, ModelChoiceField) or isinstance(
                field, ModelMultipleChoiceField
            ):
                continue
            try:
                selected = _rows_selected(field.queryset)
                if selected is None:
                    continue
                entry = self.found.get(name)
                if entry is None:
                    key = field.to_field_name or "pk"
                    wanted = {v for v in values if v not in field.empty_values}
                    rows = field.queryset.filter(**{f"{key}__in": wanted}) if wanted else []
                    entry = (selected, {str(getattr(obj, key)): obj for obj in rows})
                    self.found[name] = entry
                elif entry[0] != selected:
                    continue
            except (TypeError, ValueError, ValidationError):
                continue  # a value the field itself will refuse
            field.to_python = self._cached(field, entry[1])

    @staticmethod
    def _cached(field: ModelChoiceField, rows: dict[str, Any]) -> Any:
        original = field.to_python

        def to_python(value: Any) -> Any:
            if value not in field.empty_values and not isinstance(value, models.Model):
                found = rows.get(str(value))
                if found is not None:
                    return found
            return original(value)

        return to_python


# --- the rows ---------------------------------------------------------------------------------
class RowChecker:
    """Checks (and, with `save`, saves) the rows of one sheet, a batch at a time; what it keeps
    between batches is bounded: the keys seen (to refuse a second row of the same record), the
    versions of the records matched, at most MAX_ERRORS errors and PREVIEW_ROWS preview rows."""

    def __init__(
        self,
        config: type[ModelConfig],
        actor: Any,
        headers: list[str],
        matched: dict[int, ImportColumn],
        result: CheckResult,
        *,
        save: bool,
        seen: dict[str, int] | None,
    ):
        self.config = config
        self.actor = actor
        self.headers = headers
        self.matched = matched
        self.result = result
        self.save = save
        self.seen = seen
        key_field = config.natural_key
        assert key_field is not None
        self.key_field = key_field
        self.key_index = next(i for i, c in matched.items() if c.field == key_field)
        self.converter = ValueConverter(config, actor)
        self.model = config.model
        form_class = config.import_form_class or config.form_class
        assert form_class is not None
        self.form_class = form_class
        self.header_of = {c.field: headers[i] for i, c in matched.items()}
        self.seen_keys: dict[str, int] = {}
        self.choice_fields = [
            name
            for name, f in form_class.base_fields.items()
            if isinstance(f, ModelChoiceField) and not isinstance(f, ModelMultipleChoiceField)
        ]
        self.defaults = self._absent_defaults()

    def _absent_defaults(self) -> dict[str, Any]:
        """What a new record gets for each form field the sheet has no column for: what the add
        page pre-fills (the model field's default: an account is active, a person is Kinh), not
        what an unticked box or an empty field would send."""
        present = {c.field for c in self.matched.values()}
        blank = self.form_class(instance=self.model(), user=self.actor)
        defaults = {}
        for name, form_field in blank.fields.items():
            if name in present or name == "version":
                continue
            value = blank.initial.get(name, form_field.initial)
            if value is not None:
                defaults[name] = value
        return defaults

    def check_batch(self, batch: list[tuple[int, list[Any]]]) -> bool:
        """Check (and save) the rows of `batch`; True when the check must stop here (too many
        errors, or the transaction is spoiled)."""
        result = self.result
        keys = [self._key(row) for _line, row in batch]
        existing = existing_records(self.config, self.actor, keys)
        prepared = [
            self._prepare(line, row, key, existing.get(key))
            for (line, row), key in zip(batch, keys, strict=True)
        ]
        values: dict[str, set[Any]] = {name: set() for name in self.choice_fields}
        for item in prepared:
            if isinstance(item, tuple):
                data = item[3]
                for name in self.choice_fields:
                    value = data.get(name)
                    if value is not None and not isinstance(value, list | dict):
                        values[name].add(value)
        choices = BatchChoices(values)
        for item in prepared:
            if len(result.errors) >= MAX_ERRORS:
                return True
            result.total += 1
            if isinstance(item, list):
                result.errors.extend(item)
                continue
            if self._check_row(*item, choices):
                return True
        return False

    def _key(self, row: list[Any]) -> str:
        column = self.matched[self.key_index]
        raw = row[self.key_index] if self.key_index < len(row) else None
        value, _problem = self.converter.convert(column, raw)
        return str(value) if value is not None else ""

    def _prepare(
        self, line: int, row: list[Any], key: str, instance: models.Model | None
    ) -> list[RowError] | tuple[int, str, models.Model | None, dict[str, Any]]:
        """The form data of one row, or its errors (a second row of a key, a record changed
        since the check, a cell that cannot be read)."""
        key_header = self.header_of[self.key_field]
        if key and key in self.seen_keys:
            message = _("%(key)s also appears on line %(other)d: keep one row per record.") % {
                "key": key,
                "other": self.seen_keys[key],
            }
            return [RowError(line, key_header, message)]
        self.seen_keys[key] = line
        current = getattr(instance, "version", None)
        if current is not None:
            self.result.versions[key] = current
        if self.seen is not None and instance is not None and self.seen.get(key) != current:
            message = _(
                "%(key)s was changed by someone else after the check: check the file "
                "again, so that their change is not undone."
            ) % {"key": key}
            return [RowError(line, key_header, message)]
        data: dict[str, Any] = {}
        if instance is not None:
            # columns the sheet lacks keep their current values (only model fields of the form)
            for name, value in model_to_dict(instance, fields=self.form_class._meta.fields).items():
                if isinstance(value, list):
                    data[name] = [getattr(v, "pk", v) for v in value]
                elif value is not None:
                    data[name] = value
            data["version"] = current
        else:
            # columns the sheet lacks take their defaults
            for name, value in self.defaults.items():
                data[name] = value() if callable(value) else value
        errors = []
        for index, column in self.matched.items():
            raw = row[index] if index < len(row) else None
            value, problem = self.converter.convert(column, raw)
            if problem:
                errors.append(RowError(line, self.headers[index], problem))
            else:
                data[column.field] = value
        return errors or (line, key, instance, data)

    def _check_row(
        self,
        line: int,
        key: str,
        instance: models.Model | None,
        data: dict[str, Any],
        choices: BatchChoices,
    ) -> bool:
        """Validate one row with the register's form (and save it); True when the transaction
        is spoiled and the check must stop."""
        result = self.result
        form = self.form_class(data=data, instance=instance or self.model(), user=self.actor)
        choices.attach(form)
        if not form.is_valid():
            result.errors.extend(
                _row_errors(self.config, form.errors.as_data(), line, key, self.header_of)
            )
            return False
        if instance is None:
            status = "create"
        else:
            changed = any(
                normalise(form.initial.get(c.field)) != normalise(form.cleaned_data.get(c.field))
                for c in self.matched.values()
            )
            status = "update" if changed else "unchanged"
        if status == "unchanged":
            result.unchanged += 1
            return False
        if self.save and not result.errors:
            try:
                obj = save_row(self.config, self.actor, form, created=instance is None)
            except ValidationError as exc:
                problems = exc.error_dict if hasattr(exc, "error_dict") else {"": exc.error_list}
                result.errors.extend(_row_errors(self.config, problems, line, key, self.header_of))
                return False
            except (PermissionDenied, StaleEditError) as exc:
                result.errors.append(RowError(line, "", str(exc)))
                return False
            except IntegrityError:
                # a record with this key was saved meanwhile; the transaction is spoiled
                message = _cannot_register(self.config, key)
                result.errors.append(RowError(line, self.header_of[self.key_field], message))
                return True
        else:
            obj = form.save(commit=False)
        if status == "create":
            result.created += 1
        else:
            result.updated += 1
        if len(result.preview) < PREVIEW_ROWS:
            result.preview.append(
                {"line": line, "action": status, "key": key, "label": str(obj)[:120]}
            )
        return False


def check_rows(
    config: type[ModelConfig],
    actor: Any,
    headers: list[str],
    rows: Iterable[tuple[int, list[Any]]],
    progress: Callable[[int], None] | None = None,
    *,
    save: bool = False,
    seen: dict[str, int] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CheckResult:
    """Validate every row (and, with `save`, save each valid row through the config's hooks as
    long as no row has failed; the caller's transaction makes it all or nothing). The rows are
    read as they come, BATCH_ROWS at a time: the records a batch names are looked up in one
    query, `progress(rows done)` is called and `cancelled()` asked (ImportCancelled) between
    batches. `seen` (the versions the check read): a row whose record changed since — edited,
    or created — is refused, never written back over the newer data."""
    result = CheckResult()
    matched, header_errors, result.ignored_columns = match_headers(config, headers)
    result.errors.extend(header_errors)
    if header_errors:
        return result
    checker = RowChecker(config, actor, headers, matched, result, save=save, seen=seen)
    for batch in _batches(rows, BATCH_ROWS):
        if cancelled is not None and cancelled():
            raise ImportCancelled
        stop = checker.check_batch(batch)
        if progress is not None:
            progress(result.total)
        if stop:
            break
    return result


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

    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


def apply_import(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
    from .tasks import apply_import as task

    transaction.on_commit(lambda: task.enqueue(job.pk))


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
    pass


def run_apply(job_id: int) -> ImportJob:
    """Check again against the current data and save every row through the config's hooks, in
    one transaction: everything, or nothing (a cancelled apply included)."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    errors: list[RowError] = []
    try:
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
                    errors = result.errors
                    raise _Rollback
    except ImportError_ as exc:
        return _finish(job, ImportJob.Status.FAILED, errors=[RowError(0, "", str(exc))])
    except ImportCancelled:
        job.message = _cancelled_message()
        return _finish(job, ImportJob.Status.CANCELLED)
    except _Rollback:
        job.message = _(
            "Nothing was imported: the data changed since the check. Fix the rows "
            "below and upload the file again."
        )
        return _finish(job, ImportJob.Status.FAILED, errors=errors)
    except Exception:
        job.message = _(
            "Nothing was imported: the import stopped on an unexpected error. Upload the file "
            "again; if it happens again, tell your administrator."
        )
        _finish(job, ImportJob.Status.FAILED)
        raise
    job.created_count = result.created
    job.updated_count = result.updated
    job.unchanged_count = result.unchanged
    job.processed_rows = job.total_rows or result.total
    job.message = ""
    return _finish(job, ImportJob.Status.DONE)


def purge_uploads(now: datetime.datetime | None = None) -> int:
    """Delete the uploaded file of every job started more than a day before `now` (default:
    now); the job itself (counts, errors, preview) stays for its author. Returns how many files
    were deleted. Run it periodically (`garrison purge_imports`)."""
    cutoff = (now or timezone.now()) - KEEP_UPLOADS
    return ImportJob.objects.filter(created_at__lt=cutoff).exclude(content=b"").update(content=b"")
