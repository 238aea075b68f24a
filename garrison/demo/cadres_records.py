"""The demo's cadre records beyond the posts: succession plans, courses and enrolments,
evaluations, commendations and discipline, entitlements (a part of `cadres._Builder`),
and the small helpers both modules use.

DEMO DATA, like everything in `garrison.demo`."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from garrison.cadres.models import (
    BodyMembership,
    CadreProfile,
    Course,
    Enrolment,
    Entitlement,
    Evaluation,
    Recognition,
    SuccessionPlan,
)
from garrison.cadres.rules import RANK_ORDER, THEORY_ORDER
from garrison.cadres.rules import PoliticalTheory as PT
from garrison.cadres.rules import Rank as R
from garrison.commands.models import MilitaryCommand
from garrison.commands.rules import Position

from . import cadres_data as data

if TYPE_CHECKING:
    from .cadres import DemoCadre

DAY = datetime.timedelta(days=1)
ACTIVE, STUDYING = CadreProfile.Status.ACTIVE, CadreProfile.Status.STUDYING


# --- small helpers, shared with demo/cadres.py -----------------------------------------------
def weighted_choice(rng, weights: dict) -> str:
    """One key of `weights`, drawn with its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def years_between(start: datetime.date, end: datetime.date) -> float:
    """Whole and part years from `start` to `end` (never negative)."""
    return max(0.0, (end - start).days / 365.25)


def plus_years(day: datetime.date, years: float) -> datetime.date:
    """`day` moved by `years` (a fraction allowed), counted in average days."""
    return day + datetime.timedelta(days=round(years * 365.25))


def lower_first(name: str) -> str:
    """ "Xã Na Son" → "xã Na Son", as it reads inside a unit's name."""
    return f"{name[0].lower()}{name[1:]}"


