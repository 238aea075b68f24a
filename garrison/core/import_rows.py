"""Checking (and, at the apply, saving) the rows of an import sheet: `check_rows`.

The rows come as an iterable read lazily from the file (`sheets.Sheet.rows`); BATCH_ROWS at a
time are looked up (the records the batch names: one query; the choices its forms' related
fields make: one query per field; the keys taken by records the actor cannot see: one query)
and validated with the register's import form, exactly as the add and edit pages validate (a
form that allows it, `import_reusable`, is built once per batch and re-bound to each row; a new
record of such a form is checked by the same steps without the form's overhead, `import_fast`,
and any row with something wrong goes to the form itself, which says what). At
the apply each valid row is written in bulk (`import_bulk`, `import_apply`) or, for a register
with hooks, saved through the config's `create` or `update` and `after_save`. What is kept
between batches is bounded: the keys seen (to refuse a second row of one record), the
versions of the records matched, at most MAX_ERRORS errors and PREVIEW_ROWS rows of preview,
and the checked rows kept for the apply, compressed. `core.importing` runs it as the two
phases of an import job.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models.expressions import RawSQL
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField, model_to_dict
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .import_bulk import BulkWriter, CheckedRows, Pending, bulk_capable
from .import_choices import BatchChoices
from .import_fast import FastCheck, blank_records
from .registry import ImportColumn, ModelConfig
from .services import StaleEditError
from .sheets import RowError, ValueConverter, match_headers, normalise

PREVIEW_ROWS = 200
MAX_ERRORS = 1000
#: rows read, looked up, checked (and, at the apply, written) together; progress and
#: cancelling between batches
BATCH_ROWS = 2000


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
    #: the rows to write, as the check left them (`import_bulk.CheckedRows`), for a register
    #: written in bulk: the apply writes them without reading and validating the file again
    kept: bytes | None = None


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


def rows_in_area(config: type[ModelConfig], actor: Any, pks: list[int]) -> set[Any]:
    """Which of the records `pks` (just written, numbered by the database) `actor` may change,
    in one query. The keys drive it (one parameter the database unpacks, looked up by primary
    key), however stale the table's statistics: inside an import's transaction PostgreSQL does
    not know the rows the import has written, and once read the area's own index (all of a
    province's people, say) for every batch, so the check of a batch grew with the rows before
    it. A register numbered otherwise (not by whole numbers) gives its keys as a list."""
    editable = config.base_queryset().editable_by(actor).order_by()
    vendor = connections[editable.db].vendor
    numbered = config.model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField"}
    keys: Any = pks
    if numbered and vendor == "sqlite":
        keys = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(pks)])
    elif numbered and vendor == "postgresql":
        keys = RawSQL("SELECT (jsonb_array_elements_text(%s::jsonb))::bigint", [json.dumps(pks)])
    return set(editable.filter(pk__in=keys).values_list("pk", flat=True))


def existing_records(
    config: type[ModelConfig], actor: Any, keys: list[str], *, lock: bool = False
) -> dict[str, models.Model]:
    """The records `actor` may change whose natural key is among `keys`, by key, in one query.
    A key held by a record outside the actor's area is simply not there: it reads as absent.
    `lock` (inside the apply's transaction): the rows are locked until it ends (PostgreSQL's
    SELECT … FOR UPDATE), so the versions read are the ones the batch's writes overwrite."""
    key_field = config.natural_key
    assert key_field is not None
    unique = sorted({k for k in keys if k})
    if not unique:
        return {}
    editable = config.base_queryset().editable_by(actor)
    if lock and connections[editable.db].features.has_select_for_update:
        # the rows are locked first (a plain query: the register's own may group or join),
        # then read as they now stand
        plain = config.model._base_manager.all()
        plain = plain.filter(**{f"{key_field}__in": _one_parameter(plain, key_field, unique)})
        list(plain.select_for_update().values_list("pk", flat=True))
    rows = editable.filter(**{f"{key_field}__in": _one_parameter(editable, key_field, unique)})
    return {str(getattr(obj, key_field)): obj for obj in rows}


def taken_keys(config: type[ModelConfig], keys: list[str]) -> set[str]:
    """Which of `keys` a record holds anywhere (whoever may see it), in one query."""
    key_field = config.natural_key
    assert key_field is not None
    unique = sorted({k for k in keys if k})
    if not unique:
        return set()
    everything = config.model._default_manager.all()
    found = everything.filter(
        **{f"{key_field}__in": _one_parameter(everything, key_field, unique)}
    ).values_list(key_field, flat=True)
    return {str(k) for k in found}


