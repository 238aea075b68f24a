"""API helpers: authentication (session or per-user token), pagination as
{"count": N, "items": [...]}, scoped lookups and form-backed writes with uniform errors.

Writes go through the same ModelForm as the pages, so the API and the UI validate alike, and
through core.services, so they are audited and refuse stale versions the same way."""

from __future__ import annotations

import functools
import json
import logging
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from pydantic import ValidationError as PydanticValidationError
from pydantic import WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from . import audit
from .errors import database_unavailable, service_unavailable
from .paging import COUNT_CAP
from .registry import config_for_model
from .scoping import get_for
from .services import StaleEditError, do_create_object, do_update_object

logger = logging.getLogger("django.request")


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class ConflictOut(Schema):
    detail: str
    current_version: int | None


ERRORS_LIST = {401: ErrorOut, 422: FieldErrorOut}
ERRORS_READ = {401: ErrorOut, 404: ErrorOut}
ERRORS_WRITE = {
    400: FieldErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ConflictOut,
    422: FieldErrorOut,
}


# --- request bodies: JSON as the schema publishes it (issue 15, finding 10) -----------------------
def _json_kind(value: Any) -> str | None:
    """The JSON type of a value json.loads produced; None for a Python object given in code."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    for python_type, kind in (
        (float, "number"),
        (str, "string"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, python_type):
            return kind
    return None


def _expected(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    """What a JSON schema asks for, in words: "a date as text (YYYY-MM-DD) or null"."""
    if "$ref" in schema:
        return _("an object")
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return _(" or ").join(_expected(option, defs) for option in schema[key])
    kinds = schema.get("type")
    names = []
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        format = schema.get("format")
        if kind == "string" and format == "date":
            names.append(_("a date as text (YYYY-MM-DD)"))
        elif kind == "string" and format == "date-time":
            names.append(_("a date and time as text (ISO 8601)"))
        else:
            names.append(
                {
                    "string": _("text (a string)"),
                    "integer": _("a whole number"),
                    "number": _("a number"),
                    "boolean": _("true or false"),
                    "array": _("a list"),
                    "object": _("an object"),
                    "null": "null",
                }.get(kind, str(kind))
            )
    return _(" or ").join(names)


def _type_errors(
    value: Any, schema: dict[str, Any], defs: dict[str, Any], loc: tuple[str | int, ...]
) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Where `value` (parsed JSON) has a JSON type `schema` does not allow: (place, schema)
    pairs. Formats, ranges, choices and required fields are left to pydantic."""
    kind = _json_kind(value)
    if kind is None:
        return []
    if "$ref" in schema:
        schema = defs.get(schema["$ref"].rsplit("/", 1)[-1], {})
    for key in ("anyOf", "oneOf"):
        if key in schema:
            found = [_type_errors(value, option, defs, loc) for option in schema[key]]
            if any(not errors for errors in found):
                return []
            return [(loc, schema)]
    for option in schema.get("allOf", []):
        if errors := _type_errors(value, option, defs, loc):
            return errors
    allowed = schema.get("type")
    if allowed is None:
        return []
    allowed = allowed if isinstance(allowed, list) else [allowed]
    if kind not in allowed and not (kind == "integer" and "number" in allowed):
        return [(loc, schema)]
    errors = []
    if kind == "array" and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            errors += _type_errors(item, schema["items"], defs, (*loc, index))
    if kind == "object":
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for name, item in value.items():
            item_schema = properties.get(name, extra if isinstance(extra, dict) else None)
            if item_schema is not None:
                errors += _type_errors(item, item_schema, defs, (*loc, name))
    return errors


#: A decimal in a request body is a JSON number (0.5), as the schema publishes it: a string —
#: "0,5" as Vietnamese write it, or "0.5" — is refused by `BodySchema` with a 422 saying a
#: number is expected, never read one way or the other (pydantic alone takes "1.200" as 1.2).
JsonDecimal = Annotated[Decimal, WithJsonSchema({"type": "number"})]

_BODY_SCHEMAS: dict[type, dict[str, Any]] = {}


