"""Every state change of readiness events and plans, one function each: create an event,
declare it (one row per commune reached, in one INSERT), close it; create a plan (possibly as a
copy of the commune's plan for the previous similar event), edit it, submit it, return it with a
reason, approve it, approve many. Each checks who acts (`permissions`), validates (`rules`) and
writes in one transaction; django-auditlog records the rows saved."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.commands.models import Assignment
from garrison.commands.rules import commune_command_name, provincial_command_name
from garrison.core.notify import notify_communes, notify_provinces
from garrison.core.services import do_create_object, do_update_object, require_editable
from garrison.forces.models import MilitiaMember, MilitiaUnit
from garrison.territory.models import Commune

from . import rules
from .models import REACH_FLAGS, EventReach, EventTarget, PlanStatus, ReadinessEvent, ReadinessPlan
from .permissions import (
    can_close_event,
    can_decide_plan,
    can_declare_event,
    can_file_plan,
)

__all__ = [
    "BulkResult",
    "do_approve_plan",
    "do_bulk_approve_plans",
    "do_close_event",
    "do_create_event",
    "do_create_plan",
    "do_declare_event",
    "do_return_plan",
    "do_submit_plan",
    "do_update_plan",
    "document_errors",
    "plan_pdf_context",
    "reached_communes",
]


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- the signed document -------------------------------------------------------------------------
def document_errors(upload: UploadedFile | None) -> list[str]:
    """What is wrong with the signed plan's file (type, content, size), in the user's language."""
    if not upload or not hasattr(upload, "read"):
        return []
    head = upload.read(16)
    upload.seek(0)
    name = upload.name or ""
    problem = rules.document_problem(name, upload.size or 0, head)
    if problem == "type":
        return [
            _(
                "%(name)s cannot be the signed plan: only PDF, Word (.docx), JPEG and PNG files "
                "are accepted."
            )
            % {"name": name}
        ]
    if problem == "content":
        return [
            _(
                "%(name)s is not really a %(ext)s file (its content does not match its name): "
                "save it again in that format and attach it."
            )
            % {"name": name, "ext": rules.extension(name).upper()}
        ]
    if problem == "size":
        return [
            _("%(name)s is larger than %(mb)d MB: compress or split it.")
            % {"name": name, "mb": rules.MAX_DOCUMENT_BYTES // (1024 * 1024)}
        ]
    if problem == "empty":
        return [_("%(name)s is empty.") % {"name": name}]
    return []


def _check_document(plan: ReadinessPlan) -> None:
    upload = plan.document.file if plan.document and not plan.document._committed else None
    errors = document_errors(upload)
    if errors:
        raise ValidationError({"document": errors})


# --- events --------------------------------------------------------------------------------------
def reached_communes(event: ReadinessEvent):
    """The communes an event reaches: all of its province's (every commune of the nation for a
    Ministry event), the chosen ones, or those with the reach's flag."""
    communes = Commune.objects.all()
    if event.province_id is not None:
        communes = communes.filter(province_id=event.province_id)
    if event.reach == EventReach.CHOSEN:
        return communes.filter(pk__in=event.chosen_communes.values("pk"))
    flag = REACH_FLAGS.get(EventReach(event.reach))
    if flag:
        communes = communes.filter(**{flag: True})
    return communes


def _require_declarer(actor: Any, event: ReadinessEvent | None = None) -> None:
    if not can_declare_event(actor, event if event is not None and event.pk else None):
        raise PermissionDenied(
            _("Only a province's staff (or the Ministry) declare readiness events.")
        )


def do_create_event(
    *, actor: Any, event: ReadinessEvent, chosen_communes: Iterable[Commune] = ()
) -> ReadinessEvent:
    """Save a new draft event of the actor's province (none for the Ministry)."""
    _require_declarer(actor)
    chosen = list(chosen_communes)
    strangers = [
        c.name
        for c in chosen
        if event.province_id is not None and c.province_id != event.province_id
    ]
    if strangers:
        raise ValidationError(
            {
                "chosen_communes": _("%(names)s are not communes of your province.")
                % {"names": ", ".join(strangers)}
            }
        )
    event.status = ReadinessEvent.Status.DRAFT
    with transaction.atomic():
        do_create_object(actor=actor, instance=event)
        event.chosen_communes.set(chosen)
    return event


