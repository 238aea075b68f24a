"""The JSON API of a register, generated from its declaration (`ModelConfig` + `ApiSpec`).

One declaration gives a register its pages and its API, the way NetBox pairs one FilterSet with
its list view and its API viewset:

- list      GET    {path}              the config's FilterSet (the page's filters, same meanings;
                                        a value it refuses answers 422 naming the filter), `q`
                                        for the page's search, limit/offset pagination
- export    GET    {path}/export       the same rows as the list, as xlsx or csv (audited)
- get       GET    {path}/{id}         one row in scope, else 404 (reads audited for personal data)
- create    POST   {path}              the page's add form, through the config's `create`
- patch     PATCH  {path}/{id}         the page's edit form with the `version` read (409 if stale)
- delete    DELETE {path}/{id}         where the register allows deleting on its pages

Input names follow the API's conventions and are mapped onto the form: `<field>_id` names a
related row by its id, `<field>_code` by its official code (a commune, a province), and
`citizen_id` names a person; errors come back under the names that were sent. Domain actions
(hand over, extend a term, approve …) stay hand-written routes in each app's `api.py`.

This module deliberately does not use `from __future__ import annotations`: django-ninja reads
the annotations of the generated handlers, which name schemas built at run time.
"""

import inspect
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from . import audit, exporting, idempotency
from .api import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    ApiConflict,
    ApiFieldError,
    ErrorOut,
    FieldErrorOut,
    Pagination,
    call_service,
    get_editable,
    get_visible,
)
from .api_schemas import (
    detail_schema,
    filter_schema,
    in_schema,
    out_schema,
    spec_of,
    verbose_label,
)
from .filtering import filter_rows
from .registry import ModelConfig
from .services import StaleEditError, do_delete_object

OPERATIONS = ("list", "export", "get", "create", "patch", "delete")

#: every register given routes, by the `x-register` key its operations carry
GENERATED: dict[str, type[ModelConfig]] = {}


# --- declarations → schemas --------------------------------------------------------------------
def api_path(config: type[ModelConfig]) -> str:
    spec = spec_of(config)
    return spec.path or f"/{config.namespace}/{config.name.replace('_', '-')}s"


def id_param(config: type[ModelConfig]) -> str:
    return spec_of(config).id_param or f"{config.name}_id"


def operations(config: type[ModelConfig]) -> list[str]:
    """The generated operations of `config`: what its declaration allows and its pages offer."""
    spec = spec_of(config)
    wanted = [op for op in OPERATIONS if op not in spec.exclude]
    if config.form_class is None:
        wanted = [op for op in wanted if op not in ("create", "patch")]
    if not config.can_add:
        wanted = [op for op in wanted if op != "create"]
    if not config.can_delete:
        wanted = [op for op in wanted if op != "delete"]
    return wanted


# --- input mapping ---------------------------------------------------------------------------
def _related_queryset(field: forms.Field) -> models.QuerySet:
    return field.queryset  # already limited to what the user may see (ScopedModelForm)


