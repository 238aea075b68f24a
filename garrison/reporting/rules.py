"""Directive policy as pure functions (no ORM): lateness, and which files may be attached.

Interpretations taken:
- a receipt is *overdue* when it is not completed and today is after its due date (the due
  date itself is still in time);
- a completion is *late* when its date (Asia/Ho_Chi_Minh) is after the due date; the days late
  are counted in calendar days from the due date;
- acknowledgement has no deadline of its own: an unacknowledged receipt is overdue on the same
  terms as an uncompleted one (it cannot be completed without being acknowledged).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

#: the largest attachment accepted (each file)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: how many files one upload may carry
MAX_ATTACHMENTS = 10

#: allowed extensions and the first bytes every such file starts with
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def attachment_problem(name: str, size: int, head: bytes) -> str | None:
    """Why a file cannot be attached, or None: "type" (not an allowed extension), "content"
    (the bytes are not what the extension says), "size" (over the limit), "empty"."""
    ext = extension(name)
    if ext not in ALLOWED_TYPES:
        return "type"
    if size <= 0:
        return "empty"
    if size > MAX_ATTACHMENT_BYTES:
        return "size"
    if not any(head.startswith(magic) for magic in ALLOWED_TYPES[ext]):
        return "content"
    return None


def days_late(
    due_on: datetime.date, completed_on: datetime.date | None, today: datetime.date
) -> int:
    """Calendar days past the due date: of the completion, or (not completed) of today."""
    end = completed_on or today
    return max(0, (end - due_on).days)


def is_overdue(due_on: datetime.date, completed_on: datetime.date | None, today: datetime.date):
    return completed_on is None and today > due_on


def is_late(due_on: datetime.date, completed_on: datetime.date | None) -> bool:
    return completed_on is not None and completed_on > due_on


# --- report forms: the values a return holds and the rules across its fields -----------------
# A form version's fields and rules reach this module as plain dicts (no ORM):
#   field: {"key", "label", "kind": number|text|date|choice, "required", "choices": [...],
#           "indicator": "" or a registry code (a computed field)}
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
    required)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_value(field: dict, raw) -> object:
    """The stored form of one typed value (numbers as int or float, dates as ISO text), None
    when empty; ValueProblem when it does not fit the field."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if field.get("required") and not field.get("indicator"):
            raise ValueProblem("required")
        return None
    kind = field.get("kind", TEXT)
    if kind == NUMBER:
        if isinstance(raw, bool):
            raise ValueProblem("number")
        if isinstance(raw, int | float):
            number = raw
        else:
            text = str(raw).strip().replace(" ", "").replace(",", ".")
            try:
                number = float(text)
            except ValueError:
                raise ValueProblem("number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueProblem("number")
        if field.get("min_value") is not None and number < field["min_value"]:
            raise ValueProblem("min")
        return int(number) if float(number).is_integer() else float(number)
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


def rate(part: int, whole: int) -> float | None:
    """part/whole as a percentage with one decimal, None when nothing is expected."""
    return round(100.0 * part / whole, 1) if whole else None
