"""Report-form policy as pure functions (no ORM): the values a return holds (parsed from what the
commune types) and the rules across a version's fields."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from garrison.core.numbers import to_decimal

# --- report forms: the values a return holds and the rules across its fields -----------------
# A form version's fields and rules reach this module as plain dicts (no ORM):
#   field: {"key", "label", "kind": number|text|date|choice, "required", "choices": [...],
#           "whole": a number field of whole numbers only (a count; the default),
#           "min_value", "indicator": "" or a registry code (a computed field)}
#   rule:  {"left", "op", "right_field" or "right_value", "severity": block|warn, "message"}
NUMBER, TEXT, DATE, CHOICE = "number", "text", "date", "choice"
FIELD_KINDS = (NUMBER, TEXT, DATE, CHOICE)
BLOCK, WARN = "block", "warn"
OPERATORS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}
OPERATOR_SYMBOLS = {"<=": "≤", "<": "<", ">=": "≥", ">": ">", "==": "=", "!=": "≠"}


class ValueProblem(ValueError):
    """A typed value that does not fit its field: `code` says which way (number, date, choice,
    required); `detail`, for a number, what was typed and how to write it."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.detail = detail


def parse_value(field: dict, raw) -> object:
    """The stored form of one typed value (numbers as int or float, dates as ISO text), None
    when empty; ValueProblem when it does not fit the field. Numbers are read the Vietnamese or
    the English way (`core.numbers`: "0,5", "1.200", "1 200"); a count (`whole`, the default)
    takes whole numbers only."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if field.get("required") and not field.get("indicator"):
            raise ValueProblem("required")
        return None
    kind = field.get("kind", TEXT)
    if kind == NUMBER:
        try:
            number = to_decimal(raw, whole=field.get("whole", True))
        except ValidationError as exc:
            raise ValueProblem("number", " ".join(exc.messages)) from None
        if field.get("min_value") is not None and number < field["min_value"]:
            raise ValueProblem("min")
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == DATE:
        if isinstance(raw, datetime.date):
            return raw.isoformat()
        text = str(raw).strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValueProblem("date")
    if kind == CHOICE:
        text = str(raw).strip()
        if text not in field.get("choices", []):
            raise ValueProblem("choice")
        return text
    return str(raw).strip()


@dataclass(frozen=True)
class RuleOutcome:
    """A broken rule: which fields it names, whether it blocks submission, and the figures."""

    rule: dict
    left_value: object
    right_value: object

    @property
    def blocking(self) -> bool:
        return self.rule.get("severity", BLOCK) == BLOCK

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(k for k in (self.rule.get("left"), self.rule.get("right_field")) if k)


def broken_rules(values: dict, rules: list[dict]) -> list[RuleOutcome]:
    """The rules `values` break. A rule whose figures are not both numbers yet (a field left
    empty) is not judged: the required-field check speaks for empty fields."""
    broken = []
    for rule in rules:
        left = values.get(rule.get("left"))
        if rule.get("right_field"):
            right = values.get(rule["right_field"])
        else:
            right = rule.get("right_value")
        if not isinstance(left, int | float) or not isinstance(right, int | float):
            continue
        compare = OPERATORS.get(rule.get("op", "<="))
        if compare is None or compare(left, right):
            continue
        broken.append(RuleOutcome(rule, left, right))
    return broken
