"""Placement proposals: gather a province's open posts and its candidates, screen every pair,
solve the assignment, explain each match and each empty post, and on approval issue the
decisions that create the assignments.

An open post is a slot of a command's staffing table (for the posts the proposal covers) that
is vacant on the effective day, or whose holder leaves by the horizon: they pass the post's
maximum age, their term ends, or they reach the post's rotation period. A candidate is an
active cadre of the province who holds no post then, or who rotates out of a post (and is not
proposed for the post they leave); a holder leaving for age or at the end of their term is not a
candidate. Each pair is screened on the day the post would be taken.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from garrison.cadres import permissions, rules, solver
from garrison.cadres.models import (
    CadreDecision,
    CadreProfile,
    PlacementMatch,
    PlacementPin,
    PlacementRun,
)
from garrison.commands.models import Assignment, MilitaryCommand, StaffingQuota
from garrison.commands.rules import CONCURRENT_POSTS, Position
from garrison.core.services import require_editable

from . import facts
from .decisions import do_issue_decision

#: the posts a proposal covers unless told otherwise
DEFAULT_POSITIONS = [Position.COMMANDER, Position.DEPUTY_COMMANDER]


@dataclass
class OpenPost:
    post: rules.Post
    command: MilitaryCommand
    #: [(date or None, why)]: None = vacant now; why in {"vacant", "age", "term", "rotation"}
    vacancy: list[tuple[datetime.date | None, str]]
    holder: Assignment | None = None


@dataclass
class Case:
    """Everything a solve needs, read from the database in a few queries."""

    posts: list[OpenPost]
    profiles: list[CadreProfile]
    candidates: list[rules.Candidate]
    problem: solver.Problem
    #: (post index, candidate index) → the screening's failures, for the explanations
    failures: dict[tuple[int, int], list[rules.Reason]] = field(default_factory=dict)
    parts: dict[tuple[int, int], list[rules.Part]] = field(default_factory=dict)
    #: the candidate index of each profile that now holds a post falling vacant → that command
    leaving: dict[int, int] = field(default_factory=dict)


def vacancy_label(why: str) -> str:
    return {
        "vacant": _("vacant"),
        "age": _("the holder passes the post's age limit"),
        "term": _("the holder's term ends"),
        "rotation": _("the holder reaches the rotation period"),
    }.get(why, why)


def _limits(province_id: int) -> dict[str, tuple[int | None, int | None]]:
    """{position: (max age, rotation years)}: the strictest of the Ministry's and the
    province's standards that apply to every commune."""
    out: dict[str, tuple[int | None, int | None]] = {}
    for row in facts.standard_rows(province_id).filter(area=rules.Area.ANY):
        age, rotation = out.get(row.position, (None, None))
        if row.max_age is not None:
            age = row.max_age if age is None else min(age, row.max_age)
        if row.rotation_years is not None:
            rotation = row.rotation_years if rotation is None else min(rotation, row.rotation_years)
        out[row.position] = (age, rotation)
    return out


def open_posts(
    province_id: int,
    positions: list[str],
    effective_on: datetime.date,
    horizon: datetime.date,
    *,
    with_groups: bool = True,
) -> list[OpenPost]:
    """The province's slots of `positions` that are vacant on `effective_on` or fall vacant
    by `horizon`, strategic communes first."""
    commands = {
        c.pk: c
        for c in MilitaryCommand.objects.filter(
            province_id=province_id, level=MilitaryCommand.Level.COMMUNE
        ).select_related("commune")
    }
    quotas = StaffingQuota.objects.filter(
        command_id__in=commands, position__in=positions, quota__gt=0
    ).values_list("command_id", "position", "quota")
    holders: dict[tuple[int, str], list[Assignment]] = {}
    for a in (
        Assignment.objects.current(effective_on)
        .filter(command_id__in=commands, position__in=positions)
        .select_related("person")
        .order_by("start_date", "pk")
    ):
        holders.setdefault((a.command_id, a.position), []).append(a)
    limits = _limits(province_id)
    groups = facts.local_groups(c.commune_id for c in commands.values()) if with_groups else {}
    out: list[OpenPost] = []
    for command_id, position, quota in quotas:
        command = commands[command_id]
        slot = 0
        held = holders.get((command_id, position), [])
        max_age, rotation = limits.get(position, (None, None))
        for assignment in held[:quota]:
            leaving = rules.falls_vacant(
                holder_birth=assignment.person.date_of_birth,
                max_age=max_age,
                assignment_start=assignment.start_date,
                assignment_end=assignment.end_date,
                rotation_years=rotation,
                until=horizon,
            )
            if leaving:
                day, why = leaving[0]
                out.append(
                    OpenPost(
                        facts.post(command, position, slot=slot, groups=groups),
                        command,
                        [(max(day, effective_on), why)],
                        assignment,
                    )
                )
                slot += 1
        for _i in range(quota - len(held[:quota])):
            out.append(
                OpenPost(
                    facts.post(command, position, slot=slot, groups=groups),
                    command,
                    [(None, "vacant")],
                )
            )
            slot += 1
    out.sort(key=lambda o: (not o.post.strategic, o.command.name, o.post.position, o.post.key))
    return out


