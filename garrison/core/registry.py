"""Per-model configuration that drives the generic pages, imports, exports and API helpers.

A domain app declares one `ModelConfig` subclass per model (in its `views.py` or `configs.py`),
registers it, and lists its routes with `core.urls.model_urls(config)` in its own `urls.py`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partialmethod
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy

from .permissions import can_open_at
from .scoping import LEVELS, ScopedQuerySet, may_write_model, scope_of
from .services import do_create_object, do_update_object


@dataclass(frozen=True)
class Column:
    """A column of a list page and of an export.

    name: the field path used for display ("province__name") unless `accessor` is given;
    order_by: the DB expression a click on the header sorts by (None: not sortable)."""

    name: str
    label: str | Promise | None = None
    accessor: Callable[[Any], Any] | None = None
    order_by: str | None = None
    link: bool = False

    def value(self, obj: Any) -> Any:
        if self.accessor is not None:
            return self.accessor(obj)
        value: Any = obj
        for part in self.name.split("__"):
            if value is None:
                return None
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part)
        if isinstance(value, int) and self.name.rsplit("__", 1)[-1].endswith("year"):
            return str(value)  # a year is a label, not a quantity: "2026", never "2,026"
        return value

    def getter(self, model: type[models.Model]) -> Callable[[Any], Any]:
        """A function `obj -> value` that answers as `value(obj)` does for rows of `model`, with
        what `value` works out on every row worked out once: the field path and, for a field
        with choices, its labels in the active language (`get_FOO_display` rebuilds the choice
        dict and translates its label on every call: half the time of a large export). Build it
        under the language the rows are written in."""
        if self.accessor is not None:
            return self.accessor
        steps = []
        current: Any = model
        for part in self.name.split("__"):
            step, current = _path_step(current, part)
            steps.append(step)
        is_year = self.name.rsplit("__", 1)[-1].endswith("year")

        def get(obj: Any) -> Any:
            value = obj
            for step in steps:
                if value is None:
                    return None
                value = step(value)
            if is_year and isinstance(value, int):
                return str(value)
            return value

        if len(steps) == 1 and not is_year:
            return lambda obj: None if obj is None else steps[0](obj)
        return get

    def plain_path(self, model: type[models.Model]) -> tuple[str, Callable[[Any], Any]] | None:
        """(lookup, convert) when the column is a path of forward foreign keys to a concrete
        field of `model`'s rows: its value is then `convert(raw)` of the database's `raw` value
        at `lookup` (`values_list`, no model instance per row): the choice's label (translated
        once), the year as text, or the raw value. None when the column needs its row (an
        accessor, a row shown by its `__str__`, a model's own `get_FOO_display`)."""
        if self.accessor is not None:
            return None
        parts = self.name.split("__")
        current: Any = model
        for i, part in enumerate(parts):
            try:
                field_obj: Any = current._meta.get_field(part)
            except (FieldDoesNotExist, AttributeError):
                return None
            display = inspect.getattr_static(current, f"get_{part}_display", None)
            if i < len(parts) - 1:
                forward = field_obj.many_to_one or field_obj.one_to_one
                if display is not None or not forward or field_obj.auto_created:
                    return None
                current = field_obj.related_model
                continue
            if field_obj.is_relation or not getattr(field_obj, "concrete", False):
                return None
            if display is not None:
                if not (isinstance(display, partialmethod) and field_obj.choices):
                    return None
                return self.name, _choice_label(field_obj)
        if self.name.rsplit("__", 1)[-1].endswith("year"):
            return self.name, lambda raw: str(raw) if isinstance(raw, int) else raw
        return self.name, lambda raw: raw

    def related_path(self, model: type[models.Model]) -> str | None:
        """The longest prefix of the path that follows forward foreign keys ("residence_commune"
        for "residence_commune__name"): what an export selects with its rows. None if none."""
        if self.accessor is not None:
            return None
        followed: list[str] = []
        current: Any = model
        for part in self.name.split("__")[:-1]:
            try:
                field_obj = current._meta.get_field(part)
            except (FieldDoesNotExist, AttributeError):
                break
            if not (field_obj.many_to_one or field_obj.one_to_one) or field_obj.auto_created:
                break
            followed.append(part)
            current = field_obj.related_model
        return "__".join(followed) or None

    def header(self, model: type[models.Model]) -> str:
        if self.label is not None:
            return str(self.label)
        current: Any = model
        field_obj = None
        for part in self.name.split("__"):
            field_obj = current._meta.get_field(part)
            current = getattr(field_obj, "related_model", None) or current
        return str(field_obj.verbose_name) if field_obj is not None else self.name


def _choice_label(field_obj: Any) -> Callable[[Any], Any]:
    """`raw -> label` for a field with choices, as its `get_FOO_display` answers, with the
    labels translated once (in the active language)."""
    labels = {
        make_hashable(key): force_str(label, strings_only=True)
        for key, label in field_obj.flatchoices
    }

    def label(raw: Any) -> Any:
        try:
            return labels.get(raw, raw)
        except TypeError:  # an unhashable value (a JSON field's): as Django does it
            return labels.get(make_hashable(raw), raw)

    return label


def _path_step(model: Any, part: str) -> tuple[Callable[[Any], Any], Any]:
    """One step of a column's path on rows of `model`: (the function from a row to the step's
    value, the model of that value or None when it is not known). As `Column.value`: the
    choice's label when the field has choices (or the model its own `get_<part>_display`)."""
    name = f"get_{part}_display"

    def dynamic(value: Any) -> Any:
        display = getattr(value, name, None)
        return display() if callable(display) else getattr(value, part)

    if not (isinstance(model, type) and issubclass(model, models.Model)):
        return dynamic, None
    try:
        field_obj: Any = model._meta.get_field(part)
    except FieldDoesNotExist:
        field_obj = None
    display = inspect.getattr_static(model, name, None)
    if display is None:
        related = getattr(field_obj, "related_model", None) if field_obj is not None else None
        if field_obj is not None and getattr(field_obj, "auto_created", False):
            related = None  # a reverse relation: a manager, as before
        return (lambda value: getattr(value, part)), related
    if isinstance(display, partialmethod) and field_obj is not None and field_obj.choices:
        # Django's own get_FOO_display: the same lookup, with the labels translated once
        label, attname = _choice_label(field_obj), field_obj.attname
        return (lambda value: label(getattr(value, attname))), None
    return dynamic, None


@dataclass(frozen=True)
class ImportColumn:
    """A column of an import sheet: its header (the field name; the verbose name in either
    language is accepted too) and the form field it fills."""

    field: str
    required: bool = False
    #: for a foreign key: the related model's field the sheet names it by (e.g. "code")
    lookup: str | None = None
    #: numbers that spreadsheets strip leading zeros from (e.g. 12 for a citizen ID)
    digits: int | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ObjectAction:
    """A state change on one row beyond a plain edit (hand over, record a result, decide …):
    a small form, and a service call that does the work.

    perform(request, obj, cleaned_data) calls the service and returns the success message; a
    ValidationError it raises is shown on the form (field errors beside their fields), nothing
    is lost from what the user typed. `available(obj, user)` hides the button when the action
    makes no sense for the row's state or for that user. The row is fetched with `editable_by`,
    so the action is offered and allowed only inside the user's writable scope."""

    name: str
    label: str | Promise
    form_class: type[forms.Form]
    perform: Callable[[HttpRequest, Any, dict[str, Any]], str]
    icon: str = "lightning"
    available: Callable[[Any, Any], bool] = lambda obj, user: True
    form_kwargs: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    help_text: str | Promise = ""
    style: str = "outline-primary"
    #: the page of the form; an app's own extends core/object_action.html (block action_intro)
    template: str = "core/object_action.html"


@dataclass(frozen=True)
class ApiSpec:
    """How a register appears in the JSON API (`core.api_routes` generates its routes).

    path: the collection's path ("/people"); default "/<namespace>/<name>s".
    id_param: the name of the row's path parameter ("person_id"); default "<name>_id".
    lookup: the field the path parameter matches ("pk", or "code" for communes).
    out / detail_out: the list's and the single row's schema; default generated from the model.
    create_in / patch_in: the bodies; default generated from the add and edit forms.
    exclude: generated operations this register does without ("create" where a domain action
        creates its rows, "delete" …), named as in `core.api_routes.OPERATIONS`.
    summaries / descriptions: per operation, when the generated text is not precise enough.
    """

    path: str | None = None
    id_param: str | None = None
    lookup: str = "pk"
    out: type | None = None
    detail_out: type | None = None
    create_in: type | None = None
    patch_in: type | None = None
    exclude: frozenset[str] = frozenset()
    summaries: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)


