"""The demo sign-ins of Điện Biên: create or update the accounts (a commune account is named
after its commune's Commander in post), and list them for the console."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from garrison.accounts.models import User
from garrison.accounts.rules import Role
from garrison.commands.models import Assignment
from garrison.commands.rules import Position
from garrison.territory.models import Commune, Province

from .dienbien_data import DEMO_USERS, PASSWORD


def ensure_users(province: Province, *, set_password: bool) -> int:
    """Create or update the demo accounts (role, scope, name; a commune account is named
    after its commune's Commander in post). The password is set to `PASSWORD` when
    `set_password` or when the account is new."""
    communes = {
        c.name: c
        for c in Commune.objects.filter(
            province=province, name__in=[d.commune for d in DEMO_USERS if d.commune]
        )
    }
    commanders = {
        commune_id: (person_id, name)
        for commune_id, person_id, name in Assignment.objects.current()
        .filter(commune__in=communes.values(), position=Position.COMMANDER)
        .order_by("start_date")
        .values_list("commune_id", "person_id", "person__full_name")
    }
    password_hash = ""  # hashed once for all the accounts, and only if needed
    for demo in DEMO_USERS:
        commune = communes[demo.commune] if demo.commune else None
        full_name = demo.full_name
        person_id = None
        if commune is not None:
            person_id, full_name = commanders.get(commune.pk, (None, ""))
            full_name = full_name or f"Chỉ huy trưởng {commune.name}"
        user, created = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "role": demo.role,
                "province": None if demo.nation else province,
                "commune": commune,
                "full_name": full_name,
                "person_id": person_id,
                "is_active": True,
            },
        )
        if created or set_password:
            password_hash = password_hash or make_password(PASSWORD)
            user.password = password_hash
            user.save(update_fields=["password"])
    return len(DEMO_USERS)


def logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, scope) of each demo account, for the console."""
    rows = []
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS]).select_related(
            "province", "commune"
        )
    }
    for demo in DEMO_USERS:
        user = users.get(demo.username)
        if user is None:
            continue
        rows.append((user.username, PASSWORD, str(Role(user.role).label), user.scope_label))
    return rows
