"""The JSON API under /api/: one NinjaAPI, a router per app, session or token auth."""

from __future__ import annotations

from garrison.accounts.api import router as accounts_router
from garrison.accounts.auth import auth_methods
from garrison.cadres.api import router as cadres_router
from garrison.commands.api import router as commands_router
from garrison.conscription.api import router as conscription_router
from garrison.core.api import JsonNinjaAPI, install_error_handlers
from garrison.forces.api import router as forces_router
from garrison.operations.api import router as operations_router
from garrison.oversight.api import router as oversight_router
from garrison.people.api import router as people_router
from garrison.reporting.api import router as reporting_router
from garrison.territory.api import router as territory_router

api = JsonNinjaAPI(
    title="Garrison API",
    version="1",
    description=(
        "Scoped JSON API of Garrison. Authenticate with the session cookie (browser) or a "
        "per-user API token: `Authorization: Bearer <token>` (create one under Account → API "
        'tokens). Lists answer `{"count": N, "items": [...]}` and take `limit`/`offset`. '
        "Rows outside your scope answer 404. Units are named by their official codes "
        "(province 11 is Điện Biên; commune codes as in vietnam-provinces). A body is a JSON "
        'object whose fields have the types the schema gives: a date is text ("2026-05-01"), '
        "a flag true or false, a number a number; `null` empties a field the schema marks "
        'nullable. A refusal answers `{"detail": …}`, and with 400 and 422 also '
        '`"errors": {field: [messages]}` ("body" when the body itself is wrong).'
    ),
    auth=auth_methods(),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("", territory_router)
api.add_router("", commands_router)
api.add_router("", people_router)
api.add_router("", conscription_router)
api.add_router("", forces_router)
api.add_router("", reporting_router)
api.add_router("", operations_router)
api.add_router("", oversight_router)
api.add_router("", cadres_router)
api.add_router("", accounts_router)
