"""Generic "assess" engines: parse a JSON facts object, run a domain's pure rules, answer JSON.

LAW.md §10 describes one engine per domain, exposed the same way by the API and by the
`garrison assess DOMAIN FILE.json` command. A domain registers its engine once, at import of its
facts module (the app's `AppConfig.ready()` imports it):

    register_engine("name", parse=parse_facts, assess=lambda facts: answer_dict)

`run(name, payload)` takes one facts object (→ one answer) or a list of them (→ a list of answers
in the same order). Bad input raises `FactsError`, which names the offending field
(`family.foo`, `[2].dob`) so that the API can answer 422 and the command can say what to fix.

`parse_dataclass` is a small, strict JSON → frozen-dataclass reader that engines may use: field
names are the dataclass field names (or `metadata={"json": ...}` when the JSON name is a Python
keyword), absent or null fields take the dataclass default, unknown names and malformed values are
errors. It understands bool, int, float, str, `Literal[...]`, `datetime.date` (ISO YYYY-MM-DD),
nested dataclasses and `X | None`; `metadata={"min": ..., "max": ...}` bounds numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, TypeVar

from django.utils.translation import gettext

T = TypeVar("T")

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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

    Every element is parsed before any is assessed, so a bad element i fails the whole call with
    a FactsError located at `[i].field`."""
    engine = get_engine(name)
    if isinstance(payload, dict):
        return engine.assess(engine.parse(payload))
    if isinstance(payload, list):
        parsed = []
        for index, item in enumerate(payload):
            try:
                parsed.append(engine.parse(_require_object(item, "")))
            except FactsError as error:
                raise error.at_index(index) from None
        return [engine.assess(facts) for facts in parsed]
    raise FactsError(
        "",
        gettext("expected a JSON object or a list of JSON objects, got %(value)s")
        % {"value": describe(payload)},
    )


# --- strict JSON → dataclass reader ------------------------------------------------------------


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


def _json_name(field: dataclasses.Field[Any]) -> str:
    return str(field.metadata.get("json", field.name))


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


@functools.cache
def _fields(cls: type) -> dict[str, dataclasses.Field]:
    return {_json_name(f): f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of a dataclass (resolving them is slow: once per class)."""
    return typing.get_type_hints(cls)


def parse_dataclass(cls: type[T], data: Any, *, prefix: str = "") -> T:
    """Build the frozen dataclass `cls` from a JSON object (see the module docstring).

    Raises FactsError naming unknown fields (all of them, dotted), a missing required field, or
    the first malformed value with what was expected."""
    obj = _require_object(data, prefix)
    fields = _fields(cls)
    unknown = [_join(prefix, key) for key in obj if key not in fields]
    if unknown:
        raise FactsError(
            ", ".join(unknown),
            gettext("unknown field name(s) %(names)s; known here: %(known)s")
            % {"names": ", ".join(unknown), "known": ", ".join(fields)},
        )
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for json_name, field in fields.items():
        path = _join(prefix, json_name)
        value = obj.get(json_name)
        if value is None:
            if (
                field.default is dataclasses.MISSING
                and field.default_factory is dataclasses.MISSING
            ):
                raise FactsError(path, gettext("this field is required"))
            continue
        values[field.name] = _convert(hints[field.name], value, path, field.metadata)
    return cls(**values)


def _convert(hint: Any, value: Any, path: str, meta: Any) -> Any:
    """Check and convert one non-null JSON value to the type `hint`."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(options) == 1:
            return _convert(options[0], value, path, meta)
        raise TypeError(f"unsupported union {hint!r} at {path}")
    if origin is Literal:
        return _choice(typing.get_args(hint), value, path)
    if dataclasses.is_dataclass(hint):
        return parse_dataclass(hint, value, prefix=path)  # type: ignore[arg-type]
    converter = _CONVERTERS.get(hint)
    if converter is None:
        raise TypeError(f"unsupported type {hint!r} at {path}")
    result = converter(value, path)
    _check_bounds(result, path, meta)
    return result


def _expected(path: str, what: str, value: Any) -> FactsError:
    return FactsError(
        path,
        gettext("expected %(what)s, got %(value)s") % {"what": what, "value": describe(value)},
    )


def _choice(choices: tuple[Any, ...], value: Any, path: str) -> Any:
    if value not in choices or isinstance(value, bool):
        listed = ", ".join(describe(choice) for choice in choices)
        raise _expected(path, gettext("one of %(choices)s") % {"choices": listed}, value)
    return value


def _to_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _expected(path, gettext("true or false"), value)
    return value


def _to_int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _expected(path, gettext("a whole number"), value)
    return value


def _to_float(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _expected(path, gettext("a number"), value)
    return float(value)


def _to_str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _expected(path, gettext("a string"), value)
    return value


def _to_date(value: Any, path: str) -> date:
    what = gettext("an ISO date YYYY-MM-DD")
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise _expected(path, what, value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _expected(path, what, value) from None


_CONVERTERS: dict[Any, Callable[[Any, str], Any]] = {
    bool: _to_bool,
    int: _to_int,
    float: _to_float,
    str: _to_str,
    date: _to_date,
}


def _check_bounds(value: Any, path: str, meta: Any) -> None:
    low, high = meta.get("min"), meta.get("max")
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            what = gettext("a value from %(low)s to %(high)s") % {"low": low, "high": high}
        elif low is not None:
            what = gettext("a value of at least %(low)s") % {"low": low}
        else:
            what = gettext("a value of at most %(high)s") % {"high": high}
        raise _expected(path, what, value)
