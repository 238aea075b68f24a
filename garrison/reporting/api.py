"""The reporting API: one router joining the routes of its sub-domains, each in its own module
with its helpers — directives (directives/api.py: list, read, create and send, attach files,
amend and remind for the province; the receipts, acknowledge and report completion with files
for the commune), returns (returns/api.py: report forms with their current version's fields and
rules; returns listed, read, started or saved, submitted, returned, approved one by one or many
at once) and the reporting rate (rates/api.py). Every endpoint parses, scopes, calls a service,
returns."""

from __future__ import annotations

from ninja import Router

from .directives.api import router as directives_router
from .rates.api import router as rates_router
from .returns.api import router as returns_router

router = Router()
for _routes in (directives_router, returns_router, rates_router):
    router.add_router("", _routes)

__all__ = ["router"]
