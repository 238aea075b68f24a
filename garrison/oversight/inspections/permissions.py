"""Who may do what with inspections, findings and corrective actions, read from the user's scope
and write grants (never from the role name). Page buttons, API routes and services ask these.

- The province's inspector (grant "inspection", `accounts.rules.Grant`) writes the province's
  plan, checklists, inspections, findings and actions; verifies or returns an action's answer;
  closes a finding without action. A superuser (the nation, holding every grant) may too.
- The inspected commune reads its own findings and actions (scoping does it) and answers its
  own actions (what was done, the evidence) while they are open or returned: a writing role of
  the action's commune (its staff or Commander), through the answer's service only.
- The province's staff and the Ministry read; they change nothing here.
"""

from __future__ import annotations

from typing import Any

from garrison.accounts.rules import Grant
from garrison.core.scoping import COMMUNE, PROVINCE_WRITES, scope_of, writes_at

from . import rules

__all__ = [
    "can_add_action",
    "can_answer_action",
    "can_close_finding",
    "can_new_checklist_version",
    "can_publish_checklist_version",
    "can_record_checklist",
    "can_record_finding",
    "can_return_action",
    "can_verify_action",
    "can_view_plan_page",
    "can_write_inspections",
]


def _in_province(user: Any, province_id: int | None) -> bool:
    """The row's province lies in the user's scope (the nation: every province, and the
    Ministry's own rows of no province; a province: its own)."""
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.is_nation:
        return True
    return province_id is not None and province_id == scope.province_id


def can_write_inspections(user: Any, obj: Any = None) -> bool:
    """The inspector of the province (or the nation) writes inspection rows; `obj`: a row with
    a `province_id` (a plan, a checklist template, an inspection, a finding, an action)."""
    if not writes_at(user, PROVINCE_WRITES, Grant.INSPECTION):
        return False
    return obj is None or _in_province(user, getattr(obj, "province_id", None))


def can_record_finding(user: Any, obj: Any = None) -> bool:
    """Records a finding of an inspection (`obj`) that names at least one commune."""
    if not can_write_inspections(user, obj):
        return False
    return obj is None or obj.targets.exists()


def can_record_checklist(user: Any, obj: Any = None) -> bool:
    """Records the checklist of an inspection (`obj`) that follows one and names a commune."""
    if not can_record_finding(user, obj):
        return False
    return obj is None or obj.checklist_version_id is not None


def can_add_action(user: Any, obj: Any = None) -> bool:
    """Gives a corrective action on an open finding (`obj`)."""
    if not can_write_inspections(user, obj):
        return False
    return obj is None or rules.may_add_action(obj.state)


def can_close_finding(user: Any, obj: Any = None) -> bool:
    """Closes an open finding (`obj`) that has no action, with a reason."""
    if not can_write_inspections(user, obj):
        return False
    return obj is None or rules.may_close(obj.state, obj.actions.values_list("state", flat=True))


def can_answer_action(user: Any, obj: Any = None) -> bool:
    """A writing role of the action's commune (its staff or Commander) answers the action
    (`obj`) while it is open or returned."""
    if not writes_at(user, {COMMUNE}):
        return False
    if obj is None:
        return True
    scope = scope_of(user)
    assert scope is not None
    return obj.commune_id == scope.commune_id and rules.may_answer(obj.state)


def can_verify_action(user: Any, obj: Any = None) -> bool:
    """The inspector accepts the answer of an action (`obj`) waiting for verification."""
    if not can_write_inspections(user, obj):
        return False
    return obj is None or rules.may_verify(obj.state)


def can_return_action(user: Any, obj: Any = None) -> bool:
    """The inspector refuses the answer of an action (`obj`), with a reason."""
    if not can_write_inspections(user, obj):
        return False
    return obj is None or rules.may_return(obj.state)


def _template_province(obj: Any) -> Any:
    """A checklist template's province, for a template or one of its versions."""
    template = getattr(obj, "template", obj)
    return template.province_id


def can_publish_checklist_version(user: Any, obj: Any = None) -> bool:
    """Publishes a draft version (`obj`) of a checklist of the user's province (the nation: of
    the Ministry's or any province's)."""
    if not writes_at(user, PROVINCE_WRITES, Grant.INSPECTION):
        return False
    if obj is None:
        return True
    return obj.is_draft and _in_province(user, _template_province(obj))


def can_new_checklist_version(user: Any, obj: Any = None) -> bool:
    """Opens a new version of a checklist template (`obj`) whose versions are all published."""
    if not writes_at(user, PROVINCE_WRITES, Grant.INSPECTION):
        return False
    if obj is None:
        return True
    has_draft = obj.versions.filter(published_at__isnull=True).exists()
    return not has_draft and _in_province(user, _template_province(obj))


def can_view_plan_page(user: Any, obj: Any = None) -> bool:
    """The year's plan, open findings and overdue actions by commune: the province's (staff and
    inspector) and the Ministry's pages; a commune has its own findings and actions lists."""
    scope = scope_of(user)
    return scope is not None and not scope.is_commune
