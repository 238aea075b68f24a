"""The commands API: generated from the military command declaration (`views`)."""

from __future__ import annotations

from ninja import Router

from garrison.core.api_routes import add_register_routes

from .views import MilitaryCommandConfig

router = Router(tags=["commands"])
add_register_routes(router, MilitaryCommandConfig)
