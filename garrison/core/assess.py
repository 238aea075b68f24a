"""Generic "assess" engines: parse a JSON facts object, run a domain's pure rules, answer JSON.

LAW.md §10 describes one engine per domain, exposed the same way by the API and by the
`garrison assess DOMAIN FILE.json` command. A domain registers its engine once, at import of its
facts module (the app's `AppConfig.ready()` imports it):

    register_engine("name", parse=parse_facts_json, assess=lambda facts: answer_dict)

`run(name, payload)` takes one facts object (→ one answer) or a list of them (→ a list of answers
in the same order). A bad object raises `FactsError`, which names the offending field
(`family.foo`) so that the API can answer 422 and the command can say what to fix. In a list,
each object is answered on its own (LAW.md §10): a malformed one gets `{"error": {field:
[messages]}}` in its place and the others their answers; only a list holding something other
than objects is an error as a whole (`[2]: expected a JSON object`).

JSON is read here, at the edge, and nowhere else: services hand the engines typed facts. The
facts are pydantic dataclasses configured with `FACTS_CONFIG` (strict types, unknown names
refused); `parse_facts(cls, data)` validates one JSON object into one and turns pydantic's errors
into a FactsError whose words are ours ("dob: expected an ISO date YYYY-MM-DD, got
"12/03/2005""): absent or null fields take the default, dates are ISO strings, bounds come from
the fields' `Field(ge=..., le=...)`.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from django.utils import timezone
from django.utils.translation import gettext
from pydantic import BeforeValidator, ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

T = TypeVar("T")


class FactsError(Exception):
    """Input that cannot be assessed. `field` is a dotted path ("family.foo"; "" for the whole
    object), `message` says what was expected, `index` is the list position when the payload was
    a list."""

    def __init__(self, field: str, message: str, index: int | None = None) -> None:
        self.field = field
        self.message = message
        self.index = index
        super().__init__(str(self))

    @property
    def location(self) -> str:
        """Where the error is: "dob", "family.foo", "[2].dob", "[2]" or ""."""
        prefix = f"[{self.index}]" if self.index is not None else ""
        if prefix and self.field:
            return f"{prefix}.{self.field}"
        return prefix or self.field

    def at_index(self, index: int) -> FactsError:
        """The same error, located in element `index` of a list payload."""
        return FactsError(self.field, self.message, index)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True)
class AssessEngine:
    """One domain's engine: `parse` turns a JSON object into facts (raising FactsError),
    `assess` turns facts into a JSON-ready answer dict."""

    name: str
    parse: Callable[[dict[str, Any]], Any]
    assess: Callable[[Any], dict[str, Any]]


_ENGINES: dict[str, AssessEngine] = {}


def register_engine(
    name: str,
    *,
    parse: Callable[[dict[str, Any]], Any],
    assess: Callable[[Any], dict[str, Any]],
) -> AssessEngine:
    """Register (or replace: importing twice is harmless) the engine of domain `name`."""
    engine = AssessEngine(name=name, parse=parse, assess=assess)
    _ENGINES[name] = engine
    return engine


def get_engine(name: str) -> AssessEngine:
    """The engine registered as `name`; LookupError naming the known ones otherwise."""
    try:
        return _ENGINES[name]
    except KeyError:
        known = ", ".join(engine_names()) or gettext("none")
        raise LookupError(
            gettext("unknown domain %(name)s (known: %(known)s)")
            % {"name": json.dumps(name, ensure_ascii=False), "known": known}
        ) from None


def engine_names() -> list[str]:
    """Names of the registered engines, sorted."""
    return sorted(_ENGINES)


def run(name: str, payload: Any) -> dict[str, Any] | list[dict[str, Any]]:
    """Assess one facts object (→ one answer) or a list of them (→ answers in the same order).

    One object: a FactsError when it is malformed. A list: every element must be an object (else
    a FactsError located at `[i]`); each is answered on its own, a malformed one by
    `error_answer(error)` in its place, so that one bad item does not sink the list."""
    engine = get_engine(name)
    if isinstance(payload, dict):
        return engine.assess(engine.parse(payload))
    if isinstance(payload, list):
        for index, item in enumerate(payload):
            if not isinstance(item, dict):
                raise FactsError(
                    "",
                    gettext("expected a JSON object, got %(value)s") % {"value": describe(item)},
                    index,
                )
        answers: list[dict[str, Any]] = []
        for item in payload:
            try:
                facts = engine.parse(item)
            except FactsError as error:
                answers.append(error_answer(error))
            else:
                answers.append(engine.assess(facts))
        return answers
    raise FactsError(
        "",
        gettext("expected a JSON object or a list of JSON objects, got %(value)s")
        % {"value": describe(payload)},
    )


def error_answer(error: FactsError) -> dict[str, Any]:
    """The answer of a malformed item of a list: `{"error": {field: [message]}}` ("__all__"
    when the error is about the whole object)."""
    return {"error": {error.field or "__all__": [error.message]}}


def item_errors(answers: Any) -> list[int]:
    """The positions of the malformed items in a list of answers (none for one answer)."""
    if not isinstance(answers, list):
        return []
    return [i for i, answer in enumerate(answers) if "error" in answer]


# --- JSON → typed facts (pydantic, strict) -----------------------------------------------------

#: The pydantic configuration of every facts class: strict types (no "yes" for true, no "21" for a
#: number), unknown field names refused, a field with a JSON alias ("class") also settable by its
#: Python name (`Health(class_=4)`) in code — never in JSON (see `parse_facts`).
FACTS_CONFIG = ConfigDict(
    strict=True, extra="forbid", validate_by_name=True, validate_by_alias=True
)


def describe(value: Any) -> str:
    """A short JSON rendering of a bad value for error messages ("12/03/2005" keeps its quotes)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _require_object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FactsError(
            path, gettext("expected a JSON object, got %(value)s") % {"value": describe(value)}
        )
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_only(value: Any) -> Any:
    """A JSON date is a "YYYY-MM-DD" string, and nothing else (pydantic alone would read "0" as
    1970-01-01); the string becomes a date here (a before-validator's result is validated as a
    Python value, which in strict mode must be a date already)."""
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        raise PydanticCustomError("date_parsing", "not an ISO date")
    return value


