"""Every state change of an incident, one function each: open, edit, add to the timeline, mobilise
and stand down forces and means, send a situation report, mark it read, close. Each checks that
the actor may do it (`permissions`: the commune's own command), then that the incident is still
open (a closed one answers with a message saying so, not a bare refusal), validates with
`rules`, and writes in one transaction; django-auditlog records the rows saved."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.services import do_create_object, do_update_object
from garrison.forces.models import MilitiaMember, Reservist, TechnicalMeans

from . import permissions, rules
from .models import Incident, IncidentUpdate, Mobilisation, SituationReport

__all__ = [
    "Mobilised",
    "do_add_incident_update",
    "do_close_incident",
    "do_mark_report_read",
    "do_mobilise",
    "do_open_incident",
    "do_send_situation_report",
    "do_stand_down",
    "do_update_incident",
    "flagged_lines",
]


def _now() -> datetime.datetime:
    return timezone.now()


def _shown(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _past(moment: datetime.datetime | None, name: str, what: str) -> None:
    if not rules.not_in_future(moment, _now()):
        raise ValidationError(
            {
                name: _(
                    "%(what)s cannot be in the future (%(value)s): record what has already "
                    "happened, at the time it happened."
                )
                % {"what": what, "value": _shown(moment)}  # type: ignore[arg-type]
            }
        )


def _check_gps(incident: Incident) -> None:
    messages = {
        "pair": _("Give both GPS coordinates (latitude and longitude), or neither."),
        "outside": _(
            "This point lies outside Viet Nam (latitude 8 to 24, longitude 102 to 118): check "
            "the coordinates, written with a decimal comma, e.g. 21,38612 and 103,01724."
        ),
    }
    problems = rules.gps_problems(incident.latitude, incident.longitude)
    if problems:
        raise ValidationError({name: messages[code] for name, code in problems.items()})


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not change this incident."))


def _require_open(incident: Incident) -> None:
    if incident.status != "open":
        raise ValidationError(
            _("This incident was closed on %(at)s: it can no longer be changed.")
            % {"at": _shown(incident.closed_at) if incident.closed_at else "—"}
        )


def _line(actor: Any, incident: Incident, text: str, at: datetime.datetime | None = None) -> None:
    IncidentUpdate.objects.create(
        incident=incident,
        commune_id=incident.commune_id,
        at=at or _now(),
        text=text,
        author=getattr(actor, "real", actor),
    )


# --- open, edit, timeline ---------------------------------------------------------------------
@transaction.atomic
def do_open_incident(*, actor: Any, incident: Incident) -> Incident:
    """Record a new incident (an unsaved row: commune, kind, title, time, place, severity …) and
    write the first line of its timeline. The next situation report is due one rhythm after the
    incident's time (`rules.next_report_due`)."""
    _require(permissions.can_open_incident(actor, incident))
    _past(incident.occurred_at, "occurred_at", _("The time of the incident"))
    _check_gps(incident)
    incident.status = "open"
    incident.next_report_due_at = rules.next_report_due(
        incident.severity, incident.occurred_at, None
    )
    do_create_object(actor=actor, instance=incident)
    text = _("Incident opened: %(title)s (%(severity)s).") % {
        "title": incident.title,
        "severity": incident.get_severity_display(),
    }
    if incident.description:
        text = f"{text}\n{incident.description}"
    _line(actor, incident, text, at=_now())
    return incident