def candidate_pool(
    province_id: int, effective_on: datetime.date, leaving: list[Assignment]
) -> list[CadreProfile]:
    """Active cadres of the province free on `effective_on`, and those leaving a post."""
    busy = (
        Assignment.objects.current(effective_on)
        .exclude(pk__in=[a.pk for a in leaving])
        .values("person_id")
    )
    return list(
        CadreProfile.objects.filter(province_id=province_id, status=CadreProfile.Status.ACTIVE)
        .exclude(person_id__in=busy)
        .select_related("person")
        .order_by("person__name_sort_key", "pk")
    )


def build_case(
    province_id: int,
    positions: list[str],
    effective_on: datetime.date,
    horizon: datetime.date,
    *,
    home_rule: bool = True,
    keep_failures: bool = True,
) -> Case:
    """Read and screen everything a proposal needs."""
    posts = open_posts(province_id, positions, effective_on, horizon)
    # a holder rotating out may take another post; one leaving for age or at the end of their
    # term leaves the contingent's posts
    leaving = [o.holder for o in posts if o.holder is not None and o.vacancy[0][1] == "rotation"]
    profiles = candidate_pool(province_id, effective_on, leaving)
    candidates = [facts.candidate(p) for p in profiles]
    standards = facts.standards_for(province_id)
    eligible: dict[tuple[int, int], int] = {}
    failures: dict[tuple[int, int], list[rules.Reason]] = {}
    parts: dict[tuple[int, int], list[rules.Part]] = {}
    leaving_from = {a.person_id: a.command_id for a in leaving}
    leaving_idx = {
        j: leaving_from[p.person_id] for j, p in enumerate(profiles) if p.person_id in leaving_from
    }
    for i, open_post in enumerate(posts):
        post = open_post.post
        mine = rules.applicable(standards, post)
        day = open_post.vacancy[0][0] or effective_on  # the day the post would be taken
        for j, cand in enumerate(candidates):
            if leaving_idx.get(j) == post.command_id:
                continue  # nobody is proposed for the post they rotate out of
            result = rules.screen(cand, post, mine, day, home_rule=home_rule)
            if result.passed:
                points, why = rules.priority(cand, post)
                eligible[(i, j)] = points
                parts[(i, j)] = why
            elif keep_failures:
                failures[(i, j)] = result.reasons
    problem = solver.Problem(
        len(posts), len(candidates), eligible, [o.post.strategic for o in posts]
    )
    return Case(posts, profiles, candidates, problem, failures, parts, leaving_idx)


# --- proposals ------------------------------------------------------------------------------


def parts_of(data: dict) -> list[rules.Part]:
    """The stored parts of a match's points (see `rules.Part`)."""
    return [rules.Part.from_json(row) for row in data.get("parts") or []]


def taken_by(data: dict) -> list[tuple[str, str]]:
    """(candidate, post) of a "taken" explanation, in the reader's language."""
    return [
        (name, f"{Position(position).label} — {command}")
        for name, position, command in data.get("others") or []
    ]