class ModelConfig:
    model: ClassVar[type[models.Model]]
    #: route names are "<namespace>:<name>_list", "_detail", "_add", "_edit", "_delete",
    #: "_export", "_import"
    name: ClassVar[str]
    namespace: ClassVar[str]
    list_columns: ClassVar[list[Column]] = []
    default_ordering: ClassVar[list[str]] = ["pk"]
    search_fields: ClassVar[list[str]] = []
    filterset_class: ClassVar[type | None] = None
    form_class: ClassVar[type[forms.ModelForm] | None] = None
    #: a register whose form is plain: the model fields it edits; core builds the form
    #: (choices of related rows limited to the user's scope, the version carried)
    form_fields: ClassVar[list[str] | None] = None
    add_form_class: ClassVar[type[forms.ModelForm] | None] = None  # default: form_class
    select_related: ClassVar[list[str]] = []
    detail_fields: ClassVar[list[str] | None] = None
    detail_template: ClassVar[str] = "core/object_detail.html"
    list_template: ClassVar[str] = "core/object_list.html"
    export_columns: ClassVar[list[Column] | None] = None  # default: list_columns
    import_columns: ClassVar[list[ImportColumn]] = []
    natural_key: ClassVar[str | None] = None
    import_form_class: ClassVar[type[forms.ModelForm] | None] = None  # default: form_class
    audit_reads: ClassVar[bool] = False
    #: the path from a row to the person it is about, for "who read this person's data"
    #: (default: the row's `person` field, if it has one; "pk" for the people register itself)
    audit_subject: ClassVar[str | None] = None
    can_add: ClassVar[bool] = True
    can_delete: ClassVar[bool] = True
    actions: ClassVar[list[ObjectAction]] = []
    nav_label: ClassVar[str | Promise | None] = None
    nav_order: ClassVar[int] = 100
    #: the URL name the navigation entry opens, when not the list (an app's overview page)
    nav_url_name: ClassVar[str | None] = None
    #: the menu (a key of NAV_GROUPS) the entry sits in; None: a link of its own in the bar
    nav_group: ClassVar[str | None] = None
    #: the scope levels whose users the menu offers the register to (the others may still open
    #: it by address; the menu shows each user what their work uses). See `user_can_navigate`.
    nav_levels: ClassVar[frozenset[str]] = frozenset(LEVELS)
    #: the register's API (core.api_routes); None: the defaults
    #: a page's view class swapped for this register: {"list": MyListView, …} (keys: list,
    #: detail, edit, delete, export, import, action); default: core.views' generic classes
    view_classes: ClassVar[dict[str, type]] = {}
    api: ClassVar[ApiSpec | None] = None
    #: a choice of this register's rows in any form or filter is a search (`core.widgets`)
    #: answered by `core.pickers` from the user's scope; False for a small closed list (the
    #: 34 provinces), which stays a plain select
    picker: ClassVar[bool] = True
    #: besides the primary key, the fields a picker may hand back as its value ("code")
    picker_values: ClassVar[tuple[str, ...]] = ()
    #: whether a picker may offer rows beyond the user's scope when a form asks for them (the
    #: communes of the nation, where a record is handed over): never for personal data
    picker_nationwide: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("form_fields") and "form_class" not in cls.__dict__:
            from .forms import ScopedModelForm, plain_formfield

            cls.form_class = forms.modelform_factory(
                cls.model,
                form=ScopedModelForm,
                fields=cls.form_fields,
                formfield_callback=plain_formfield,
            )

    # --- querysets -----------------------------------------------------------------------
    @classmethod
    def base_queryset(cls) -> ScopedQuerySet:
        qs = cls.model._default_manager.all()
        if cls.select_related:
            qs = qs.select_related(*cls.select_related)
        return qs

    @classmethod
    def queryset(cls, request: HttpRequest, action: str = "view") -> ScopedQuerySet:
        return cls.base_queryset().for_action(request.user, action)

    # --- permissions (from the scope, never from the role name) ----------------------------
    @classmethod
    def user_can_write(cls, user: Any) -> bool:
        return may_write_model(scope_of(user), cls.model)

    @classmethod
    def user_can_navigate(cls, user: Any) -> bool:
        """Whether the menu offers this register to `user` (override with an app's
        `permissions.can_*` when the role decides, not only the level)."""
        return can_open_at(user, cls.nav_levels)

    @classmethod
    def user_can_add(cls, user: Any) -> bool:
        return cls.can_add and cls.form_class is not None and cls.user_can_write(user)

    @classmethod
    def user_can_import(cls, user: Any) -> bool:
        return bool(cls.import_columns and cls.natural_key) and cls.user_can_write(user)

    # --- hooks for pickers (core.pickers, core.widgets) -------------------------------------
    @classmethod
    def picker_queryset(cls, user: Any, nationwide: bool = False) -> ScopedQuerySet:
        """The rows a picker may offer `user` (every form still validates the choice against
        its own, possibly narrower, scoped queryset)."""
        qs = cls.base_queryset()
        return qs if nationwide and cls.picker_nationwide else qs.visible_to(user)

    @classmethod
    def picker_search(cls, qs: ScopedQuerySet, term: str) -> ScopedQuerySet:
        """The rows of `qs` that the typed `term` finds (default: the list's search)."""
        if not cls.search_fields:
            return qs  # a register without a search: its first rows, in the list's order
        return cls.search(qs, term)

    # --- the list's search --------------------------------------------------------------------
    @classmethod
    def search(cls, qs: ScopedQuerySet, term: str) -> ScopedQuerySet:
        """The rows of `qs` that the list's search box (`?q=`, the API list's `q` alike) finds
        for `term`: by default those where one of `search_fields` matches it. A register that
        searches otherwise (folded words, every word required) overrides this; `search_fields`
        non-empty still says the register has a search box."""
        condition = models.Q()
        for lookup in cls.search_fields:
            condition |= models.Q(**{lookup: term})
        return qs.filter(condition)

    @classmethod
    def picker_label(cls, obj: models.Model) -> str:
        """How a row reads in a picker: enough to tell two rows of the same name apart."""
        return str(obj)

    # --- hooks for the API (core.api_routes) ----------------------------------------------
    @classmethod
    def api_queryset(cls, request: HttpRequest) -> ScopedQuerySet:
        """The rows the API reads (annotations its schemas need go here)."""
        return cls.queryset(request, "view")

    @classmethod
    def api_detail(cls, request: HttpRequest, obj: models.Model) -> Any:
        """What a single-row answer returns for `obj` (add what the detail schema shows)."""
        return obj

    @classmethod
    def api_rows(cls, request: HttpRequest, qs: ScopedQuerySet) -> Any:
        """What a list answer pages through (a queryset, or rows computed from it)."""
        return qs

    @classmethod
    def api_input(cls, request: HttpRequest, payload: dict[str, Any]) -> dict[str, Any]:
        """The body of a create or patch before its names are mapped onto the form."""
        return payload

    # --- hooks for forms -------------------------------------------------------------------
    @classmethod
    def form_kwargs(cls, request: HttpRequest) -> dict[str, Any]:
        return {"user": request.user}

    @classmethod
    def new_instance(cls, request: HttpRequest) -> models.Model:
        return cls.model()

    @classmethod
    def detail_context(cls, request: HttpRequest, obj: models.Model) -> dict[str, Any]:
        return {}

    @classmethod
    def create(cls, actor: Any, form: forms.ModelForm) -> models.Model:
        """Save a valid add form for `actor` (inside the caller's transaction: the add page's or
        the whole import's). Override to create through a domain service instead; its
        ValidationError is shown on the form (or reported on the import row)."""
        obj = form.save(commit=False)
        do_create_object(actor=actor, instance=obj)
        form.save_m2m()
        return obj

    @classmethod
    def update(
        cls, actor: Any, form: forms.ModelForm, expected_version: int | None
    ) -> models.Model:
        """Save a valid edit form for `actor` if the row still has `expected_version` (else
        StaleEditError), inside the caller's transaction (the edit page's or the whole
        import's). Override to update through a domain service instead."""
        obj = form.save(commit=False)
        do_update_object(actor=actor, instance=obj, expected_version=expected_version)
        form.save_m2m()
        return obj

    @classmethod
    def change_refusal(cls, obj: models.Model) -> str | None:
        """Why `obj` can no longer be edited or deleted in its state (a sent directive, a
        published version), or None. The edit and delete pages then send the user back to the
        detail page with this message, and the detail page offers neither."""
        return None

    @classmethod
    def after_save(cls, actor: Any, obj: models.Model, created: bool) -> None:
        """Called inside the save's transaction after `create` or `update` saved `obj` for
        `actor`, from an add or edit page or an import row (e.g. to write a domain history line
        or refresh what depends on it)."""

    # --- urls --------------------------------------------------------------------------------
    @classmethod
    def url(cls, action: str, obj: models.Model | None = None) -> str | None:
        name = f"{cls.namespace}:{cls.name}_{action}"
        try:
            return reverse(name, kwargs={"pk": obj.pk} if obj is not None else None)
        except NoReverseMatch:
            return None

    @classmethod
    def action_url(cls, action: ObjectAction, obj: models.Model) -> str | None:
        return cls.url(action.name, obj)

    @classmethod
    def get_action(cls, name: str) -> ObjectAction:
        for action in cls.actions:
            if action.name == name:
                return action
        raise KeyError(name)

    @classmethod
    def verbose_name(cls) -> str:
        return str(cls.model._meta.verbose_name)

    @classmethod
    def verbose_name_plural(cls) -> str:
        return str(cls.model._meta.verbose_name_plural)


