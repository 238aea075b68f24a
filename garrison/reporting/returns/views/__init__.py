"""The pages of report forms and returns: the registers declared on core's generic views
(registers.py: forms, versions, fields, rules, returns) and the hand-made pages around a return
(fill.py: the commune's "Reports to make" and fill page, the province's "Reports to approve").
Importing this package registers them."""

from . import fill, registers

__all__ = ["fill", "registers"]
