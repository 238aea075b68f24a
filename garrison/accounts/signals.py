"""Audit registration for accounts (every change of a user is logged)."""

from auditlog.registry import auditlog

from .models import User

auditlog.register(User, exclude_fields=["password", "last_login", "version", "updated_at"])
