"""Pages of the inspection registers, declared on core's generic views: the yearly plans, the
checklist templates with their versions and points (a draft version changes, a published one
never: "Publish", "New version"), the inspections (communes, team, checklist, findings and the
findings re-checked; "Record the checklist", "Record a finding"), the findings ("Add a
corrective action", "Close without action") and the corrective actions (the commune's "Answer",
the inspector's "Verify" and "Return"), each with its Excel export. Importing this module
registers them; the year's plan page and the conclusion's PDF are in pages.py."""

from .inspections import CorrectiveActionConfig, FindingConfig, InspectionConfig, due_cell
from .plans import (
    ChecklistItemConfig,
    ChecklistTemplateConfig,
    ChecklistVersionConfig,
    InspectionPlanConfig,
)

__all__ = [
    "ChecklistItemConfig",
    "ChecklistTemplateConfig",
    "ChecklistVersionConfig",
    "CorrectiveActionConfig",
    "FindingConfig",
    "InspectionConfig",
    "InspectionPlanConfig",
    "due_cell",
]
