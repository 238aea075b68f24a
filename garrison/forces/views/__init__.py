"""Pages of the forces registers, declared on core's generic views: each register is a
ModelConfig, each state change an ObjectAction calling one service. Importing this package
registers them all."""

from .militia import ForceTargetConfig, MilitiaMemberConfig, MilitiaUnitConfig
from .reserve import ReserveUnitConfig, ReservistConfig, TechnicalMeansConfig
from .training import TrainingPlanConfig, TrainingSessionConfig

__all__ = [
    "ForceTargetConfig",
    "MilitiaMemberConfig",
    "MilitiaUnitConfig",
    "ReserveUnitConfig",
    "ReservistConfig",
    "TechnicalMeansConfig",
    "TrainingPlanConfig",
    "TrainingSessionConfig",
]