@transaction.atomic
def do_update_incident(
    *, actor: Any, incident: Incident, expected_version: int | None = None
) -> Incident:
    """Save the edited details of an open incident; a change of severity reckons the next report
    again and is written on the timeline."""
    stored = Incident.objects.select_for_update().get(pk=incident.pk)
    _require(permissions.can_open_incident(actor, stored))
    _require_open(stored)
    _past(incident.occurred_at, "occurred_at", _("The time of the incident"))
    _check_gps(incident)
    incident.status, incident.closed_at = stored.status, stored.closed_at
    incident.last_report_at = stored.last_report_at
    incident.next_report_due_at = rules.next_report_due(
        incident.severity, incident.occurred_at, stored.last_report_at
    )
    do_update_object(actor=actor, instance=incident, expected_version=expected_version)
    if stored.severity != incident.severity:
        _line(
            actor,
            incident,
            _("Severity changed from %(old)s to %(new)s; next situation report due %(due)s.")
            % {
                "old": stored.get_severity_display(),
                "new": incident.get_severity_display(),
                "due": _shown(incident.next_report_due_at),
            },
        )
    return incident


@transaction.atomic
def do_add_incident_update(
    *, actor: Any, incident: Incident, text: str, at: datetime.datetime | None = None
) -> IncidentUpdate:
    """Add a line to the timeline of an open incident (at `at`, now by default)."""
    _require(permissions.can_open_incident(actor, incident))
    _require_open(incident)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what happened.")})
    at = at or _now()
    _past(at, "at", _("The time of the update"))
    line = IncidentUpdate(
        incident=incident,
        commune_id=incident.commune_id,
        at=at,
        text=text,
        author=getattr(actor, "real", actor),
    )
    line.full_clean()
    line.save()
    return line


# --- mobilisation -----------------------------------------------------------------------------
@dataclass
class Mobilised:
    """What `do_mobilise` recorded, and the lines flagged: (the line, the other mobilisation it
    overlaps) — the same person or vehicle engaged on another incident at that time."""

    rows: list[Mobilisation] = field(default_factory=list)
    flags: list[tuple[Mobilisation, Mobilisation]] = field(default_factory=list)


def _who(row: Any) -> tuple[str, int] | None:
    for name in ("member", "reservist", "means"):
        if getattr(row, f"{name}_id", None):
            return name, getattr(row, f"{name}_id")
    return None


def _clashes(rows: Sequence[Mobilisation], incident_id: int) -> list[tuple[Mobilisation, Any]]:
    """Each of `rows` paired with a mobilisation on another incident that overlaps it — one
    query for all of them."""
    if not rows:
        return []
    ids: dict[str, list[int]] = {"member": [], "reservist": [], "means": []}
    for row in rows:
        if (key := _who(row)) is not None:
            ids[key[0]].append(key[1])
    others = list(
        Mobilisation.objects.overlapping(
            start=min(r.from_at for r in rows),
            members=ids["member"],
            reservists=ids["reservist"],
            means=ids["means"],
        )
        .exclude(incident_id=incident_id)
        .select_related("incident")
        .order_by("from_at", "pk")
    )
    found = []
    for row in rows:
        for other in others:
            if _who(other) == _who(row) and rules.spans_overlap(
                row.from_at, row.until_at, other.from_at, other.until_at
            ):
                found.append((row, other))
                break
    return found


def flagged_lines(incident: Incident) -> dict[int, Mobilisation]:
    """The incident's mobilisations engaged elsewhere at the same time, by id: the other
    mobilisation (with its incident). Two queries whatever the count."""
    rows = list(incident.mobilisations.all())
    return {row.pk: other for row, other in _clashes(rows, incident.pk)}


