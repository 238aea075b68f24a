"""The accounts API: generated from the user register's declaration (`views.UserConfig`)."""

from __future__ import annotations

from ninja import Router

from garrison.core.api_routes import add_register_routes

from .views import UserConfig

router = Router(tags=["accounts"])
add_register_routes(router, UserConfig)