class BodySchema(Schema):
    """A JSON request body. It is a JSON object (`[null, null]`, `3` or `"x"` are refused, not
    read as an empty body), its fields have the JSON types the OpenAPI schema publishes — a
    date is text such as "2026-05-01", never `0`; a boolean is true or false, never `0`, `1`
    or "yes"; a number is never a boolean. The JSON type is checked here; pydantic then reads
    the value (dates, decimals, choices)."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: Any, info: Any) -> Any:
        # replaces ninja's validator of the same name: a body is a dict, not an object whose
        # attributes are read (which took any JSON value for an empty body)
        if isinstance(values, cls):
            return values
        if not isinstance(values, dict):
            message = _('Send the body as a JSON object ({"field": value, …}), not %(given)s.')
            raise PydanticCustomError(
                "body_type", "{message}", {"message": message % {"given": _shown(values)}}
            )
        schema = _BODY_SCHEMAS.get(cls)
        if schema is None:
            schema = _BODY_SCHEMAS[cls] = cls.model_json_schema()
        errors = _type_errors(values, schema, schema.get("$defs", {}), ())
        if errors:
            raise PydanticValidationError.from_exception_data(
                cls.__name__,
                [
                    {
                        "type": PydanticCustomError(
                            "json_type",
                            "{message}",
                            {
                                "message": _("Expected %(expected)s, not %(given)s.")
                                % {
                                    "expected": _expected(expected, schema.get("$defs", {})),
                                    "given": _shown(_at(values, loc)),
                                }
                            },
                        ),
                        "loc": loc,
                        "input": _at(values, loc),
                    }
                    for loc, expected in errors
                ],
            )
        return handler(values)


def _at(value: Any, loc: tuple[str | int, ...]) -> Any:
    for key in loc:
        value = value[key]
    return value


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def omittable(description: str = "") -> Any:
    """A body field that may be left out but is never null (a PATCH of a field that cannot be
    emptied): no `null` in its schema and no default shown."""

    def drop_default(schema: dict[str, Any]) -> None:
        schema.pop("default", None)

    return Field(None, description=description, json_schema_extra=drop_default)


class Pagination(LimitOffsetPagination):
    """limit/offset pagination answering {"count": N, "capped": false, "items": [...]}; limit
    1–500. The count stops early, as the list pages' (`core.paging`): it is exact up to
    COUNT_CAP rows past the end of the page asked for, and beyond reads that many with
    `capped` true — so a program walking the pages always sees more rows while there are,
    and the Ministry's first page of ten million people does not count them all. A page of
    a register whose reads are audited (personal data) is written to the audit log: who, when,
    which records, with which filters — one row per request."""

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description=f"rows found, counted at most {COUNT_CAP:,} past the end of this page "
            "(see capped)"
        )
        capped: bool = Field(
            description="true: there are more rows than count says (narrow the search or "
            "read on: the count grows as the offset does)"
        )

    def paginate_queryset(self, queryset: Any, pagination: Any, **params: Any) -> Any:
        offset = pagination.offset
        limit = min(pagination.limit, self.max_limit)
        window = offset + limit + COUNT_CAP
        if hasattr(queryset, "order_by"):
            counted = queryset.order_by()[: window + 1].count()
        else:  # rows already read (a list): their number
            counted = window = len(queryset)
        result = {
            "items": queryset[offset : offset + limit],
            "count": min(counted, window),
            "capped": counted > window,
        }
        model = getattr(queryset, "model", None)
        request = params.get("request")
        config = config_for_model(model) if model is not None else None
        if config is not None and config.audit_reads and request is not None:
            result["items"] = list(result["items"])
            audit.log_list(
                actor=request.user,
                model=model,
                ids=[row.pk for row in result["items"]],
                filters=dict(request.GET.items()),
                request=request,
            )
        return result

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="rows per page (1–500)")
        offset: int = Field(0, ge=0, le=2**31 - 1, description="rows to skip")


class ApiFieldError(Exception):
    def __init__(
        self, errors: dict[str, list[str]], detail: str = "Invalid data.", status: int = 400
    ):
        self.errors = errors
        self.detail = detail
        self.status = status


class ApiConflict(Exception):
    def __init__(self, detail: str, current_version: int | None):
        self.detail = detail
        self.current_version = current_version


def get_visible(request: HttpRequest, qs: models.QuerySet, **lookup: Any) -> Any:
    return get_for(request.user, qs, "view", **lookup)


def get_editable(request: HttpRequest, qs: models.QuerySet, **lookup: Any) -> Any:
    """The row to change: 404 if the user cannot see it, 403 if they see it read-only."""
    obj = get_for(request.user, qs, "view", **lookup)
    try:
        get_for(request.user, qs, "change", pk=obj.pk)
    except Http404:
        raise HttpError(403, _("You may read this record but not change it.")) from None
    return obj


def _form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def save_with_form(
    request: HttpRequest,
    form_class: type[forms.ModelForm],
    instance: models.Model,
    payload: dict[str, Any],
    version: int | None = None,
) -> models.Model:
    """Validate `payload` (only the fields given; others keep their values) with the page's
    form and save through the audited services."""
    data = (
        {
            k: v
            for k, v in model_to_dict(instance, fields=form_class._meta.fields).items()
            if v is not None
        }
        if instance.pk
        else {}
    )
    for name, value in payload.items():
        data[name] = "" if value is None else value
    if instance.pk:
        data["version"] = version
    form = form_class(data=data, instance=instance, user=request.user)
    unknown = set(payload) - set(form.fields)
    if unknown:
        raise ApiFieldError({name: ["This field cannot be set here."] for name in sorted(unknown)})
    if not form.is_valid():
        raise ApiFieldError(_form_errors(form))
    obj = form.save(commit=False)
    try:
        if instance.pk:
            do_update_object(actor=request.user, instance=obj, expected_version=version)
        else:
            do_create_object(actor=request.user, instance=obj)
    except StaleEditError as exc:
        raise ApiConflict(str(exc), getattr(exc.current, "version", None)) from exc
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ApiFieldError(errors) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    return obj


def call_service(service: Any, **kwargs: Any) -> Any:
    """Run a domain service for the API: its ValidationError becomes 400 with the fields named,
    PermissionDenied 403 — the same messages the pages show."""
    try:
        return service(**kwargs)
    except StaleEditError as exc:  # someone wrote the same row at the same moment
        raise ApiConflict(str(exc), getattr(exc.current, "version", None)) from exc
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ApiFieldError(errors, detail=" ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


class JsonNinjaAPI(NinjaAPI):
    """A NinjaAPI whose every answer is JSON, also for an address it does not have (404 — a
    path parameter of the wrong type, e.g. /api/people/abc, reaches no route) and for a method
    an address does not take (405, with its Allow header): never the HTML pages of the site."""

    def _get_urls(self) -> list[Any]:
        @csrf_exempt
        def no_such_address(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            message = _("The API has no such address: see /api/docs for the list.")
            return self.create_response(request, {"detail": message}, status=404)

        urls: list[Any] = []
        for url in super()._get_urls():
            if isinstance(url, URLPattern):
                # the root (ninja's "api-root", an HTML 404) keeps its name: ninja reverses it
                view = no_such_address if url.name == "api-root" else url.callback
                url = URLPattern(
                    url.pattern, self._json_not_allowed(view), url.default_args, url.name
                )
            urls.append(url)
        urls.append(re_path(r"^.*$", no_such_address))
        return urls

    def _json_not_allowed(self, view: Any) -> Any:
        @functools.wraps(view)
        def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response["Allow"]
                message = _("%(method)s is not allowed here; use %(allowed)s.") % {
                    "method": request.method,
                    "allowed": allowed,
                }
                response = self.create_response(request, {"detail": message}, status=405)
                response["Allow"] = allowed
            return response

        return answer


def install_error_handlers(api: Any) -> None:
    from django.db import DataError, OperationalError
    from django.http.multipartparser import MultiPartParserError
    from ninja.errors import ValidationError as NinjaValidationError

    @api.exception_handler(DataError)
    @api.exception_handler(OverflowError)
    def out_of_range(request, exc: Exception):
        """A number the database cannot hold (an id of 20 digits): the caller's mistake."""
        message = _("A value is out of range: check the numbers and ids you sent.")
        return api.create_response(
            request, {"detail": message, "errors": {"__all__": [message]}}, status=422
        )

    @api.exception_handler(OperationalError)
    def unreachable_database(request, exc: OperationalError):
        """The database refused or dropped the connection (too many clients, restarting):
        503 with Retry-After, the client may try again; any other OperationalError is a
        fault (500)."""
        if not database_unavailable(exc):
            raise exc
        logger.warning("Database unavailable: %s: %s", request.path, exc)
        return service_unavailable(request)

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request, exc: Exception):
        message = _("The multipart body cannot be read (is its boundary missing?): send it again.")
        return api.create_response(
            request, {"detail": message, "errors": {"__all__": [message]}}, status=400
        )

    @api.exception_handler(HttpError)
    def refused(request, exc: HttpError):
        """Every refusal answers the body its status is documented with: 400 and 422 name what
        is wrong under `errors` (FieldErrorOut), the others say why in `detail` (ErrorOut)."""
        message, key = str(exc.message), "__all__"
        if isinstance(exc.__cause__, ValueError) and message.startswith("Cannot parse"):
            # ninja's refusal of a body that is not JSON
            message, key = _("The body is not valid JSON: send a JSON object."), "body"
        body: dict[str, Any] = {"detail": message}
        if exc.status_code in (400, 422):
            body["errors"] = {key: [message]}
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(ApiFieldError)
    def field_error(request, exc: ApiFieldError):
        return api.create_response(
            request, {"detail": exc.detail, "errors": exc.errors}, status=exc.status
        )

    @api.exception_handler(ApiConflict)
    def conflict(request, exc: ApiConflict):
        return api.create_response(
            request, {"detail": exc.detail, "current_version": exc.current_version}, status=409
        )

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            where = list(error.get("loc", []))
            loc = [str(p) for p in where if p not in ("body", "payload", "query", "path")]
            # an error about the body as a whole (not an object, missing) names the body
            key = ".".join(loc) or ("body" if where[:1] == ["body"] else "__all__")
            errors.setdefault(key, []).append(error.get("msg", "invalid"))
        names = ", ".join(errors)
        return api.create_response(
            request,
            {
                "detail": _("Invalid input in: %(names)s. Fix these fields and send again.")
                % {"names": names},
                "errors": errors,
            },
            status=422,
        )


