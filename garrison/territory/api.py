"""The territory API: generated from the province, commune and village declarations (`views`)."""

from __future__ import annotations

from ninja import Router

from garrison.core.api_routes import add_register_routes

from .views import CommuneConfig, ProvinceConfig, VillageConfig

router = Router(tags=["territory"])
add_register_routes(router, ProvinceConfig)
add_register_routes(router, CommuneConfig)
add_register_routes(router, VillageConfig)
