"""Every state change of the cadres app: one function per action, atomic, scoped, audited."""

from .decisions import do_issue_decision, do_revoke_decision, sync_serving_commune
from .placement import (
    do_approve_run,
    do_create_run,
    do_discard_run,
    do_remove_pin,
    do_set_pin,
    do_solve_run,
)

__all__ = [
    "do_approve_run",
    "do_create_run",
    "do_discard_run",
    "do_issue_decision",
    "do_remove_pin",
    "do_revoke_decision",
    "do_set_pin",
    "do_solve_run",
    "sync_serving_commune",
]