def do_declare_event(*, actor: Any, event: ReadinessEvent) -> int:
    """Declare a draft: one EventTarget per commune reached (one INSERT, whatever the count),
    each owing the event's plan due date, patrols per week and duty strength. Returns how many
    communes it reaches. Refused when it reaches none."""
    require_editable(actor, event)
    _require_declarer(actor, event)
    with transaction.atomic():
        event = ReadinessEvent.objects.select_for_update().get(pk=event.pk)
        if event.status != ReadinessEvent.Status.DRAFT:
            raise ValidationError(
                _("This event has already been declared: it can no longer be declared again.")
            )
        today = timezone.localdate()
        if event.plan_due_on < today:
            raise ValidationError(
                {
                    "plan_due_on": _(
                        "Plans would be due on %(day)s, already past: choose a later day."
                    )
                    % {"day": event.plan_due_on.strftime("%d/%m/%Y")}
                }
            )
        rows = list(reached_communes(event).values_list("pk", "province_id"))
        if not rows:
            raise ValidationError(_no_commune_reason(event))
        EventTarget.objects.bulk_create(
            [
                EventTarget(
                    event_id=event.pk,
                    commune_id=commune_id,
                    province_id=province_id,
                    plan_due_on=event.plan_due_on,
                    patrols_per_week=event.patrols_per_week,
                    duty_strength=event.duty_strength,
                )
                for commune_id, province_id in rows
            ],
            batch_size=5000,
        )
        event.status = ReadinessEvent.Status.DECLARED
        event.declared_at = timezone.now()
        event.declared_by = _user(actor)
        event.save(update_fields=["status", "declared_at", "declared_by", "updated_at"])
        communes = [commune_id for commune_id, _province in rows]
        text = _declared_text(event)
        transaction.on_commit(
            lambda: notify_communes(communes, "readiness", lambda: text, _event_url(event))
        )
    return len(rows)


def _no_commune_reason(event: ReadinessEvent) -> dict[str, str]:
    if event.reach == EventReach.CHOSEN:
        return {"chosen_communes": _("No commune is chosen: choose the communes it reaches.")}
    return {
        "reach": _(
            "This event reaches the %(reach)s and there are none: it would reach no commune. "
            "Choose other communes concerned."
        )
        % {"reach": event.get_reach_display()}
    }


def _declared_text(event: ReadinessEvent) -> str:
    return _("Readiness event declared: %(name)s, %(start)s–%(end)s; plan due %(due)s.") % {
        "name": event.name,
        "start": event.starts_on.strftime("%d/%m/%Y"),
        "end": event.ends_on.strftime("%d/%m/%Y"),
        "due": event.plan_due_on.strftime("%d/%m/%Y"),
    }


def _event_url(event: ReadinessEvent) -> str:
    from django.urls import reverse

    return reverse("operations:event_detail", kwargs={"pk": event.pk})


def _plan_url(plan: ReadinessPlan) -> str:
    from django.urls import reverse

    return reverse("operations:plan_detail", kwargs={"pk": plan.pk})


def do_close_event(*, actor: Any, event: ReadinessEvent) -> ReadinessEvent:
    """Close a declared event (it is over): its plans and targets are kept as they are."""
    require_editable(actor, event)
    with transaction.atomic():
        event = ReadinessEvent.objects.select_for_update().get(pk=event.pk)
        if not can_close_event(actor, event):
            if can_declare_event(actor, event):
                raise ValidationError(
                    _("Only a declared event can be closed: this one is %(status)s.")
                    % {"status": event.get_status_display()}
                )
            raise PermissionDenied(_("You may not change this record."))
        event.status = ReadinessEvent.Status.CLOSED
        event.save(update_fields=["status", "updated_at"])
    return event


# --- plans ---------------------------------------------------------------------------------------
def _require_filer(actor: Any, plan: ReadinessPlan) -> None:
    if not can_file_plan(actor, plan):
        raise PermissionDenied(_("Only the commune's own command files and edits its plan."))


def _check_standby(
    plan: ReadinessPlan,
    units: Iterable[MilitiaUnit],
    members: Iterable[MilitiaMember],
    staff: Iterable[Assignment],
) -> None:
    errors: dict[str, list[str]] = {}
    outside = [str(u) for u in units if u.commune_id != plan.commune_id]
    if outside:
        errors["standby_units"] = [
            _("%(names)s are not units of your commune.") % {"names": ", ".join(outside)}
        ]
    outside = [str(m) for m in members if m.commune_id != plan.commune_id]
    if outside:
        errors["standby_members"] = [
            _("%(names)s are not militia members of your commune.") % {"names": ", ".join(outside)}
        ]
    outside = [str(a) for a in staff if a.commune_id != plan.commune_id]
    if outside:
        errors["standby_staff"] = [
            _("%(names)s do not hold a post in your commune's command.")
            % {"names": ", ".join(outside)}
        ]
    if errors:
        raise ValidationError(errors)


def previous_plan(plan: ReadinessPlan) -> ReadinessPlan | None:
    """The commune's plan for the event's previous similar event, if there is one."""
    previous_id = plan.event.previous_id
    if previous_id is None:
        return None
    return ReadinessPlan.objects.filter(event_id=previous_id, commune_id=plan.commune_id).first()