def form_data(
    config: type[ModelConfig], form: forms.BaseForm, payload: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Map API names onto the form's fields. Returns the form data and, for the errors, the
    API name of each form field that was renamed."""
    data: dict[str, Any] = {}
    names: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    unknown: list[str] = []
    for key, value in payload.items():
        if key in form.fields:
            data[key] = value
            continue
        target, lookup = _resolve(form, key)
        if target is None:
            unknown.append(key)
            continue
        names[target] = key
        if value in (None, ""):
            data[target] = ""
            continue
        if lookup == "pk":
            data[target] = value
            continue
        values = value if isinstance(value, list) else [value]
        rows = list(_related_queryset(form.fields[target]).filter(**{f"{lookup}__in": values}))
        found = {str(getattr(row, lookup)): row.pk for row in rows}
        missing = [v for v in values if str(v) not in found]
        if missing:
            model = form.fields[target].queryset.model
            errors[key] = [
                _("No %(what)s with %(key)s %(value)s in your area.")
                % {
                    "what": model._meta.verbose_name,
                    "key": lookup.replace("_", " "),
                    "value": ", ".join(str(m) for m in missing),
                }
            ]
            continue
        data[target] = (
            [found[str(v)] for v in values] if isinstance(value, list) else found[str(value)]
        )
    for key in unknown:
        errors[key] = [_("This field cannot be set here.")]
    if errors:
        raise ApiFieldError(errors, detail=_describe(errors))
    return data, names


def _resolve(form: forms.BaseForm, key: str) -> tuple[str | None, str]:
    """`unit_id` → ("unit", "pk"), `commune_code` → ("commune", "code"),
    `citizen_id` → ("person", "citizen_id"), `member_ids` → ("members", "pk")."""
    related = {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField)
    }
    if key == "citizen_id" and "person" in related:
        return "person", "citizen_id"
    for suffix, lookup in (("_ids", "pk"), ("_id", "pk"), ("_codes", "code"), ("_code", "code")):
        if key.endswith(suffix):
            base = key[: -len(suffix)]
            for candidate in (base, f"{base}s"):
                if candidate in related:
                    return candidate, lookup
    return None, ""


def _describe(errors: dict[str, list[str]]) -> str:
    """One line for the `detail` of a refused body: each field and what is wrong with it."""
    parts = [
        " ".join(messages) if name == "__all__" else f"{name}: {' '.join(messages)}"
        for name, messages in errors.items()
    ]
    return " ".join(parts) or _("Invalid data.")


def _form_errors(form: forms.BaseForm, names: dict[str, str]) -> dict[str, list[str]]:
    return {names.get(n, n): [str(m) for m in msgs] for n, msgs in form.errors.items()}


def _service_errors(exc: ValidationError, names: dict[str, str]) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {names.get(k, k): v for k, v in exc.message_dict.items()}
    return {"__all__": exc.messages}


def _current_values(instance: models.Model, form: forms.BaseForm) -> dict[str, Any]:
    """The form data of a row as it is (a patch sends only what changes)."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name == "version":
            continue
        value = form.initial.get(name, field.initial)
        if isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, models.Model):
            value = value.pk
        if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
            if value:
                data[name] = "on"
            continue
        if value is None:
            continue
        data[name] = value
    return data


def _save(
    request: HttpRequest,
    config: type[ModelConfig],
    instance: models.Model,
    payload: dict[str, Any],
    version: int | None = None,
) -> models.Model:
    adding = instance.pk is None
    form_class = (config.add_form_class if adding else None) or config.form_class
    assert form_class is not None
    kwargs = config.form_kwargs(request)
    probe = form_class(instance=instance, **kwargs)
    mapped, names = form_data(config, probe, config.api_input(request, payload))
    data = {} if adding else _current_values(instance, probe)
    for name, value in mapped.items():
        field = probe.fields[name]
        if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        else:
            data[name] = "" if value is None else value
    if not adding:
        data["version"] = version
    form = form_class(data=data, instance=instance, **kwargs)
    if not form.is_valid():
        errors = _form_errors(form, names)
        raise ApiFieldError(errors, detail=_describe(errors))

    def save() -> models.Model:
        with transaction.atomic():
            if adding:
                obj = config.create(request.user, form)
            else:
                obj = config.update(request.user, form, version)
            config.after_save(request.user, obj, adding)
        return obj

    try:
        if adding:  # the same Idempotency-Key again answers with the first record
            key = idempotency.clean_key(request.headers.get(idempotency.HEADER))
            obj, _made = idempotency.create_once(request.user, key, config.model, save)
        else:
            obj = save()
    except StaleEditError as exc:
        raise ApiConflict(str(exc), getattr(exc.current, "version", None)) from exc
    except ValidationError as exc:
        raise ApiFieldError(_service_errors(exc, names), detail=" ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    return obj


IDEMPOTENCY_PARAMETER = {
    "in": "header",
    "name": idempotency.HEADER,
    "required": False,
    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,64}$"},
    "description": "A key of your choosing (e.g. a UUID) that makes a retry safe: sent again "
    "with the same key, the create answers with the record it made the first time instead of "
    "adding a second one. Keys are yours alone and kept two days.",
}


# --- handlers --------------------------------------------------------------------------------
def _queryset(config: type[ModelConfig], request: HttpRequest) -> models.QuerySet:
    return config.api_queryset(request)


def filtered(config: type[ModelConfig], request: HttpRequest) -> models.QuerySet:
    """The list's rows: scoped, filtered by the FilterSet, searched, ordered like the page."""
    qs, filterset = filter_rows(config, request, _queryset(config, request))
    if filterset is not None and not filterset.is_valid():
        errors = {n: [str(m) for m in msgs] for n, msgs in filterset.errors.items()}
        raise ApiFieldError(
            errors,
            detail=_("Invalid filter value in: %(names)s.") % {"names": ", ".join(errors)},
            status=422,
        )
    return qs.order_by(*config.default_ordering, "pk")


