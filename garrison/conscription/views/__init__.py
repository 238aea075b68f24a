"""Pages of the military-service register, declared on core's generic views: each register is a
ModelConfig; each state change is an ObjectAction that calls one service. Importing this package
registers them all."""

from .campaign import CampaignConfig, CommuneQuotaConfig
from .pool import AdmissionConfig, CallUpOrderConfig, CandidateConfig
from .register import (
    DeclaredRelationshipConfig,
    ServiceRecordConfig,
    TransferConfig,
    person_service_panel,
)

__all__ = [
    "AdmissionConfig",
    "CallUpOrderConfig",
    "CampaignConfig",
    "CandidateConfig",
    "CommuneQuotaConfig",
    "DeclaredRelationshipConfig",
    "ServiceRecordConfig",
    "TransferConfig",
    "person_service_panel",
]