def do_create_plan(
    *,
    actor: Any,
    plan: ReadinessPlan,
    standby_units: Iterable[MilitiaUnit] = (),
    standby_members: Iterable[MilitiaMember] = (),
    standby_staff: Iterable[Assignment] = (),
    start_from_previous: bool = False,
) -> ReadinessPlan:
    """File a draft plan of the actor's commune for an event that reaches it (one plan per
    event). `start_from_previous`: copy the commune's plan for the event's previous similar
    event — its texts (where this plan's are empty) and its standby choices, keeping only the
    members still serving and the staff still in post."""
    _require_filer(actor, plan)
    event = plan.event
    declared = ReadinessEvent.objects.filter(pk=event.pk, status=ReadinessEvent.Status.DECLARED)
    if not (
        declared.exists()
        and EventTarget.objects.filter(event_id=event.pk, commune_id=plan.commune_id).exists()
    ):
        raise ValidationError(
            {"event": _("This event does not concern your commune: choose one that reaches it.")}
        )
    if ReadinessPlan.objects.filter(event_id=event.pk, commune_id=plan.commune_id).exists():
        raise ValidationError(
            {"event": _("Your commune already has a plan for this event: open it and edit it.")}
        )
    units, members, staff = list(standby_units), list(standby_members), list(standby_staff)
    source = None
    if start_from_previous:
        source = previous_plan(plan)
        if source is None:
            raise ValidationError(
                {
                    "start_from_previous": _(
                        "Your commune has no plan for the previous similar event to start "
                        "from: fill this one in."
                    )
                }
            )
        today = timezone.localdate()
        for name in ("key_places", "contacts", "content"):
            if not getattr(plan, name):
                setattr(plan, name, getattr(source, name))
        units = units or list(source.standby_units.filter(commune_id=plan.commune_id))
        members = members or list(
            source.standby_members.filter(
                commune_id=plan.commune_id, status__in=MilitiaMember.OPEN_STATUSES
            )
        )
        staff = staff or list(
            Assignment.objects.current(today).filter(
                pk__in=source.standby_staff.values("pk"), commune_id=plan.commune_id
            )
        )
        plan.copied_from = source
    _check_standby(plan, units, members, staff)
    _check_document(plan)
    plan.status = PlanStatus.DRAFT
    with transaction.atomic():
        do_create_object(actor=actor, instance=plan)
        plan.standby_units.set(units)
        plan.standby_members.set(members)
        plan.standby_staff.set(staff)
    return plan


def _require_editable_plan(plan: ReadinessPlan) -> None:
    if not rules.plan_is_editable(plan.status):
        raise ValidationError(
            _(
                "This plan is %(status)s and can no longer be changed; the province returns it "
                "if it must be corrected."
            )
            % {"status": plan.get_status_display()}
        )


def do_update_plan(
    *,
    actor: Any,
    plan: ReadinessPlan,
    expected_version: int | None,
    standby_units: Iterable[MilitiaUnit] | None = None,
    standby_members: Iterable[MilitiaMember] | None = None,
    standby_staff: Iterable[Assignment] | None = None,
) -> ReadinessPlan:
    """Save the commune's changes to its draft or returned plan."""
    _require_filer(actor, plan)
    stored = ReadinessPlan.objects.get(pk=plan.pk)
    _require_editable_plan(stored)
    units = list(standby_units) if standby_units is not None else []
    members = list(standby_members) if standby_members is not None else []
    staff = list(standby_staff) if standby_staff is not None else []
    _check_standby(plan, units, members, staff)
    _check_document(plan)
    with transaction.atomic():
        do_update_object(actor=actor, instance=plan, expected_version=expected_version)
        if standby_units is not None:
            plan.standby_units.set(units)
        if standby_members is not None:
            plan.standby_members.set(members)
        if standby_staff is not None:
            plan.standby_staff.set(staff)
    return plan


def _lock(plan: ReadinessPlan) -> ReadinessPlan:
    return (
        ReadinessPlan.objects.select_for_update().select_related("event", "commune").get(pk=plan.pk)
    )


def do_submit_plan(*, actor: Any, plan: ReadinessPlan) -> ReadinessPlan:
    """The commune submits its draft (or corrected returned) plan to the province."""
    require_editable(actor, plan)
    _require_filer(actor, plan)
    with transaction.atomic():
        plan = _lock(plan)
        if not rules.plan_can_be_submitted(plan.status):
            raise ValidationError(
                _("This plan is %(status)s: only a draft or returned plan can be submitted.")
                % {"status": plan.get_status_display()}
            )
        if not (plan.key_places.strip() or plan.content.strip()):
            raise ValidationError(
                {
                    "content": _(
                        "The plan says nothing yet: write its content or the key places to "
                        "guard before submitting it."
                    )
                }
            )
        plan.status = PlanStatus.SUBMITTED
        plan.submitted_at = timezone.now()
        plan.save(update_fields=["status", "submitted_at", "updated_at"])
        if plan.province_id:
            text = _("%(commune)s submitted its readiness plan for %(event)s.") % {
                "commune": plan.commune.name,
                "event": plan.event.name,
            }
            province_id, url = plan.province_id, _plan_url(plan)
            transaction.on_commit(
                lambda: notify_provinces([province_id], "readiness", lambda: text, url)
            )
    return plan