def reason_label(code: str) -> str:
    """The criterion a screening reason code names, in the reader's language."""
    return {
        "age": _("age"),
        "category": _("service category"),
        "rank": _("rank"),
        "political_theory": _("political theory"),
        "party": _("Party membership"),
        "health": _("health"),
        "local_experience": _("local military experience"),
        "grassroots": _("grassroots experience"),
        "home_commune": _("home commune"),
        "no_standard": _("no standard set"),
    }.get(code, code)


def _pin_indices(case: Case, run: PlacementRun) -> tuple[list, list]:
    """The run's pins and forbidden pairs as (post index, candidate index) pairs."""
    slots: dict[tuple[int, str], list[int]] = {}
    for i, o in enumerate(case.posts):
        slots.setdefault((o.command.pk, o.post.position), []).append(i)
    index = {p.pk: j for j, p in enumerate(case.profiles)}
    pins, forbidden, problems = [], [], []
    for pin in run.pins.select_related("profile__person", "command"):
        posts = slots.get((pin.command_id, pin.position), [])
        j = index.get(pin.profile_id)
        if pin.kind == PlacementPin.Kind.FORBID:
            forbidden += [(i, j) for i in posts if j is not None]
            continue
        free = [i for i in posts if i not in {p for p, _c in pins}]
        if not free or j is None or not any((i, j) in case.problem.eligible for i in free):
            problems.append(
                _("%(name)s can no longer be pinned to %(post)s (%(command)s): remove the pin.")
                % {
                    "name": pin.profile,
                    "post": pin.get_position_display(),
                    "command": pin.command,
                }
            )
            continue
        pins.append((next(i for i in free if (i, j) in case.problem.eligible), j))
    if problems:
        raise ValidationError(problems)
    return pins, forbidden


def _explain_empty(
    case: Case,
    i: int,
    eligible: list[int],
    placed: dict[int, int],
    failing: Counter | None,
    problem,
) -> dict[str, Any]:
    """Why post `i` stays empty: nobody passes screening (`failing`: how many candidates fail
    each criterion), or its eligible candidates were placed elsewhere (`placed`: candidate →
    post)."""
    if not eligible:
        return {"kind": "none_eligible", "reasons": (failing or Counter()).most_common()}
    others = [
        [
            case.candidates[c].name,
            case.posts[placed[c]].post.position,
            case.posts[placed[c]].command.name,
        ]
        for c in sorted(eligible, key=lambda c: -problem.eligible[(i, c)])
        if c in placed
    ][:3]
    return {"kind": "taken", "count": len(eligible), "others": others}


def do_solve_run(*, actor: Any, run: PlacementRun) -> PlacementRun:
    """Solve the proposal again from the registers as they are now, with its pins."""
    require_editable(actor, run)
    if not run.is_draft:
        raise ValidationError(_("Only a draft proposal can be solved again."))
    case = build_case(
        run.province_id,
        run.positions,
        run.effective_on,
        run.horizon,
        home_rule=run.home_commune_rule,
    )
    pins, forbidden = _pin_indices(case, run)
    problem = solver.constrain(case.problem, pins=pins, forbidden=forbidden)
    started = time.perf_counter()
    solution = solver.solve(problem)
    solve_ms = (time.perf_counter() - started) * 1000
    baseline = solver.greedy(problem)
    pinned = set(pins)
    placed = {c: p for p, c in solution.matches.items()}
    eligible_by_post: dict[int, list[int]] = {}
    for p, c in problem.eligible:
        eligible_by_post.setdefault(p, []).append(c)
    failing: dict[int, Counter] = {}
    for (p, _c), reasons in case.failures.items():
        failing.setdefault(p, Counter()).update({r.code for r in reasons})
    rows = []
    for i, open_post in enumerate(case.posts):
        j = solution.matches.get(i)
        eligible = eligible_by_post.get(i, [])
        rows.append(
            PlacementMatch(
                run=run,
                command=open_post.command,
                position=open_post.post.position,
                profile=case.profiles[j] if j is not None else None,
                strategic=open_post.post.strategic,
                pinned=(i, j) in pinned,
                points=problem.eligible[(i, j)] if j is not None else 0,
                vacancy=[[d.isoformat() if d else None, why] for d, why in open_post.vacancy],
                explanation=(
                    {"kind": "match", "parts": [p.as_json() for p in case.parts.get((i, j), [])]}
                    if j is not None
                    else _explain_empty(case, i, eligible, placed, failing.get(i), problem)
                ),
                eligible_count=len(eligible),
            )
        )
    with transaction.atomic():
        run.matches.all().delete()
        PlacementMatch.objects.bulk_create(rows)
        run.solved_at = timezone.now()
        run.summary = {
            "posts": len(case.posts),
            "strategic_posts": sum(problem.strategic),
            "candidates": len(case.candidates),
            "eligible_pairs": len(problem.eligible),
            "filled": solution.filled,
            "strategic_filled": solution.strategic_filled,
            "points": solution.points,
            "greedy_filled": baseline.filled,
            "greedy_strategic_filled": baseline.strategic_filled,
            "greedy_points": baseline.points,
            "solve_ms": round(solve_ms, 1),
        }
        run.save(update_fields=["solved_at", "summary", "updated_at"])
    return run


