"""Who may do what with user accounts: read alike by the pages' buttons, the API and the services.

Each function is `can_<action>(user, obj=None)`; the rows a user reaches at all are decided by
core.scoping, these decide which actions a role may take on them."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import writes_at

from .models import User
from .rules import USER_MANAGING_ROLES


def can_manage_users(user: Any, obj: User | None = None) -> bool:
    """Create, edit and import user accounts: a writing role at a level that writes accounts
    (the nation or a province) that is also one of the roles that manage users, or a superuser.
    With `obj`, that account must also lie in the user's scope and hold a role below the user's
    own (`rules.ROLE_RANK`, applied by `User.objects.editable_by`)."""
    if not writes_at(user, User.write_levels):
        return False
    if not (
        getattr(user, "is_superuser", False) or getattr(user, "role", None) in USER_MANAGING_ROLES
    ):
        return False
    return obj is None or User.objects.editable_by(user).filter(pk=obj.pk).exists()