def _decide(actor: Any, plan: ReadinessPlan) -> ReadinessPlan:
    require_editable(actor, plan)
    if not can_decide_plan(actor, plan):
        raise PermissionDenied(_("Only the commune's province approves or returns its plans."))
    plan = _lock(plan)
    if not rules.plan_can_be_decided(plan.status):
        raise ValidationError(
            _("This plan is %(status)s, not submitted: there is nothing to decide.")
            % {"status": plan.get_status_display()}
        )
    return plan


def do_return_plan(*, actor: Any, plan: ReadinessPlan, reason: str) -> ReadinessPlan:
    """Return a submitted plan to its commune with the reason; the commune corrects it and
    submits it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the commune must correct in its plan.")})
    with transaction.atomic():
        plan = _decide(actor, plan)
        plan.status = PlanStatus.RETURNED
        plan.return_reason = reason
        plan.decided_at = timezone.now()
        plan.decided_by = _user(actor)
        plan.save(
            update_fields=["status", "return_reason", "decided_at", "decided_by", "updated_at"]
        )
        text = _("Your readiness plan for %(event)s was returned: %(reason)s") % {
            "event": plan.event.name,
            "reason": reason,
        }
        commune_id, url = plan.commune_id, _plan_url(plan)
        transaction.on_commit(lambda: notify_communes([commune_id], "readiness", lambda: text, url))
    return plan


def do_approve_plan(*, actor: Any, plan: ReadinessPlan) -> ReadinessPlan:
    with transaction.atomic():
        plan = _decide(actor, plan)
        plan.status = PlanStatus.APPROVED
        plan.return_reason = ""
        plan.decided_at = timezone.now()
        plan.decided_by = _user(actor)
        plan.save(
            update_fields=["status", "return_reason", "decided_at", "decided_by", "updated_at"]
        )
        text = _("Your readiness plan for %(event)s was approved.") % {"event": plan.event.name}
        commune_id, url = plan.commune_id, _plan_url(plan)
        transaction.on_commit(lambda: notify_communes([commune_id], "readiness", lambda: text, url))
    return plan


@dataclass(frozen=True)
class BulkResult:
    approved: list[ReadinessPlan]
    failed: list[tuple[ReadinessPlan, str]]


def do_bulk_approve_plans(*, actor: Any, plans: Iterable[ReadinessPlan]) -> BulkResult:
    """Approve each plan on its own (one failure does not undo the others); the result says
    which were approved and, for the others, why not."""
    approved, failed = [], []
    for plan in plans:
        try:
            approved.append(do_approve_plan(actor=actor, plan=plan))
        except (ValidationError, PermissionDenied) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            failed.append((plan, " ".join(str(m) for m in messages)))
    return BulkResult(approved, failed)


# --- the plan as an official document ---------------------------------------------------------
def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def plan_pdf_context(plan: ReadinessPlan, today: datetime.date | None = None) -> dict[str, Any]:
    """The context of operations/plan_pdf.html (Decree 30/2020/NĐ-CP layout): issued by the
    commune Military Command, under the provincial command."""
    commune, province = plan.commune, plan.commune.province
    day = timezone.localtime(plan.submitted_at).date() if plan.submitted_at else None
    return {
        "plan": plan,
        "issuer_parent": provincial_command_name(province.name, province.code),
        "issuer": commune_command_name(commune.name),
        "number": "      /KH-BCHQS",
        "place": commune.name.split(" ", 1)[-1] if " " in commune.name else commune.name,
        "issued_on": day or today or timezone.localdate(),
        "summary": f"Bảo đảm sẵn sàng chiến đấu {plan.event.name}",
        "event": plan.event,
        "key_places": _paragraphs(plan.key_places),
        "contacts": _paragraphs(plan.contacts),
        "paragraphs": _paragraphs(plan.content),
        "units": list(plan.standby_units.order_by("name")),
        "members": list(plan.standby_members.select_related("person")),
        "staff": list(plan.standby_staff.select_related("person")),
        "recipients": [provincial_command_name(province.name, province.code), "Lưu: VT"],
        "signer_title": "CHỈ HUY TRƯỞNG",
        "signer_name": "",
    }