_REGISTRY: dict[str, type[ModelConfig]] = {}
_PANELS: dict[str, list[Callable[[HttpRequest, Any], str]]] = {}


def register_detail_panel(key: str, panel: Callable[[HttpRequest, Any], str]) -> None:
    """Let another app add a panel (rendered HTML, or "" for none) to the detail page of the
    configured model `key` ("people.person"), without that app depending on it."""
    _PANELS.setdefault(key, []).append(panel)


def detail_panels(key: str, request: HttpRequest, obj: Any) -> list[str]:
    return [html for panel in _PANELS.get(key, []) if (html := panel(request, obj))]


def register(config: type[ModelConfig]) -> type[ModelConfig]:
    """Class decorator: make a configuration known to navigation, imports and tests."""
    key = f"{config.namespace}.{config.name}"
    _REGISTRY[key] = config
    return config


def get_config(key: str) -> type[ModelConfig]:
    return _REGISTRY[key]


def config_key(config: type[ModelConfig]) -> str:
    return f"{config.namespace}.{config.name}"


def all_configs() -> list[type[ModelConfig]]:
    return list(_REGISTRY.values())


def config_for_model(model: type[models.Model]) -> type[ModelConfig] | None:
    for config in _REGISTRY.values():
        if config.model is model:
            return config
    return None


