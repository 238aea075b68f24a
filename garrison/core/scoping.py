"""One place decides who sees what.

Every user resolves to a `Scope`: a level (nation, province or commune), the province and commune
it is bound to, and whether the user's role may write. Every scoped model declares, as class
attributes, the lookup paths from its rows to a province and to a commune, and which scope levels
may write it. From those two facts alone `scope_q()` builds the row filter, and the managers'
`visible_to(user)` / `editable_by(user)` apply it. Views, API endpoints, tasks and commands go
through these (or `get_for()`), never through a hand-made permission filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from django.db import models
from django.db.models import Q
from django.http import Http404

from .datebounds import DateBoundsModel
from .versioning import VersionedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

Action = Literal["view", "change"]

NATION = "nation"
PROVINCE = "province"
COMMUNE = "commune"
LEVELS = (NATION, PROVINCE, COMMUNE)
#: `write_levels` of rows only the province and the nation change (a commune reads them)
PROVINCE_WRITES = frozenset({NATION, PROVINCE})


@dataclass(frozen=True)
class Scope:
    """What a user may see and whether they may write within it."""

    level: str
    province_id: int | None = None
    commune_id: int | None = None
    can_write: bool = False
    #: the write grants of the role beyond the registers (`accounts.rules.Grant`): an inspector
    #: changes nothing but the rows of a model whose `write_grant` they hold
    grants: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown scope level {self.level!r}")
        if self.level == PROVINCE and self.province_id is None:
            raise ValueError("a province scope needs a province")
        if self.level == COMMUNE and (self.commune_id is None or self.province_id is None):
            raise ValueError("a commune scope needs a commune and its province")

    @property
    def is_nation(self) -> bool:
        return self.level == NATION

    @property
    def is_province(self) -> bool:
        return self.level == PROVINCE

    @property
    def is_commune(self) -> bool:
        return self.level == COMMUNE

    def covers(self, other: Scope) -> bool:
        """True when everything `other` reaches lies inside this scope."""
        if self.level == NATION:
            return True
        if self.level == PROVINCE:
            return other.level != NATION and other.province_id == self.province_id
        return other.level == COMMUNE and other.commune_id == self.commune_id


def scope_of(user: AbstractBaseUser | AnonymousUser | None) -> Scope | None:
    """The user's scope, or None for a user who may see nothing (anonymous, inactive)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    return getattr(user, "scope", None)


class NarrowedUser:
    """A user seen through a narrower scope, read-only: the Ministry looking at one province's
    home page sees exactly what that province's staff see, and may change nothing. Everything
    but the scope is the real user's (`real` for the ORM, which wants the model instance)."""

    def __init__(self, user: Any, scope: Scope) -> None:
        self.real = user
        self.scope = Scope(scope.level, province_id=scope.province_id, commune_id=scope.commune_id)
        self.province_id = scope.province_id
        self.commune_id = scope.commune_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def is_nation_scope(user: Any) -> bool:
    """Whether the user sees the whole nation (a presentation choice, not a permission: what a
    user may do is asked of the app's `permissions.py`)."""
    scope = scope_of(user)
    return scope is not None and scope.is_nation


def is_province_scope(user: Any) -> bool:
    """Whether the user is bound to one province (presentation, as `is_nation_scope`)."""
    scope = scope_of(user)
    return scope is not None and scope.is_province


def is_commune_scope(user: Any) -> bool:
    """Whether the user is bound to one commune (presentation, as `is_nation_scope`)."""
    scope = scope_of(user)
    return scope is not None and scope.is_commune


def writes_at(user: Any, levels: Any, grant: str | None = None) -> bool:
    """Whether the user's role writes and their scope level is one of `levels` (a model's
    `write_levels`): the building block of the apps' `can_<action>` permissions. With `grant`
    (a model's `write_grant`), whether the role holds that grant instead."""
    return may_write(scope_of(user), levels, grant)


def may_write(scope: Scope | None, levels: Any, grant: str | None = None) -> bool:
    """Whether `scope` writes at one of `levels`: through its role's register writing, or, for a
    model with a `write_grant`, through that grant alone."""
    if scope is None or scope.level not in levels:
        return False
    return grant in scope.grants if grant else scope.can_write


def may_write_model(scope: Scope | None, model: Any) -> bool:
    """Whether `scope` may change some rows of `model` (its `write_levels` and `write_grant`)."""
    return may_write(scope, model.write_levels, getattr(model, "write_grant", None))