class RecordsMixin:
    """Builds the records of the cadres `_Builder` has made."""

    def needs(self, p: CadreProfile, commune) -> list[str]:
        """What `p` lacks to command `commune` (the demo standards)."""
        out = []
        if THEORY_ORDER[p.political_theory] < THEORY_ORDER[PT.INTERMEDIATE]:
            out.append(data.NEED_THEORY)
        low = R.CAPTAIN if commune.is_key_defence else R.SENIOR_LIEUTENANT
        if RANK_ORDER.get(p.rank, -1) < RANK_ORDER[low]:
            out.append(data.NEED_RANK.format(rank=data.RANK_NAMES[low]))
        if commune.is_border and p.local_military_years < 3:
            out.append(data.NEED_LOCAL)
        return out

    def succession(self, commanders: list[DemoCadre], deputies: list[DemoCadre]) -> int:
        """Successors for the open Commander posts and three more."""
        rng = self.rng
        held = {c.assignment.commune.name for c in commanders}
        leaving = [data.AGE_LIMIT_COMMUNE, data.TERM_END_COMMUNE, data.ROTATION_COMMUNE]
        targets = [c for c in self.communes if c.name not in held]
        targets += [self.by_name[n] for n in leaving]
        targets += rng.sample([c for c in self.communes if c.name in held - {*leaving}], 3)
        commands = {c.commune_id: c for c in MilitaryCommand.objects.filter(commune__in=targets)}
        plans, used = [], set()
        for i, commune in enumerate(targets):
            kinds = data.PLAN_KINDS[i % 3]
            local = [d for d in deputies if d.assignment.commune_id == commune.pk]
            pool = [c for c in self.cadres if c.kind in kinds]
            options = (local if "deputy" in kinds else []) + rng.sample(pool, len(pool))
            chosen = next(
                (c.profile for c in options
                 if c.profile.pk not in used and c.profile.home_commune_id != commune.pk),
                None,
            )  # fmt: skip
            if chosen is None:
                continue
            used.add(chosen.pk)
            needs = self.needs(chosen, commune)
            junior = RANK_ORDER.get(chosen.rank, -1) < RANK_ORDER[R.SENIOR_LIEUTENANT]
            readiness = "3-5" if junior or len(needs) > 2 else ("1-2" if needs else "now")
            plans.append(SuccessionPlan(
                profile_id=chosen.pk, command=commands[commune.pk], position=Position.COMMANDER,
                term=data.PLAN_TERM, readiness=readiness,
                development_needs="; ".join(needs or [data.NEED_READY]),
            ))  # fmt: skip
        SuccessionPlan.objects.bulk_create(plans)
        return len(plans)

    def training(self, commanders: list[DemoCadre], deputies: list[DemoCadre]) -> None:
        """The courses; Commanders on a Party committee on the advanced course (not all of
        them: the training priority list keeps the others)."""
        rng, E = self.rng, Enrolment.Result
        courses = {k: Course.objects.create(province=self.province, **spec)
                   for k, spec in data.COURSES.items()}  # fmt: skip
        seats = BodyMembership.objects.filter(profile__province=self.province)
        seated = set(seats.values_list("profile_id", flat=True))
        pool = [c for c in self.cadres if c.kind]
        rows: list[Enrolment] = []

        def enrol(course: str, group, result=E.ENROLLED, grade="") -> None:
            done = courses[course].ends_on if result in (E.PASSED, E.FAILED) else None
            rows.extend(
                Enrolment(course=courses[course], profile_id=c.profile.pk, result=result,
                          grade=grade, completed_on=done)
                for c in group
            )  # fmt: skip

        lacking = [c for c in commanders if c.profile.pk in seated]
        lacking = [c for c in lacking if c.profile.political_theory != PT.ADVANCED]
        ready = [c for c in pool if c.kind == "ready"]
        ready = [c for c in ready if c.profile.political_theory == PT.INTERMEDIATE]
        enrol("advanced", rng.sample(lacking, 6) + ready[:2])
        passed = [c for c in deputies + pool if c.kind not in ("studying", "veteran")]
        passed = [c for c in passed if c.profile.political_theory == PT.INTERMEDIATE]
        for c in rng.sample(passed, 7):
            enrol("intermediate", [c], E.PASSED, rng.choice(["Giỏi", "Khá", "Khá"]))
        enrol("intermediate", [c for c in pool if c.kind == "local_elementary"][:1], E.FAILED)
        enrol("refresher", rng.sample(commanders + deputies, 14))
        enrol("academy", [c for c in self.cadres if c.profile.status == STUDYING])
        Enrolment.objects.bulk_create(rows)
        self.counts.update(courses=len(courses), enrolments=len(rows))

    def records(self, commanders: list[DemoCadre], deputies: list[DemoCadre]) -> None:
        """The 2025 evaluations of the Commanders in post (where they served then), four
        commendations, three certificates, one reprimand; the border and remote-area allowances
        of everyone in post (two border Commanders still without) and official housing."""
        rng = self.rng
        shown = data.ALWAYS_COMMANDED  # the demo accounts' Commanders stay spotless
        weak = rng.choice([c for c in commanders if c.assignment.commune.name not in shown])
        year_end = datetime.date(data.EVALUATION_YEAR, 12, 31)
        evaluations, recognitions = [], []
        for c in commanders:
            rating = "not_completed" if c is weak else weighted_choice(rng, data.RATINGS)
            unit = next(e.organisation for e in c.career
                        if e.started_on <= year_end <= (e.ended_on or year_end))  # fmt: skip
            led = c.assignment.command if c.assignment.start_date <= year_end else None
            comments = f"Đánh giá, xếp loại năm {data.EVALUATION_YEAR} tại {unit}."
            evaluations.append(Evaluation(profile_id=c.profile.pk, year=data.EVALUATION_YEAR,
                                          rating=rating, command=led,
                                          comments=comments))  # fmt: skip
            if rating == "excellent" and len(recognitions) < 4:
                recognitions.append(Recognition(profile_id=c.profile.pk, **data.COMMENDATION))
        recognitions += [
            Recognition(profile_id=c.profile.pk, **data.CERTIFICATE)
            for c in rng.sample(deputies, 3)
        ]
        recognitions.append(Recognition(profile_id=weak.profile.pk, **data.DISCIPLINE))
        Evaluation.objects.bulk_create(evaluations)
        Recognition.objects.bulk_create(recognitions)

        posted = [c for c in self.cadres if c.assignment]
        gaps = [c for c in commanders if c.assignment.commune.name in data.NO_BORDER_ALLOWANCE]
        border = [c for c in posted if c.assignment.commune.is_border and c not in gaps]
        remote = [c for c in posted if c.assignment.commune.is_remote]
        far = [c for c in commanders if c.profile.home_commune is None][: data.HOUSING_COUNT]
        kinds = ((border, data.ENTITLEMENT_BORDER), (remote, data.ENTITLEMENT_REMOTE),
                 (far, data.ENTITLEMENT_HOUSING))  # fmt: skip
        grants = [
            Entitlement(profile_id=c.profile.pk, started_on=c.assignment.start_date, **spec)
            for group, spec in kinds
            for c in group
        ]
        for grant, c in zip(grants[-len(far) :], far, strict=True):
            grant.note = f"Quê quán {c.person.place_of_origin}; chưa có nhà ở tại địa phương."
        Entitlement.objects.bulk_create(grants)
        self.counts.update(evaluations=len(evaluations), recognitions=len(recognitions))
        self.counts["entitlements"] = len(grants)

    # --- all -------------------------------------------------------------------------------------