#: the menus of the header, in their order: each groups the registers of one kind of work
NAV_GROUPS: dict[str, str | Promise] = {
    "organisation": gettext_lazy("Organisation"),
    "citizens": gettext_lazy("Citizens"),
    "forces": gettext_lazy("Forces"),
    "cadres": gettext_lazy("Cadres"),
    "operations": gettext_lazy("Readiness"),
    "reporting": gettext_lazy("Directives and reports"),
    "oversight": gettext_lazy("Inspection and assessment"),
    "administration": gettext_lazy("Administration"),
}


@dataclass(frozen=True)
class NavLink:
    """A menu entry that is not a register (a page of core or an app): `visible(user)` is a
    `permissions.can_*` function."""

    group: str
    order: int
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool]


_NAV_LINKS: list[NavLink] = []


def register_nav_link(link: NavLink) -> NavLink:
    _NAV_LINKS.append(link)
    return link


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The header's menus for the signed-in user: only what their role and scope use. Each
    entry is {"label", "active", "url"} for a single link or {"label", "active", "items"} for
    a menu of links ({"label", "url", "active"}); a menu left with one entry becomes a link."""
    user = request.user
    if scope_of(user) is None:
        return []
    path = request.path
    entries: list[tuple[str, int, str | Promise, str]] = []
    for config in _REGISTRY.values():
        if config.nav_label is None or not config.user_can_navigate(user):
            continue
        url = reverse(config.nav_url_name) if config.nav_url_name else config.url("list")
        if url:
            group = config.nav_group or config_key(config)
            entries.append((group, config.nav_order, config.nav_label, url))
    for link in _NAV_LINKS:
        if link.visible(user):
            entries.append((link.group, link.order, link.label, reverse(link.url_name)))
    by_group: dict[str, list[dict[str, Any]]] = {}
    for group, _order, label, url in sorted(entries, key=lambda e: (e[1], str(e[2]))):
        by_group.setdefault(group, []).append(
            {"label": label, "url": url, "active": path.startswith(url)}
        )
    order = list(NAV_GROUPS)
    menus = []
    for group, items in sorted(
        by_group.items(),
        key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order),
    ):
        active = any(item["active"] for item in items)
        if len(items) == 1:
            menus.append({**items[0], "key": group})
        else:
            label = NAV_GROUPS.get(group, items[0]["label"])
            menus.append({"label": label, "key": group, "items": items, "active": active})
    return menus
