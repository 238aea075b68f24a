"""The commands API: generated from the military command declaration (`views`)."""

from __future__ import annotations

from ninja import Router

from garrison.core.api_routes import add_register_routes

from .views import (
    AssignmentConfig,
    MilitaryCommandConfig,
    PredecessorUnitConfig,
    ReorganisationConfig,
    StaffingQuotaConfig,
)

router = Router(tags=["commands"])
for _config in (
    MilitaryCommandConfig,
    StaffingQuotaConfig,
    AssignmentConfig,
    ReorganisationConfig,
    PredecessorUnitConfig,
):
    add_register_routes(router, _config)