# --- assess endpoints (LAW.md section 10) --------------------------------------------------------
def assess_route(fields: str, example: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of an assess route: the answers, the description naming the
    `fields` an answer may carry, and a request body of one facts object or a list."""
    return {
        "response": {200: Any, 400: FieldErrorOut, 401: ErrorOut, 422: FieldErrorOut},
        "description": "Send one facts object (LAW.md section 8 field names; absent fields "
        "mean no such fact; `ref_date` defaults to today) or a list of them. The answer is one "
        "outcome object, or a list in the same order: `outcome`, `grounds` (citations), and "
        f"where they apply {fields}. A fact the answer needs but the object lacks gives "
        "`manual_review` naming it. One object with unknown or malformed fields answers 422 "
        "naming the field. In a list each object is answered on its own: a malformed one gets "
        '`{"error": {field: [messages]}}` in its place and the others their answers (200); '
        "only a body that is not an object or a list of objects answers 422. Nothing is stored.",
        "openapi_extra": {
            "x-stores-nothing": True,
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [
                                {"type": "object"},
                                {"type": "array", "items": {"type": "object"}},
                            ]
                        },
                        "example": example,
                    }
                },
                "required": True,
            },
        },
    }


def run_assess(domain: str, request: HttpRequest) -> Any:
    """Run engine `domain` on the request's JSON body; bad JSON or facts answer 422."""
    import json

    from .assess import FactsError, run

    try:
        payload = json.loads(request.body or b"null")
    except ValueError as exc:
        raise ApiFieldError(
            {"__all__": [f"The body is not JSON: {exc}"]}, "Invalid JSON.", status=422
        ) from exc
    try:
        return run(domain, payload)
    except FactsError as exc:
        field = str(exc.field or "__all__")
        raise ApiFieldError({field: [exc.message]}, detail=str(exc), status=422) from exc


def add_assess_route(
    router: Any, path: str, domain: str, *, summary: str, fields: str, example: dict[str, Any]
) -> None:
    """`POST path`: the `domain` engine (LAW.md section 10) on the body, nothing stored."""

    def assess(request: HttpRequest) -> Any:
        return run_assess(domain, request)

    router.post(
        path, summary=summary, operation_id=f"assess_{domain}", **assess_route(fields, example)
    )(assess)
