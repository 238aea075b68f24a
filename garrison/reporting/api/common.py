"""What the reporting API's modules share: the router, the state names, and calling a service
so that a stale version answers 409 and a refused upload 422 naming `files`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from ninja import Router

from garrison.core.api import (
    ApiConflict,
    ApiFieldError,
    call_service,
)
from garrison.core.services import StaleEditError
from garrison.reporting import rules
from garrison.reporting.filters import STATE_CHOICES
from garrison.reporting.models import Submission

router = Router(tags=["reporting"])
STATES = [value for value, _label in STATE_CHOICES]
SUBMISSION_STATES = list(Submission.State.values)
FILES_HELP = (
    "PDF, Word (.docx), Excel (.xlsx), JPEG or PNG whose content matches its name; at most "
    f"{rules.MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB each and {rules.MAX_ATTACHMENTS} at once"
)


def call_or_conflict(service: Any, **kwargs: Any) -> Any:
    """`call_service`, and a stale `version` answers 409 with the current one."""
    try:
        return call_service(service, **kwargs)
    except StaleEditError as exc:
        raise ApiConflict(str(exc), getattr(exc.current, "version", None)) from exc


def call_with_files(service: Any, **kwargs: Any) -> Any:
    """`call_service` for a service given uploads: what its attachment checks refuse (type,
    content, size, count) answers 422 naming the request's `files` field."""
    try:
        return call_service(service, **kwargs)
    except ApiFieldError as exc:
        if "attachments" in exc.errors:
            exc.errors["files"] = exc.errors.pop("attachments")
            exc.status = 422
        raise


def file_rows(rows, route: str) -> list[dict]:
    return [
        {
            "id": a.pk,
            "name": a.name,
            "size": a.size,
            "url": reverse(route, kwargs={"pk": a.pk}),
        }
        for a in rows
    ]