@transaction.atomic
def do_mobilise(
    *,
    actor: Any,
    incident: Incident,
    members: Iterable[MilitiaMember] = (),
    reservists: Iterable[Reservist] = (),
    means: Iterable[TechnicalMeans] = (),
    from_at: datetime.datetime | None = None,
    task: str = "",
) -> Mobilised:
    """Mobilise militia members, reservists and technical means of the incident's commune from
    `from_at` (now by default). A member whose term has ended is refused; one already engaged on
    this incident is refused; one engaged on another incident at that time is recorded and
    flagged (see `rules`)."""
    _require(permissions.can_open_incident(actor, incident))
    _require_open(incident)
    members, reservists, means = list(members), list(reservists), list(means)
    if not (members or reservists or means):
        raise ValidationError(
            {"members": _("Choose at least one militia member, reservist or technical means.")}
        )
    from_at = from_at or _now()
    _past(from_at, "from_at", _("The start of the mobilisation"))
    if from_at < incident.occurred_at:
        raise ValidationError(
            {
                "from_at": _("The mobilisation cannot start before the incident (%(at)s).")
                % {"at": _shown(incident.occurred_at)}
            }
        )
    day = timezone.localdate(from_at)
    errors: dict[str, list[str]] = {}
    for m in members:
        if m.commune_id != incident.commune_id:
            errors.setdefault("members", []).append(
                _("%(name)s is not in this commune's militia.") % {"name": m}
            )
        elif rules.term_has_ended(m.status, m.term_end, m.ended_on, day):
            errors.setdefault("members", []).append(
                _(
                    "%(name)s is no longer in the militia on %(day)s (term ended %(end)s): "
                    "choose a serving member."
                )
                % {
                    "name": m,
                    "day": day.strftime("%d/%m/%Y"),
                    "end": (m.ended_on or m.term_end).strftime("%d/%m/%Y"),
                }
            )
    for r in reservists:
        if r.commune_id != incident.commune_id or r.status != "registered":
            errors.setdefault("reservists", []).append(
                _("%(name)s is not on this commune's reserve register.") % {"name": r}
            )
    for t in means:
        if t.commune_id != incident.commune_id or t.status != "registered":
            errors.setdefault("means", []).append(
                _("%(name)s is not on this commune's register of technical means.") % {"name": t}
            )
    engaged = Mobilisation.objects.filter(incident=incident, until_at__isnull=True).filter(
        Q(member__in=members) | Q(reservist__in=reservists) | Q(means__in=means)
    )
    for row in engaged.select_related("member__person", "reservist__person", "means"):
        key = "members" if row.member_id else "reservists" if row.reservist_id else "means"
        errors.setdefault(key, []).append(
            _("%(name)s is already mobilised for this incident.") % {"name": row}
        )
    if errors:
        raise ValidationError(errors)
    rows = [
        Mobilisation(
            incident=incident,
            commune_id=incident.commune_id,
            from_at=from_at,
            task=task,
            **{name: thing},
        )
        for name, things in (("member", members), ("reservist", reservists), ("means", means))
        for thing in things
    ]
    for row in rows:
        row.full_clean()
        row.save()
    result = Mobilised(rows=rows, flags=_clashes(rows, incident.pk))
    _line(
        actor,
        incident,
        _("Mobilised: %(names)s.") % {"names": ", ".join(str(r) for r in rows)}
        + (f" {task}" if task else ""),
        at=from_at,
    )
    return result


@transaction.atomic
def do_stand_down(
    *, actor: Any, mobilisation: Mobilisation, until_at: datetime.datetime | None = None
) -> Mobilisation:
    """End a mobilisation at `until_at` (now by default)."""
    incident = mobilisation.incident
    _require(permissions.can_open_incident(actor, incident))
    _require_open(incident)
    if mobilisation.until_at is not None:
        raise ValidationError(
            _("%(name)s was already stood down on %(at)s.")
            % {"name": mobilisation, "at": _shown(mobilisation.until_at)}
        )
    until_at = until_at or _now()
    _past(until_at, "until_at", _("The end of the mobilisation"))
    if until_at < mobilisation.from_at:
        raise ValidationError(
            {
                "until_at": _("The end is before the start (%(at)s).")
                % {"at": _shown(mobilisation.from_at)}
            }
        )
    mobilisation.until_at = until_at
    mobilisation.save(update_fields=["until_at"])
    _line(actor, incident, _("Stood down: %(name)s.") % {"name": mobilisation}, at=until_at)
    return mobilisation


