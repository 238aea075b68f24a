"""Who may do what with military commands and their staffing: read alike by the pages' buttons,
the API and the services (`can_<action>(user, obj=None)`)."""

from __future__ import annotations

from typing import Any

from garrison.core.scoping import writes_at

from .models import MilitaryCommand


def can_change_command(user: Any, command: MilitaryCommand | None = None) -> bool:
    """Edit a command and staff it (add holders, set the staffing table): the nation's and the
    provinces' writing roles; with `command`, only one in the user's scope."""
    if not writes_at(user, MilitaryCommand.write_levels):
        return False
    if command is None:
        return True
    return MilitaryCommand.objects.editable_by(user).filter(pk=command.pk).exists()
