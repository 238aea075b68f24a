"""API authentication: a per-user API token (`Authorization: Bearer <token>`) or the browser's
session. The project's NinjaAPI (`garrison/api.py`) takes `auth_methods()`."""

from __future__ import annotations

import contextlib
from typing import Any

from auditlog.context import auditlog_value
from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from .models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a per-user API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
            # the audit middleware ran before authentication: give it the token's user
            with contextlib.suppress(LookupError):  # no audit context outside a request
                auditlog_value.get()["actor"] = user
        return user


def auth_methods() -> list:
    """Token first, then the session (django-ninja tries them in order)."""
    return [TokenAuth(), django_auth]