def _signed(func: Any, **params: Any) -> Any:
    """Give a generated handler the parameters django-ninja reads: `request`, then each name
    with its annotation (a (annotation, default) pair for an optional one). The row's path
    parameter carries the register's own name ("person_id"), hence a signature, not a def."""
    signature = [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for name, annotation in params.items():
        default = inspect.Parameter.empty
        if isinstance(annotation, tuple):
            annotation, default = annotation
        signature.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
            )
        )
    func.__signature__ = inspect.Signature(signature)
    return func


def add_register_routes(router: Router, config: type[ModelConfig]) -> None:
    """Add the generated operations of `config` to `router` (the app's router)."""
    spec = spec_of(config)
    path = api_path(config)
    param = id_param(config)
    lookup = spec.lookup
    lookup_type = int if lookup in ("pk", "id", "code") else str
    key = f"{config.namespace}_{config.name}"
    one, many = verbose_label(config), verbose_label(config, plural=True)
    ops = operations(config)
    Out = out_schema(config)
    DetailOut = detail_schema(config)
    extra = {"x-register": f"{config.namespace}.{config.name}"}
    GENERATED[extra["x-register"]] = config
    # a typed converter: /commands/quotas must not read as the command "quotas"
    row_path = f"{path}/{{int:{param}}}" if lookup_type is int else f"{path}/{{{param}}}"

    def summary(op: str, default: str) -> str:
        return spec.summaries.get(op, default)

    def detail(request: HttpRequest, obj: models.Model) -> Any:
        return config.api_detail(request, obj)

    def refetch(request: HttpRequest, obj: models.Model) -> Any:
        return detail(request, get_visible(request, _queryset(config, request), pk=obj.pk))

    Filters = filter_schema(config)
    # a register without filters takes no query schema (ninja would ask for an empty one)
    filters = {"filters": Query[Filters]} if Filters.model_fields else {}  # type: ignore[valid-type]

    if "list" in ops:

        def list_rows(request: HttpRequest, **_query: Any):
            return config.api_rows(request, filtered(config, request))

        _signed(list_rows, **filters)
        router.get(
            path,
            response={200: list[Out], **ERRORS_LIST},
            summary=summary("list", f"List {many}"),
            description=spec.descriptions.get(
                "list", "The filters are those of the list page; a value they refuse answers 422."
            ),
            operation_id=f"{key}_list",
            openapi_extra=extra,
        )(paginate(Pagination)(list_rows))

    if "export" in ops:

        def export_rows(request: HttpRequest, **query: Any):
            format = query["format"]
            if format not in exporting.FORMATS:
                raise ApiFieldError(
                    {
                        "format": [
                            _("Unknown export format %(fmt)s: use xlsx or csv.") % {"fmt": format}
                        ]
                    },
                    status=422,
                )
            return exporting.audited_export_response(
                config, filtered(config, request), format, request
            )

        router.get(
            f"{path}/export",
            response=ERRORS_LIST,
            summary=summary("export", f"Export {many} (xlsx or csv)"),
            description="The rows of the list with the same filters, as a file; audited.",
            operation_id=f"{key}_export",
            openapi_extra={
                **extra,
                "responses": {
                    200: {
                        "description": "the file",
                        "content": {
                            "text/csv": {},
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
                        },
                    }
                },
            },
        )(_signed(export_rows, **filters, format=(str, "xlsx")))

    if "get" in ops:

        def get_one(request: HttpRequest, **kwargs: Any):
            obj = get_visible(request, _queryset(config, request), **{lookup: kwargs[param]})
            if config.audit_reads:
                audit.log_read(actor=request.user, instance=obj, request=request)
            return detail(request, obj)

        router.get(
            row_path,
            response={200: DetailOut, **ERRORS_READ},
            summary=summary("get", f"Get a {one}"),
            description=spec.descriptions.get(
                "get", "The read is written to the audit log." if config.audit_reads else ""
            ),
            operation_id=f"{key}_get",
            openapi_extra=extra,
        )(_signed(get_one, **{param: lookup_type}))

    if "create" in ops:
        In = in_schema(config, adding=True)

        def create(request: HttpRequest, payload: In):  # type: ignore[valid-type]
            if not config.user_can_add(request.user):
                raise HttpError(403, _("You may not add records here."))
            obj = _save(request, config, config.new_instance(request), payload.dict())
            return Status(201, refetch(request, obj))

        router.post(
            path,
            response={201: DetailOut, **ERRORS_WRITE},
            summary=summary("create", f"Add a {one}"),
            description=spec.descriptions.get(
                "create", "Validated by the same form as the add page."
            ),
            operation_id=f"{key}_create",
            openapi_extra={**extra, "parameters": [IDEMPOTENCY_PARAMETER]},
        )(create)

    if "patch" in ops:
        Patch = in_schema(config, adding=False)

        def patch(request: HttpRequest, **kwargs: Any):
            obj = get_editable(request, _queryset(config, request), **{lookup: kwargs[param]})
            refusal = config.change_refusal(obj)
            if refusal is not None:
                raise ApiFieldError({"__all__": [str(refusal)]}, detail=str(refusal))
            data = kwargs["payload"].dict(exclude_unset=True)
            version = data.pop("version")
            obj = _save(request, config, obj, data, version)
            return refetch(request, obj)

        router.patch(
            row_path,
            response={200: DetailOut, **ERRORS_WRITE},
            summary=summary("patch", f"Change a {one}"),
            description=spec.descriptions.get(
                "patch",
                "Send only the fields to change and the `version` you read; a stale version "
                "answers 409 and changes nothing.",
            ),
            operation_id=f"{key}_patch",
            openapi_extra=extra,
        )(_signed(patch, **{param: lookup_type, "payload": Patch}))

    if "delete" in ops:

        def delete(request: HttpRequest, **kwargs: Any):
            obj = get_editable(request, _queryset(config, request), **{lookup: kwargs[param]})
            refusal = config.change_refusal(obj)
            if refusal is not None:
                raise ApiFieldError({"__all__": [str(refusal)]}, detail=str(refusal))
            try:
                do_delete_object(actor=request.user, instance=obj)
            except ValidationError as exc:
                raise ApiFieldError(
                    {"__all__": exc.messages}, detail=" ".join(exc.messages)
                ) from exc
            except PermissionDenied as exc:
                raise HttpError(403, str(exc)) from exc
            return Status(204, None)

        router.delete(
            row_path,
            response={204: None, **ERRORS_WRITE},
            summary=summary("delete", f"Delete a {one}"),
            description="Refused (400) while other records refer to it.",
            operation_id=f"{key}_delete",
            openapi_extra=extra,
        )(_signed(delete, **{param: lookup_type}))


