"""Optimistic concurrency, owned by the model layer.

A `VersionedModel` row carries a lock counter, `version`. Every write of an existing row bumps
it, whoever makes it:

- `save()` (with or without `update_fields`) writes `version = v + 1` where `v` is the version
  the instance was read with, and only if the stored row still has `v`: the UPDATE's WHERE holds
  the version. When the row exists but no longer has `v`, someone wrote it since this instance
  was read, and the save raises `StaleEditError` instead of overwriting their change.
- the querysets' `update()` and `bulk_update()` add `version = version + 1` unless the caller
  sets `version` itself.

So no service has to remember the counter, and every save is an optimistic-lock check, not only
the edit pages'. An edit form carries the version it was rendered with;
`VersionedModel.expect_version()` makes the next save conditional on that one instead.

A stale save raises inside the save, so, like any failed write, it spoils the enclosing atomic
block: catch StaleEditError outside the block that saved (or give the save its own `atomic()`).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: how many primary keys one query re-reads after a bulk_update (SQLite's variable limit)
_CHUNK = 500


class StaleEditError(Exception):
    """The row changed after the editor loaded it (optimistic concurrency)."""

    def __init__(self, instance: models.Model, current: models.Model | None):
        self.instance = instance
        self.current = current
        super().__init__(
            gettext(
                "This record was changed by someone else after you opened it, so your changes "
                "were not saved. Review the current values and submit again."
            )
        )


def _version_field(model: type[models.Model]) -> models.Field | None:
    """The lock counter among `model`'s own columns (None for a parent in an inheritance
    chain that does not hold it, or a model that is not versioned)."""
    if not issubclass(model, VersionedModel):
        return None
    for field in model._meta.local_concrete_fields:
        if field.name == "version":
            return field
    return None


class VersionedQuerySet(models.QuerySet):
    """`update()` and `bulk_update()` bump the lock counter of a versioned model's rows."""

    def update(self, **kwargs: Any) -> int:
        if issubclass(self.model, VersionedModel) and "version" not in kwargs:
            kwargs["version"] = F("version") + 1
        return super().update(**kwargs)

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        """As Django's (which calls `update()`, so the rows are bumped there); the instances
        then hold the versions now stored, so that saving one later is not refused as stale."""
        objs = list(objs)
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        if not issubclass(self.model, VersionedModel) or not objs:
            return rows
        if "version" not in fields:
            for start in range(0, len(objs), _CHUNK):
                chunk = objs[start : start + _CHUNK]
                stored = dict(
                    self.model._base_manager.using(self.db)
                    .filter(pk__in=[obj.pk for obj in chunk])
                    .values_list("pk", "version")
                )
                for obj in chunk:
                    if obj.pk in stored:
                        obj.version = stored[obj.pk]
        for obj in objs:
            obj._version_loaded = obj.version
        return rows

    bulk_update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list:
        """As Django's; the rows it inserted hold their version, so saving one later is a
        locked save like any other (an upsert's updated rows are left unlocked: their stored
        version is not the instance's)."""
        created = super().bulk_create(objs, *args, **kwargs)
        if issubclass(self.model, VersionedModel) and not (
            kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts")
        ):
            for obj in created:
                if obj.pk is not None:
                    obj._version_loaded = obj.version
        return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]


class VersionedModel(models.Model):
    """A row edited under optimistic concurrency: every write bumps `version`, and a save based
    on a version that is no longer the stored one raises StaleEditError (see this module)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # for a versioned model that is not scoped; a scoped one's ScopedQuerySet is versioned too
    objects = VersionedQuerySet.as_manager()

    #: the version this instance was read with (None: not read from the database)
    _version_loaded: int | None = None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields and not self._state.adding and "version" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "version"]
        super().save(*args, **kwargs)
        if isinstance(self.__dict__.get("version"), int):
            self._version_loaded = self.version

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._version_loaded = instance.__dict__.get("version")
        return instance

    def refresh_from_db(self, using: Any = None, fields: Any = None, **kwargs: Any) -> None:
        super().refresh_from_db(using=using, fields=fields, **kwargs)
        if fields is None or "version" in fields:
            self._version_loaded = self.__dict__.get("version")

    def expect_version(self, version: int) -> None:
        """The next save succeeds only if the stored row still has `version` (the stamp of the
        form the user edited), and raises StaleEditError otherwise."""
        self._version_loaded = version

    def _do_update(
        self,
        base_qs: Any,
        using: Any,
        pk_val: Any,
        values: Any,
        update_fields: Any,
        forced_update: Any,
    ) -> bool:
        field = _version_field(base_qs.model)
        if field is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        values = [value for value in values if value[0] is not field]
        filtered = base_qs.filter(pk=pk_val)
        loaded = self._version_loaded
        if loaded is None:  # an instance built by hand for an existing key: bump what is stored
            if not filtered._update([*values, (field, None, F("version") + 1)]):
                return False
            self.version = filtered.values_list("version", flat=True).get()
            return True
        if filtered.filter(version=loaded)._update([*values, (field, None, loaded + 1)]):
            self.version = loaded + 1
            return True
        current = filtered.first()
        if current is None:
            return False  # the row is gone: Django's own rules apply (insert, or an error)
        raise StaleEditError(self, current)