def _unique_only_by(model: type[models.Model], key_field: str) -> bool:
    """Whether the natural key is the only thing about a row that must be unique (besides its
    primary key): then one lookup per batch replaces each form's uniqueness query."""
    opts = model._meta
    if opts.unique_together or any(
        isinstance(c, models.UniqueConstraint) for c in opts.total_unique_constraints
    ):
        return False
    if any(isinstance(c, models.UniqueConstraint) for c in opts.constraints):
        return False
    return all(
        f.primary_key or f.name == key_field
        for f in opts.concrete_fields
        if f.unique or f.unique_for_date or f.unique_for_month or f.unique_for_year
    )


def cannot_register(config: type[ModelConfig], key: str) -> str:
    """The answer for a new row whose key is taken by a record the actor may not change: the
    same wherever that record lives, so it tells nobody where (or whose) it is."""
    return _(
        "%(value)s cannot be recorded here. If it belongs to your area, ask the province to "
        "hand the record over to you."
    ) % {"value": key}


def _field_label(config: type[ModelConfig], name: str) -> str:
    """The name a reader knows a field by, for a problem in a column the sheet lacks (never
    the code `ethnicity`); "" for a problem of the whole row."""
    if name == "__all__":
        return ""
    try:
        return capfirst(str(config.model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


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
        column_name = header_of.get(name) or _field_label(config, name)
        for problem in found:
            if name == config.natural_key and problem.code == "unique":
                message = cannot_register(config, key)
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


def batches(rows: Iterable[tuple[int, list[Any]]], size: int) -> Iterator[list[Any]]:
    batch: list[tuple[int, list[Any]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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
        # one form per batch (new records, existing ones), re-bound row after row, for the
        # forms that say they allow it; every other form is built per row as the pages build it
        self.reusable = bool(getattr(form_class, "import_reusable", False))
        self.batch_unique = self.reusable and _unique_only_by(self.model, key_field)
        self.forms: dict[bool, Any] = {}
        self.taken: set[str] = set()
        # the apply writes a batch at a time (bulk) where the register allows it
        bulk = bulk_capable(config, form_class)
        self.writer = BulkWriter(self.model) if save and bulk else None
        # new records with nothing wrong are checked the fast way, where the form allows it
        # and the rows are written in bulk or kept (never saved one by one through hooks)
        self.fast: FastCheck | None = None
        if self.batch_unique and (bulk or not save):
            blank = self.form_class(data={}, instance=self.model(), user=actor)
            self.fast = FastCheck.for_form(blank, blank_records(self.model, []))
        self.pending: list[Pending] = []
        key_column = self.header_of[key_field]
        self.kept = CheckedRows(self.model, key_column) if not save and bulk else None

    def _absent_defaults(self) -> dict[str, Any]:
        """What a new record gets for each form field the sheet has no column for: what the add
        page pre-fills (the model field's default: an account is active), not
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
        existing = existing_records(self.config, self.actor, keys, lock=self.save)
        self.forms = {}
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
        if self.batch_unique:
            new_keys = [item[1] for item in prepared if isinstance(item, tuple) and not item[2]]
            self.taken = taken_keys(self.config, new_keys)
        for item in prepared:
            if len(result.errors) >= MAX_ERRORS:
                return True
            result.total += 1
            if isinstance(item, list):
                result.errors.extend(item)
                continue
            if self._check_row(*item, choices):
                return True
        if self.pending:
            return self._write_pending()
        return False

    def _write_pending(self) -> bool:
        """Write the batch's checked rows (bulk); True when the transaction is spoiled."""
        pending, self.pending = self.pending, []
        if self.result.errors:
            return False  # nothing more is written: the import will be rolled back
        assert self.writer is not None
        try:
            with transaction.atomic():
                self.writer.write(pending)
        except IntegrityError:
            # a record with one of these keys was saved meanwhile; the transaction is spoiled
            taken = taken_keys(self.config, [p.key for p in pending if p.before is None])
            for p in pending:
                if p.key in taken:
                    message = cannot_register(self.config, p.key)
                    self.result.errors.append(
                        RowError(p.line, self.header_of[self.key_field], message)
                    )
            if not self.result.errors:
                raise
            return True
        in_scope = rows_in_area(self.config, self.actor, [p.obj.pk for p in pending])
        for p in pending:
            if p.obj.pk not in in_scope:
                message = _("You may not record %(key)s there: the row would leave your area.") % {
                    "key": p.key
                }
                self.result.errors.append(RowError(p.line, "", message))
        return False

    def _form(self, instance: models.Model | None, data: dict[str, Any], choices: Any) -> Any:
        """The register's import form bound to one row: built for the row, or (a form that
        allows it) the batch's form re-bound to it, exactly as a new form would be."""
        target = instance if instance is not None else self.model()
        if not self.reusable:
            form = self.form_class(data=data, instance=target, user=self.actor)
            choices.attach(form)
            return form
        new = instance is None
        form = self.forms.get(new)
        if form is None:
            form = self.form_class(data=data, instance=target, user=self.actor)
            choices.attach(form)
            self._trust_choices(form)
            if self.batch_unique:
                form.validate_unique = self._unique_of(form)
            self.forms[new] = form
            if new and self.fast is not None:
                self.fast.new_batch(form)
            return form
        opts = form._meta
        form.data = data
        form.instance = target
        form.initial = model_to_dict(target, opts.fields, opts.exclude)
        form._errors = None
        for bound in form._bound_fields_cache.values():
            bound.__dict__.pop("initial", None)  # a bound field reads the new data itself
        form.__dict__.pop("cleaned_data", None)
        return form

    def _fast_record(
        self, instance: models.Model | None, key: str, data: dict[str, Any]
    ) -> models.Model | None:
        """The new record of a row with nothing wrong, checked the fast way (`import_fast`):
        by the batch's form for new records once it is built, for a key nobody holds; None
        when the form must check the row itself."""
        if instance is not None or self.fast is None:
            return None
        form = self.forms.get(True)
        if form is None or key in self.taken:
            return None
        return self.fast.check(form, data)

    def _trust_choices(self, form: Any) -> None:
        """A related row the form's field chose (from its own queryset, scoped and limited)
        exists: the model's check of the same foreign key would only ask the database again."""
        names = {n for n in self.choice_fields if n in form.fields}
        exclusions = form._get_validation_exclusions

        def without_choices() -> set[str]:
            return set(exclusions()) | names

        form._get_validation_exclusions = without_choices

    def _unique_of(self, form: Any) -> Any:
        """The form's uniqueness check, answered from the batch's lookup of the keys taken (the
        natural key is the model's only unique field): the same answer as the form's own."""

        def validate_unique() -> None:
            key = getattr(form.instance, self.key_field, None)
            if form.instance.pk is None and key is not None and str(key) in self.taken:
                form.add_error(
                    self.key_field,
                    ValidationError(cannot_register(self.config, str(key)), code="taken"),
                )

        return validate_unique

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
        before = copy.copy(instance) if self.writer is not None and instance is not None else None
        form = None
        checked = self._fast_record(instance, key, data)
        if checked is not None:
            status = "create"
        else:
            form = self._form(instance, data, choices)
            if not form.is_valid():
                result.errors.extend(
                    _row_errors(self.config, form.errors.as_data(), line, key, self.header_of)
                )
                return False
            checked = form.instance
            if instance is None:
                status = "create"
            else:
                changed = any(
                    normalise(form.initial.get(c.field))
                    != normalise(form.cleaned_data.get(c.field))
                    for c in self.matched.values()
                )
                status = "update" if changed else "unchanged"
        if status == "unchanged":
            result.unchanged += 1
            return False
        if self.kept is not None and not result.errors:
            self.kept.add(line, key, getattr(instance, "version", None), checked)
        if self.save and not result.errors and self.writer is not None:
            obj = checked
            self.pending.append(Pending(line, key, before, obj))
        elif self.save and not result.errors:
            assert form is not None  # rows saved one by one are always checked by the form
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
                message = cannot_register(self.config, key)
                result.errors.append(RowError(line, self.header_of[self.key_field], message))
                return True
        else:
            obj = checked if form is None else form.save(commit=False)
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
    for batch in batches(rows, BATCH_ROWS):
        if cancelled is not None and cancelled():
            raise ImportCancelled
        stop = checker.check_batch(batch)
        if progress is not None:
            progress(result.total)
        if stop:
            break
    if checker.kept is not None and not result.errors:
        result.kept = checker.kept.content()
    return result