class ScopedQuerySet(VersionedQuerySet):  # a versioned model's updates bump its version
    def visible_to(self, user: Any) -> ScopedQuerySet:
        return self.filter(scope_q(self.model, scope_of(user), "view"))

    def editable_by(self, user: Any) -> ScopedQuerySet:
        return self.filter(scope_q(self.model, scope_of(user), "change"))

    def for_action(self, user: Any, action: Action) -> ScopedQuerySet:
        return self.editable_by(user) if action == "change" else self.visible_to(user)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    pass


class ScopedModel(DateBoundsModel):
    """Base for every row that belongs to a province or a commune.

    scope_province_path: ORM path from the row to the province's primary key ("province_id").
    scope_commune_path: ORM path to the commune's primary key, or None for rows that belong to a
        province as a whole (commune users of that province may read them, never write them).
    scope_commune_may_be_empty: rows with an empty commune are province-wide rows (as above).
    write_levels: the scope levels whose writing roles may change rows of this model.
    write_grant: None (the default) when the writing roles (`Scope.can_write`) change the rows;
        a grant's name (`accounts.rules.Grant`, e.g. "inspection") when only a role holding that
        grant does — at one of `write_levels`, whether or not it writes the registers.
    scope_province_may_be_empty: rows with an empty province are national rows (e.g. a
        Ministry report form): every scope reads them, only the nation writes them.
    scope_extra_paths: more (province path, commune path) pairs a row also belongs through, for
        rows shared by two places (a record handed over from one commune to another is seen and
        acted on by both); the filter is the union.
    scope_communes_read_province_rows: whether commune users read the province-wide rows (those
        without a commune). False for the province's own staff work that names people outside
        the commune (a placement proposal, a candidate not yet posted).
    """

    scope_province_path: ClassVar[str] = "province_id"
    scope_commune_path: ClassVar[str | None] = "commune_id"
    #: rows whose commune is empty belong to the whole province (e.g. the provincial command)
    scope_commune_may_be_empty: ClassVar[bool] = False
    #: rows whose province is empty belong to the nation (read everywhere, written by it)
    scope_province_may_be_empty: ClassVar[bool] = False
    write_levels: ClassVar[frozenset[str]] = frozenset({NATION, PROVINCE, COMMUNE})
    write_grant: ClassVar[str | None] = None
    scope_extra_paths: ClassVar[tuple[tuple[str, str], ...]] = ()
    scope_communes_read_province_rows: ClassVar[bool] = True

    objects = ScopedManager()

    class Meta:
        abstract = True


def scope_q(model: type[models.Model], scope: Scope | None, action: Action = "view") -> Q:
    """The row filter for `model` under `scope`. Nothing matches when the scope forbids."""
    nothing = Q(pk__in=[])
    if scope is None:
        return nothing
    if action == "change" and not may_write_model(scope, model):
        return nothing
    if scope.level == NATION:
        return Q()
    paths = [(model.scope_province_path, model.scope_commune_path)]
    paths += list(getattr(model, "scope_extra_paths", ()))
    parts = [_path_q(model, scope, action, prov, commune) for prov, commune in paths]
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def _path_q(
    model: type[models.Model],
    scope: Scope,
    action: Action,
    province_path: str,
    commune_path: str | None,
) -> Q:
    nothing = Q(pk__in=[])
    province = Q(**{province_path: scope.province_id})
    if action == "view" and getattr(model, "scope_province_may_be_empty", False):
        province |= Q(**{f"{province_path}__isnull": True})  # national rows: read everywhere
    if scope.level == PROVINCE:
        return province
    # commune scope
    reads_province_rows = action == "view" and getattr(
        model, "scope_communes_read_province_rows", True
    )
    if commune_path is None:
        # a province-wide row: readable by the province's communes, never writable by them
        return province if reads_province_rows else nothing
    own = Q(**{commune_path: scope.commune_id})
    if reads_province_rows and getattr(model, "scope_commune_may_be_empty", False):
        return own | Q(**{f"{commune_path}__isnull": True, province_path: scope.province_id})
    return own


def get_for(
    user: Any,
    model_or_qs: type[models.Model] | models.QuerySet,
    action: Action = "view",
    **lookup: Any,
) -> Any:
    """The one row matching `lookup` that `user` may see (or change); 404 for missing and
    forbidden alike, so the existence of rows outside the scope is never disclosed."""
    qs = (
        model_or_qs
        if isinstance(model_or_qs, models.QuerySet)
        else model_or_qs._default_manager.all()
    )
    qs = qs.for_action(user, action)
    if any(isinstance(v, int) and abs(v) > 2**63 - 1 for v in lookup.values()):
        raise Http404(f"No {qs.model._meta.verbose_name} matches the given query.")
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {qs.model._meta.verbose_name} matches the given query.") from None