#: The type of a date fact: a `datetime.date` in code, an ISO "YYYY-MM-DD" string in JSON.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_only)]


def reject_bool(value: Any) -> Any:
    """A before-validator for `Literal[1, 2]`: JSON true is not the number 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "bool is not a number")
    return value


@functools.cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


def _without_nulls(value: Any) -> Any:
    """Absent and null mean the same ("no such fact"): drop null members of every object."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    return value


def parse_facts(cls: type[T], data: Any) -> T:
    """One JSON facts object → the facts class `cls` (a pydantic dataclass or model with
    FACTS_CONFIG): JSON names only, absent or null fields take their default, ISO dates.

    Raises FactsError naming the unknown fields (all of those of the first object that has
    any, dotted), a missing required field, or the first malformed value with what was
    expected."""
    text = json.dumps(_without_nulls(data))
    try:
        return _adapter(cls).validate_json(text, by_alias=True, by_name=False)
    except ValidationError as exc:
        raise _facts_error(cls, exc.errors(include_url=False)) from None


@functools.cache
def _defaults(cls: type) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """A facts class's plain defaults and its default factories (`trusted`), as pydantic reads
    them (a `Field(default=0, ge=0)` default is 0, not the Field)."""
    from pydantic_core import PydanticUndefined

    plain: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    for name, info in cls.__pydantic_fields__.items():  # type: ignore[attr-defined]
        if info.default is not PydanticUndefined:
            plain[name] = info.default
        elif info.default_factory is not None:
            factories.append((name, info.default_factory))  # type: ignore[arg-type]
    return plain, tuple(factories)


def trusted(cls: type[T], **values: Any) -> T:
    """A facts object built from values a service already holds typed (the registers' columns,
    read by the ORM): the fields given, the defaults for the others, and no validation.

    This is the inside of the system, where the values were checked when they were saved and
    come back as Python dates, ints and bools: validating them again costs more than assessing
    them (it was most of the time of a pool's screening). JSON from outside goes through
    `parse_facts`, never here. The object is equal to (and hashes as) the one the class's own
    constructor would build from the same values."""
    plain, factories = _defaults(cls)
    obj = object.__new__(cls)
    state = obj.__dict__
    state.update(plain)
    for name, factory in factories:
        if name not in values:
            state[name] = factory()
    state.update(values)
    return obj


def _unwrap(hint: Any) -> Any:
    """`Annotated[X, ...]` and `X | None` → X (a facts class, a Literal or a scalar type)."""
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            hint = typing.get_args(hint)[0]
        elif origin in (types.UnionType, typing.Union):
            options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            if len(options) != 1:
                return hint
            hint = options[0]
        else:
            return hint


def _fields_of(cls: Any) -> dict[str, FieldInfo]:
    """{JSON name: field} of a facts class ({} for anything else)."""
    fields = getattr(cls, "__pydantic_fields__", None) or {}
    return {info.alias or name: info for name, info in fields.items()}


def _walk(cls: Any, loc: tuple[Any, ...]) -> tuple[Any, FieldInfo | None]:
    """The facts class holding the field at `loc`, and that field (None when not found)."""
    owner, info = cls, None
    for depth, part in enumerate(loc):
        info = _fields_of(owner).get(str(part))
        if info is None or depth == len(loc) - 1:
            return owner, info
        owner = _unwrap(info.annotation)
    return owner, info


def _expected(path: str, what: str, value: Any) -> FactsError:
    return FactsError(
        path,
        gettext("expected %(what)s, got %(value)s") % {"what": what, "value": describe(value)},
    )