# --- situation reports ------------------------------------------------------------------------
@transaction.atomic
def do_send_situation_report(
    *,
    actor: Any,
    incident: Incident,
    situation: str,
    people_evacuated: int = 0,
    deaths: int = 0,
    injured: int = 0,
    missing: int = 0,
    needs: str = "",
    sent_at: datetime.datetime | None = None,
) -> SituationReport:
    """Send a situation report on an open incident: its figures become the incident's, and the
    next report is due one rhythm after this one."""
    _require(permissions.can_open_incident(actor, incident))
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _require_open(incident)
    sent_at = sent_at or _now()
    _past(sent_at, "sent_at", _("The time of the report"))
    if sent_at < incident.occurred_at:
        raise ValidationError(
            {
                "sent_at": _("The report cannot be sent before the incident (%(at)s).")
                % {"at": _shown(incident.occurred_at)}
            }
        )
    report = SituationReport(
        incident=incident,
        commune_id=incident.commune_id,
        sent_at=sent_at,
        situation=(situation or "").strip(),
        people_evacuated=people_evacuated,
        deaths=deaths,
        injured=injured,
        missing=missing,
        needs=needs or "",
        sent_by=getattr(actor, "real", actor),
    )
    report.full_clean()
    report.save()
    incident.people_evacuated, incident.deaths = people_evacuated, deaths
    incident.injured, incident.missing = injured, missing
    incident.last_report_at = max(sent_at, incident.last_report_at or sent_at)
    incident.next_report_due_at = rules.next_report_due(
        incident.severity, incident.occurred_at, incident.last_report_at
    )
    incident.save(
        update_fields=[
            "people_evacuated",
            "deaths",
            "injured",
            "missing",
            "last_report_at",
            "next_report_due_at",
        ]
    )
    return report


def do_mark_report_read(
    *, actor: Any, report: SituationReport, at: datetime.datetime | None = None
) -> bool:
    """The province opened the report: it is marked read (once; later openings change nothing).
    True when this call marked it. Anyone else opening it marks nothing."""
    if report.read_at is not None or not permissions.can_mark_read(actor, report):
        return False
    at = at or _now()
    marked = SituationReport.objects.filter(pk=report.pk, read_at__isnull=True).update(read_at=at)
    if marked:
        report.read_at = at
    return bool(marked)


# --- closing ----------------------------------------------------------------------------------
@transaction.atomic
def do_close_incident(
    *,
    actor: Any,
    incident: Incident,
    after_action: str,
    lessons: str,
    closed_at: datetime.datetime | None = None,
) -> Incident:
    """Close an open incident with its after-action account and lessons; every mobilisation
    still engaged is stood down at the closing time. A closed incident is read-only."""
    _require(permissions.can_open_incident(actor, incident))
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _require_open(incident)
    after_action, lessons = (after_action or "").strip(), (lessons or "").strip()
    missing = rules.closing_problems(after_action, lessons)
    if missing:
        texts = {
            "after_action": _(
                "Write the after-action account: what happened, what was done, the results."
            ),
            "lessons": _("Write the lessons learned: what to keep and what to do better."),
        }
        raise ValidationError({name: texts[name] for name in missing})
    closed_at = closed_at or _now()
    _past(closed_at, "closed_at", _("The closing time"))
    if closed_at < incident.occurred_at:
        raise ValidationError(
            {
                "closed_at": _("The incident cannot close before it happened (%(at)s).")
                % {"at": _shown(incident.occurred_at)}
            }
        )
    engaged = list(incident.mobilisations.filter(until_at__isnull=True))
    for row in engaged:
        row.until_at = max(closed_at, row.from_at)
    Mobilisation.objects.bulk_update(engaged, ["until_at"])
    incident.status = "closed"
    incident.closed_at = closed_at
    incident.after_action, incident.lessons = after_action, lessons
    incident.next_report_due_at = None
    incident.save(
        update_fields=["status", "closed_at", "after_action", "lessons", "next_report_due_at"]
    )
    _line(
        actor,
        incident,
        _("Incident closed; %(n)d still mobilised stood down.") % {"n": len(engaged)},
        at=closed_at,
    )
    return incident