def add_action_route(
    router: Router,
    config: type[ModelConfig],
    action: str,
    *,
    service: Callable[..., Any],
    summary: str,
    target: str,
    payload: type[Schema] | None = None,
    arguments: Callable[[HttpRequest, Any], dict[str, Any]] | None = None,
    description: str = "",
    method: str = "post",
) -> None:
    """A domain action on one row of a register, the API twin of a page's `ObjectAction`:
    `{method} {path}/{id}/{action}` finds the row the user may change (404 outside the scope,
    403 read-only), calls `service(actor=…, <target>=row, **arguments)` and answers the row's
    detail. `arguments(request, payload)` turns the body into the service's keywords (default:
    the body's fields as they are); the service's refusals answer 400/409 naming the field."""
    param = id_param(config)
    lookup = spec_of(config).lookup
    lookup_type = int if lookup in ("pk", "id", "code") else str
    row_path = f"{api_path(config)}/{{int:{param}}}" if lookup_type is int else None
    row_path = row_path or f"{api_path(config)}/{{{param}}}"

    def act(request: HttpRequest, **kwargs: Any):
        rows = config.api_queryset(request)
        obj = get_editable(request, rows, **{lookup: kwargs[param]})
        body = kwargs.get("payload")
        if arguments is not None:
            extra = arguments(request, body)
        else:
            extra = body.dict() if body is not None else {}
        call_service(service, actor=request.user, **{target: obj}, **extra)
        return config.api_detail(request, get_visible(request, rows, pk=obj.pk))

    params: dict[str, Any] = {param: lookup_type}
    if payload is not None:
        params["payload"] = payload
    getattr(router, method)(
        f"{row_path}/{action}",
        response={200: detail_schema(config), **ERRORS_WRITE},
        summary=summary,
        description=description,
        operation_id=f"{config.namespace}_{config.name}_{action.replace('-', '_')}",
    )(_signed(act, **params))


__all__ = [
    "ErrorOut",
    "FieldErrorOut",
    "HttpResponse",
    "add_action_route",
    "add_register_routes",
    "filtered",
    "operations",
]
