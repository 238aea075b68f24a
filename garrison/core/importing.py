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
done or failed) and, whatever its state, a day after the upload (`purge_uploads`).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import set_actor
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models.expressions import RawSQL
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportJob
from .registry import ModelConfig, config_key, get_config
from .services import StaleEditError
from .sheets import (
    ImportError_,
    RowError,
    ValueConverter,
    match_headers,
    normalise,
    read_sheet,
)

PREVIEW_ROWS = 200
MAX_ERRORS = 1000
#: how long an uploaded file is kept when the job is not over (`purge_uploads`)
KEEP_UPLOADS = datetime.timedelta(days=1)


@dataclass
class CheckResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)
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


def check_rows(
    config: type[ModelConfig],
    actor: Any,
    headers: list[str],
    rows: list[tuple[int, list[Any]]],
    progress: Any = None,
    *,
    save: bool = False,
    seen: dict[str, int] | None = None,
) -> CheckResult:
    """Validate every row (and, with `save`, save each valid row through the config's hooks as
    long as no row has failed; the caller's transaction makes it all or nothing). `seen` (the
    versions the check read): a row whose record changed since — edited, or created — is
    refused, never written back over the newer data."""
    result = CheckResult(total=len(rows))
    matched, header_errors, result.ignored_columns = match_headers(config, headers)
    result.errors.extend(header_errors)
    if header_errors:
        return result
    key_field = config.natural_key
    assert key_field is not None
    key_index = next(i for i, c in matched.items() if c.field == key_field)
    key_column = matched[key_index]
    converter = ValueConverter(config, actor)
    model = config.model

    keys = []
    for _line, row in rows:
        raw = row[key_index] if key_index < len(row) else None
        value, _problem = converter.convert(key_column, raw)
        keys.append(str(value) if value is not None else "")
    existing = existing_records(config, actor, keys)

    form_class = config.import_form_class or config.form_class
    assert form_class is not None
    seen_keys: dict[str, int] = {}
    header_of = {c.field: headers[i] for i, c in matched.items()}
    for position, (line, row) in enumerate(rows):
        if progress is not None and position % 50 == 0:
            progress(position)
        if len(result.errors) >= MAX_ERRORS:
            break
        key = keys[position]
        if key and key in seen_keys:
            result.errors.append(
                RowError(
                    line,
                    header_of[key_field],
                    _("%(key)s also appears on line %(other)d: keep one row per record.")
                    % {"key": key, "other": seen_keys[key]},
                )
            )
            continue
        seen_keys[key] = line
        instance = existing.get(key)
        current = getattr(instance, "version", None)
        if current is not None:
            result.versions[key] = current
        if seen is not None and instance is not None and seen.get(key) != current:
            result.errors.append(
                RowError(
                    line,
                    header_of[key_field],
                    _(
                        "%(key)s was changed by someone else after the check: check the file "
                        "again, so that their change is not undone."
                    )
                    % {"key": key},
                )
            )
            continue
        data: dict[str, Any] = {}
        if instance is not None:
            # columns the sheet lacks keep their current values (only model fields of the form)
            data.update(
                {
                    k: v
                    for k, v in model_to_dict(instance, fields=form_class._meta.fields).items()
                    if v is not None
                }
            )
            for name, value in list(data.items()):
                if isinstance(value, list):
                    data[name] = [getattr(v, "pk", v) for v in value]
            data["version"] = getattr(instance, "version", None)
        row_ok = True
        for index, column in matched.items():
            raw = row[index] if index < len(row) else None
            value, problem = converter.convert(column, raw)
            if problem:
                result.errors.append(RowError(line, headers[index], problem))
                row_ok = False
            else:
                data[column.field] = value
        if not row_ok:
            continue
        form = form_class(data=data, instance=instance or model(), user=actor)
        if not form.is_valid():
            result.errors.extend(_row_errors(config, form.errors.as_data(), line, key, header_of))
            continue
        if instance is None:
            status = "create"
        else:
            changed = [
                c.field
                for c in matched.values()
                if normalise(form.initial.get(c.field)) != normalise(form.cleaned_data.get(c.field))
            ]
            status = "update" if changed else "unchanged"
        if status == "unchanged":
            result.unchanged += 1
            continue
        if save and not result.errors:
            try:
                obj = save_row(config, actor, form, created=instance is None)
            except ValidationError as exc:
                problems = exc.error_dict if hasattr(exc, "error_dict") else {"": exc.error_list}
                result.errors.extend(_row_errors(config, problems, line, key, header_of))
                continue
            except (PermissionDenied, StaleEditError) as exc:
                result.errors.append(RowError(line, "", str(exc)))
                continue
            except IntegrityError:
                # a record with this key was saved meanwhile; the transaction is spoiled
                result.errors.append(
                    RowError(line, header_of[key_field], _cannot_register(config, key))
                )
                break
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
    if progress is not None:
        progress(len(rows))
    return result