def do_create_run(
    *,
    actor: Any,
    province_id: int,
    title: str,
    effective_on: datetime.date,
    horizon: datetime.date,
    positions: list[str] | None = None,
    home_commune_rule: bool = True,
) -> PlacementRun:
    """Create a proposal and solve it."""
    if not permissions.can_propose_placement(actor):
        raise PermissionDenied(_("Only a province's staff make placement proposals."))
    run = PlacementRun(
        province_id=province_id,
        title=title,
        effective_on=effective_on,
        horizon=horizon,
        positions=positions or [str(p) for p in DEFAULT_POSITIONS],
        home_commune_rule=home_commune_rule,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    concurrent = [p for p in run.positions if p in CONCURRENT_POSTS]
    if concurrent:
        raise ValidationError(
            {
                "positions": _(
                    "The Political Commissar is the commune Party Secretary, held concurrently: "
                    "it is not placed from the cadre pool."
                )
            }
        )
    run.full_clean(exclude=["created_by"])
    with transaction.atomic():
        run.save()
        require_editable(actor, run)
        do_solve_run(actor=actor, run=run)
    return run


def do_set_pin(
    *,
    actor: Any,
    run: PlacementRun,
    kind: str,
    command: MilitaryCommand,
    position: str,
    profile: CadreProfile,
) -> PlacementPin:
    """Pin a candidate to a post, or forbid the pair, and solve again. A pin must pass
    screening: the hard rules hold in every proposal, by hand or not."""
    require_editable(actor, run)
    if not run.is_draft:
        raise ValidationError(_("Only a draft proposal can be adjusted."))
    if command.province_id != run.province_id or profile.province_id != run.province_id:
        raise ValidationError(_("The post and the cadre must both be of this province."))
    if kind == PlacementPin.Kind.PIN:
        holds = Assignment.objects.current(run.effective_on).filter(
            person_id=profile.person_id, command=command, position=position
        )
        if holds.exists():
            raise ValidationError(
                _(
                    "%(name)s holds this post now: a cadre is not proposed for the post they "
                    "leave. Pin them to another post."
                )
                % {"name": profile}
            )
        result, _points, _parts = facts.screen(
            profile, command, position, run.effective_on, home_rule=run.home_commune_rule
        )
        if not result.passed:
            raise ValidationError(
                [
                    _("%(name)s cannot be pinned to this post: %(reason)s")
                    % {"name": profile, "reason": r.message}
                    for r in result.reasons
                ]
            )
        clash = run.pins.filter(kind=kind, profile=profile).exclude(
            command=command, position=position
        )
        if clash.exists():
            raise ValidationError(
                _("%(name)s is already pinned to another post: remove that pin first.")
                % {"name": profile}
            )
    with transaction.atomic():
        pin, _created = PlacementPin.objects.update_or_create(
            run=run, command=command, position=position, profile=profile, defaults={"kind": kind}
        )
        do_solve_run(actor=actor, run=run)
    return pin


def do_remove_pin(*, actor: Any, pin: PlacementPin) -> PlacementRun:
    run = pin.run
    require_editable(actor, run)
    if not run.is_draft:
        raise ValidationError(_("Only a draft proposal can be adjusted."))
    with transaction.atomic():
        pin.delete()
        do_solve_run(actor=actor, run=run)
    return run


def do_discard_run(*, actor: Any, run: PlacementRun) -> PlacementRun:
    require_editable(actor, run)
    if not run.is_draft:
        raise ValidationError(_("Only a draft proposal can be discarded."))
    run.status = PlacementRun.Status.DISCARDED
    run.save(update_fields=["status", "updated_at"])
    return run


def do_approve_run(
    *,
    actor: Any,
    run: PlacementRun,
    first_number: int,
    symbol: str,
    signed_on: datetime.date,
    signer_name: str,
    signer_title: str,
) -> list:
    """Approve the proposal: one decision per match, numbered from `first_number`
    ("{n}/{symbol}"), each creating its assignment (audited). The matches are checked against
    the registers as they are now; if anything moved since the solve, nothing is issued and
    the proposal must be solved again."""
    require_editable(actor, run)
    if not run.is_draft:
        raise ValidationError(_("This proposal is not a draft: it was approved or discarded."))
    matches = list(
        run.matches.filter(profile__isnull=False).select_related(
            "profile__person", "command__commune"
        )
    )
    if not matches:
        raise ValidationError(_("The proposal fills no post: there is nothing to approve."))
    case = build_case(
        run.province_id,
        run.positions,
        run.effective_on,
        run.horizon,
        home_rule=run.home_commune_rule,
        keep_failures=False,
    )
    index = {p.pk: j for j, p in enumerate(case.profiles)}
    free: dict[tuple[int, str], list[int]] = {}
    for i, o in enumerate(case.posts):
        free.setdefault((o.command.pk, o.post.position), []).append(i)
    plan, stale = [], []
    for match in matches:
        j = index.get(match.profile_id)
        slots = free.get((match.command_id, match.position), [])
        i = next((i for i in slots if j is not None and (i, j) in case.problem.eligible), None)
        if i is None:
            stale.append(f"{match.profile} → {match.get_position_display()}, {match.command}")
            continue
        slots.remove(i)
        plan.append((match, case.posts[i]))
    if stale:
        raise ValidationError(
            ngettext(
                "The registers changed since this proposal was solved (%(list)s): solve it "
                "again, then approve.",
                "The registers changed since this proposal was solved (%(list)s): solve it "
                "again, then approve.",
                len(stale),
            )
            % {"list": "; ".join(stale)}
        )
    symbol = symbol.strip().lstrip("/")
    numbers = [f"{first_number + k}/{symbol}" for k in range(len(plan))]
    taken = list(
        CadreDecision.objects.filter(province_id=run.province_id, number__in=numbers).values_list(
            "number", flat=True
        )
    )
    if taken:
        raise ValidationError(
            {
                "first_number": _(
                    "These decision numbers are already used: %(numbers)s. Start from a free "
                    "number."
                )
                % {"numbers": ", ".join(sorted(taken))}
            }
        )
    # who holds a post before anything is issued: their posting is a transfer, whichever
    # decision of this run happens to end their present post first
    holding = set(
        Assignment.objects.current(run.effective_on)
        .filter(person_id__in=[m.profile.person_id for m, _post in plan])
        .values_list("person_id", flat=True)
    )
    decisions = []
    with transaction.atomic():
        locked = PlacementRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != PlacementRun.Status.DRAFT:
            raise ValidationError(_("This proposal was approved or discarded meanwhile."))
        for number, (match, open_post) in zip(numbers, plan, strict=True):
            # an earlier decision of this run may have written the profile (its serving
            # commune, as an outgoing holder's): issue on the row as it stands
            match.profile.refresh_from_db()
            day = open_post.vacancy[0][0] or run.effective_on
            held = match.profile.person_id in holding
            decisions.append(
                do_issue_decision(
                    actor=actor,
                    profile=match.profile,
                    kind="transfer" if held else "appointment",
                    number=number,
                    signed_on=signed_on,
                    effective_on=max(day, signed_on),
                    signer_name=signer_name,
                    signer_title=signer_title,
                    command=match.command,
                    position=match.position,
                    reason=_("Placement proposal: %(title)s") % {"title": run.title},
                    placement_run=run,
                    replaces=open_post.holder,
                )
            )
        run.status = PlacementRun.Status.APPROVED
        run.approved_by = actor if getattr(actor, "pk", None) else None
        run.approved_at = timezone.now()
        run.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return decisions
