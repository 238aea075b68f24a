"""The people API: generated from the Person register's declaration (`views.PersonConfig`)."""

from __future__ import annotations

from ninja import Router

from garrison.core.api_routes import add_register_routes

from .views import PersonConfig

router = Router(tags=["people"])
add_register_routes(router, PersonConfig)
