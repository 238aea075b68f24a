"""Which dates may lie ahead: every model says so, and the model refuses the others.

A register mostly records what has happened — a birth, a registration, an examination, a
decision, a session held — and such a date cannot be later than today. A few dates are plans or
terms: a deadline, the end of a deferment, the day a call-up order says to report. Each model
that holds dates declares the latter, by field name:

    class Directive(ScopedModel, VersionedModel):
        future_dates = ("due_on",)  # every other date of the row is a past event

and `DateBoundsModel.clean_fields()` refuses, with a message naming the field, any other
editable DateField or DateTimeField later than today (the local date in Asia/Ho_Chi_Minh,
`timezone.localdate()`). Because it runs in `full_clean()`, the page forms (a ModelForm cleans
its instance), the generated API (which validates through the same form) and the services that
call `full_clean()` refuse alike.

It also refuses dates too old to be true:

- `birth_dates` (e.g. a person's date of birth): more than MAX_AGE = 120 years before today (no
  one alive is older; the oldest person ever recorded lived 122 years);
- any other date: before EARLIEST = 2 September 1945, the founding of the Democratic Republic of
  Viet Nam. Every register here (military service, militia and self-defence, reserve, cadres,
  directives and reports) records the acts of that state's institutions about living people;
  a date before it is a typing slip (1925 for 2025), not history.

Fields the system fills (`editable=False`: timestamps, computed terms) are not checked: no user
types them. A model with date fields that is left undeclared (`future_dates is None`) treats all
its dates as past events, and the test over every model fails until it declares.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext

from .dates import add_years

#: the oldest date any register accepts (see the module docstring)
EARLIEST = datetime.date(1945, 9, 2)
#: a date of birth more than this many years ago is refused
MAX_AGE = 120


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    """The local calendar day of a date or a datetime."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            return timezone.localdate(value)
        return value.date()
    return value


def _show(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def date_fields(model: type[models.Model]) -> list[models.DateField]:
    """The dates of `model` a user can type (DateTimeField is a DateField subclass)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField) and f.editable and not (f.auto_now or f.auto_now_add)
    ]


def date_problem(
    model: type[models.Model], field: models.DateField, value: Any, today: datetime.date
) -> str | None:
    """Why `value` cannot be `field`'s date on `today`, or None when it can."""
    if not isinstance(value, datetime.date):
        return None
    day = _day(value)
    label = str(field.verbose_name)
    label = label[:1].upper() + label[1:]
    if field.name not in (getattr(model, "future_dates", None) or ()) and day > today:
        return gettext(
            "%(field)s cannot be later than today (%(today)s): %(value)s has not come yet, and "
            "this date records something that has already happened."
        ) % {"field": label, "today": _show(today), "value": _show(day)}
    if field.name in (getattr(model, "birth_dates", None) or ()):
        oldest = add_years(today, -MAX_AGE)
        if day < oldest:
            return gettext(
                "%(field)s %(value)s is more than %(years)d years ago: check the year."
            ) % {"field": label, "value": _show(day), "years": MAX_AGE}
    elif day < EARLIEST:
        return gettext(
            "%(field)s %(value)s is before %(earliest)s, earlier than any record this register "
            "keeps: check the year."
        ) % {"field": label, "value": _show(day), "earliest": _show(EARLIEST)}
    return None


class DateBoundsModel(models.Model):
    """Base of every Garrison model with dates: declare which of them may lie ahead."""

    #: names of the date fields that may lie in the future (plans, terms, deadlines); None
    #: until the model declares it (then every date is a past event)
    future_dates: ClassVar[tuple[str, ...] | None] = None
    #: names of the dates of birth (refused when older than MAX_AGE years)
    birth_dates: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, list[Any]] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skip = set(exclude or ()) | set(errors)
        today = timezone.localdate()
        for field in date_fields(type(self)):
            if field.name in skip:
                continue
            problem = date_problem(type(self), field, getattr(self, field.attname), today)
            if problem:
                errors.setdefault(field.name, []).append(ValidationError(problem, code="date"))
        if errors:
            raise ValidationError(errors)