# --- progress -------------------------------------------------------------------------------
def _progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def set_progress(job_id: int, processed: int) -> None:
    cache.set(_progress_key(job_id), processed, timeout=3600)


def progress_of(job: ImportJob) -> dict[str, Any]:
    processed = cache.get(_progress_key(job.pk))
    if processed is None or not job.is_running:
        processed = job.processed_rows if not job.is_running else 0
    total = job.total_rows
    percent = 100 if not job.is_running else (round(100 * processed / total) if total else 0)
    return {"processed": processed, "total": total, "percent": min(100, percent)}


# --- jobs -----------------------------------------------------------------------------------
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


def _load(job: ImportJob) -> tuple[type[ModelConfig], list[str], list[tuple[int, list[Any]]]]:
    config = get_config(job.config_name)
    if not job.content:
        raise ImportError_(
            _(
                "The uploaded file is no longer kept (files are deleted once imported, or a day "
                "after the upload): upload it again."
            )
        )
    headers, rows = read_sheet(job.file_name, bytes(job.content))
    return config, headers, rows


def run_check(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    job.status = ImportJob.Status.VALIDATING
    job.save(update_fields=["status"])
    try:
        config, headers, rows = _load(job)
    except ImportError_ as exc:
        return _finish(job, ImportJob.Status.INVALID, errors=[RowError(0, "", str(exc))])
    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    result = check_rows(config, job.actor, headers, rows, lambda n: set_progress(job.pk, n))
    return _finish_check(job, result)


def _finish_check(job: ImportJob, result: CheckResult) -> ImportJob:
    job.created_count = result.created
    job.updated_count = result.updated
    job.unchanged_count = result.unchanged
    job.preview = result.preview
    job.seen_versions = result.versions
    job.processed_rows = result.total
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
    if finished or status == ImportJob.Status.INVALID:
        job.finished_at = timezone.now()
        job.content = b""  # the job is over: the file (personal data) is not kept
    job.save()
    return job


class _Rollback(Exception):
    pass


def run_apply(job_id: int) -> ImportJob:
    """Check again against the current data and save every row through the config's hooks, in
    one transaction: everything, or nothing."""
    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    try:
        config, headers, rows = _load(job)
    except ImportError_ as exc:
        return _finish(job, ImportJob.Status.FAILED, errors=[RowError(0, "", str(exc))])
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            with set_actor(job.actor, remote_addr=job.remote_addr):  # the audit's "who"
                result = check_rows(
                    config,
                    job.actor,
                    headers,
                    rows,
                    lambda n: set_progress(job.pk, n),
                    save=True,
                    seen=job.seen_versions,
                )
            if result.errors:
                errors = result.errors
                raise _Rollback
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
    job.processed_rows = len(rows)
    job.message = ""
    return _finish(job, ImportJob.Status.DONE)


def purge_uploads(now: datetime.datetime | None = None) -> int:
    """Delete the uploaded file of every job started more than a day before `now` (default:
    now); the job itself (counts, errors, preview) stays for its author. Returns how many files
    were deleted. Run it periodically (`garrison purge_imports`)."""
    cutoff = (now or timezone.now()) - KEEP_UPLOADS
    return ImportJob.objects.filter(created_at__lt=cutoff).exclude(content=b"").update(content=b"")