def _constraints(info: FieldInfo | None) -> list[Any]:
    """The field's constraints, including those of an `Annotated[int, Field(...)] | None`."""
    if info is None:
        return []
    found, hints = list(info.metadata), [info.annotation]
    while hints:
        hint = hints.pop()
        if typing.get_origin(hint) is typing.Annotated:
            for item in typing.get_args(hint)[1:]:
                found += item.metadata if isinstance(item, FieldInfo) else [item]
        hints += [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return found


def _bounds(info: FieldInfo | None) -> tuple[Any, Any]:
    low = high = None
    for item in _constraints(info):
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    return low, high


def _bounds_text(info: FieldInfo | None) -> str:
    low, high = _bounds(info)
    if low is not None and high is not None:
        return gettext("a value from %(low)s to %(high)s") % {"low": low, "high": high}
    if low is not None:
        return gettext("a value of at least %(low)s") % {"low": low}
    return gettext("a value of at most %(high)s") % {"high": high}


def _choices_text(info: FieldInfo | None) -> str:
    hint = _unwrap(info.annotation) if info else None
    choices = typing.get_args(hint) if typing.get_origin(hint) is Literal else ()
    listed = ", ".join(describe(choice) for choice in choices)
    return gettext("one of %(choices)s") % {"choices": listed}


_UNKNOWN = frozenset({"extra_forbidden", "unexpected_keyword_argument"})
_OBJECT = frozenset({"dataclass_type", "model_type", "dict_type", "model_attributes_type"})
_WHAT: dict[str, Callable[[], str]] = {
    "bool_type": lambda: gettext("true or false"),
    "bool_parsing": lambda: gettext("true or false"),
    "int_type": lambda: gettext("a whole number"),
    "int_parsing": lambda: gettext("a whole number"),
    "int_from_float": lambda: gettext("a whole number"),
    "float_type": lambda: gettext("a number"),
    "float_parsing": lambda: gettext("a number"),
    "string_type": lambda: gettext("a string"),
    "date_type": lambda: gettext("an ISO date YYYY-MM-DD"),
    "date_parsing": lambda: gettext("an ISO date YYYY-MM-DD"),
    "date_from_datetime_parsing": lambda: gettext("an ISO date YYYY-MM-DD"),
    "date_from_datetime_inexact": lambda: gettext("an ISO date YYYY-MM-DD"),
}


def _facts_error(cls: type, errors: list[Any]) -> FactsError:
    """pydantic's errors → the one FactsError that the API and the command show."""
    unknown = [e for e in errors if e["type"] in _UNKNOWN]
    if unknown:
        parent = min((tuple(e["loc"][:-1]) for e in unknown), key=len)
        names = [".".join(map(str, e["loc"])) for e in unknown if tuple(e["loc"][:-1]) == parent]
        owner = _walk(cls, (*parent, None))[0] if parent else cls
        return FactsError(
            ", ".join(names),
            gettext("unknown field name(s) %(names)s; known here: %(known)s")
            % {"names": ", ".join(names), "known": ", ".join(_fields_of(owner))},
        )
    error = errors[0]
    loc = tuple(error["loc"])
    path = ".".join(map(str, loc))
    kind, value = error["type"], error.get("input")
    info = _walk(cls, loc)[1] if loc else None
    if kind == "missing":
        return FactsError(path, gettext("this field is required"))
    if kind in _OBJECT:
        return FactsError(
            path, gettext("expected a JSON object, got %(value)s") % {"value": describe(value)}
        )
    if kind in ("literal_error", "enum"):
        return _expected(path, _choices_text(info), value)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _expected(path, _bounds_text(info), value)
    what = _WHAT.get(kind)
    if what is not None:
        return _expected(path, what(), value)
    return FactsError(path, str(error.get("msg", kind)))


def missing_facts_note(names: list[str]) -> str:
    """The note of a `manual_review` answer whose facts lack what the answer needs (LAW.md §10:
    an absent fact is "no such fact", never an error; the engines name what they need)."""
    return gettext("The answer needs facts the object lacks: %(names)s.") % {
        "names": ", ".join(names)
    }


def dob_after_ref_date(data: Any) -> None:
    """A FactsError when the facts' `dob` is after their `ref_date` (both present)."""
    dob, ref_date = getattr(data, "dob", None), getattr(data, "ref_date", None)
    if dob is not None and ref_date is not None and dob > ref_date:
        raise FactsError(
            "dob",
            gettext("the date of birth %(dob)s is after ref_date %(ref)s")
            % {"dob": dob.isoformat(), "ref": ref_date.isoformat()},
        )


def with_ref_date(data: Any) -> Any:
    """The JSON facts with `ref_date` today (local date) when absent or null."""
    if isinstance(data, dict) and data.get("ref_date") is None:
        return {**data, "ref_date": timezone.localdate().isoformat()}
    return data
