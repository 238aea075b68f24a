"""The reporting API. Directives: list, read, create (and send), attach files, send, amend and
remind for the province; the receipts, acknowledge and report completion (with files) for the
commune. Report forms: list and read with the current version's fields and rules. Returns: list,
read, start-or-save, submit (the commune), return, approve, approve many (the province). The
reporting rate of a form and period. Every endpoint parses, scopes, calls a service, returns."""

from . import directives, returns  # noqa: F401  (their endpoints join the router)
from .common import router

__all__ = ["router"]
