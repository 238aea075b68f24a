"""The education figures (issue 18): one definition per figure, registered in the core indicator
registry; the home sections, the coverage page, its workbook and bench/defence_zone.py read them.

For a year, figures stand on `on` (the last day of the year, or the day asked when earlier):
- sessions held: the sessions of the year that had started by `on`, per audience group;
- people named / counted / attending: the people named at those sessions, the counts given for
  mass sessions, and the people attending (each session's count when given, else those named:
  `rules.people_attending`);
- for each of the four cadre groups: the cadres in the group on `on` (people, each once) and
  those trained within the cycle ending on `on` (`rules`); the others are due.

Each figure is one aggregate query per level (values().annotate()): one over the sessions, one
over the cadres, grouped by commune or by province (`education_rollup`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.core.indicators import Indicator, register_indicator
from garrison.territory.models import Commune

from . import rules
from .models import (
    CADRE_GROUPS,
    AudienceGroup,
    AudienceMember,
    EducationAttendance,
    EducationSession,
)
from .querysets import trained_q

BY_COMMUNE = "commune"
BY_PROVINCE = "province"
_KEYS = {BY_COMMUNE: "commune_id", BY_PROVINCE: "province_id"}
GROUPS = [g.value for g in AudienceGroup]
CADRES = [g.value for g in CADRE_GROUPS]


@dataclass
class GroupFigures:
    """One audience group's figures for a place (a commune, a province, or their total)."""

    sessions: int = 0
    named: int = 0
    counted: int = 0
    people: int = 0
    members: int | None = None  # cadre groups only
    trained: int | None = None

    @property
    def due(self) -> int | None:
        return None if self.members is None else self.members - (self.trained or 0)

    @property
    def trained_share(self) -> float | None:
        if self.members is None:
            return None
        return rules.share(self.trained or 0, self.members)

    def add(self, other: GroupFigures) -> None:
        self.sessions += other.sessions
        self.named += other.named
        self.counted += other.counted
        self.people += other.people
        if other.members is not None:
            self.members = (self.members or 0) + other.members
            self.trained = (self.trained or 0) + (other.trained or 0)


def year_end(year: int, today: datetime.date) -> datetime.date:
    """The day a year's figures stand on: its last day, or today while it runs."""
    return min(datetime.date(year, 12, 31), today)


def _named_per_session() -> Subquery:
    rows = (
        EducationAttendance.objects.filter(session_id=OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(rows, output_field=IntegerField())


def session_rows(sessions, year: int, on: datetime.date, by: str) -> dict:
    """{(place id, group): (sessions, named, counted, people)} of `sessions` held in `year` by
    `on`, in one GROUP BY."""
    key = _KEYS[by]
    named = Coalesce(_named_per_session(), Value(0))
    rows = (
        sessions.in_year(year, on)
        .order_by()
        .values(key, "audience")
        .annotate(
            n=Count("pk"),
            named=Coalesce(Sum(named), Value(0)),
            counted=Coalesce(Sum("attendance_count"), Value(0)),
            people=Coalesce(Sum(Coalesce("attendance_count", named)), Value(0)),
        )
    )
    return {(r[key], r["audience"]): (r["n"], r["named"], r["counted"], r["people"]) for r in rows}


def member_rows(members, on: datetime.date, by: str) -> dict:
    """{(place id, group): (cadres, trained)} of `members` in their group on `on`, in one
    GROUP BY (a person counted twice in a group counts once)."""
    key = _KEYS[by]
    rows = (
        members.members_on(on)
        .order_by()
        .values(key, "audience")
        .annotate(
            members=Count("person_id", distinct=True),
            trained=Count("person_id", distinct=True, filter=trained_q(on)),
        )
    )
    return {(r[key], r["audience"]): (r["members"], r["trained"]) for r in rows}


def rollup(sessions, members, year: int, on: datetime.date, by: str) -> dict[int, dict]:
    """{place id: {group: GroupFigures}} from the two aggregate queries."""
    answer: dict[int, dict[str, GroupFigures]] = {}

    def figures(place: int, group: str) -> GroupFigures:
        per_group = answer.setdefault(place, {})
        if group not in per_group:
            per_group[group] = GroupFigures(
                members=0 if group in CADRES else None, trained=0 if group in CADRES else None
            )
        return per_group[group]

    for (place, group), (n, named, counted, people) in session_rows(sessions, year, on, by).items():
        f = figures(place, group)
        f.sessions, f.named, f.counted, f.people = n, named, counted, people
    for (place, group), (n, trained) in member_rows(members, on, by).items():
        f = figures(place, group)
        f.members, f.trained = n, trained
    return answer


def education_rollup(user, year: int, on: datetime.date, by: str) -> dict[int, dict]:
    """The figures per group of each commune (`by` "commune") or province ("province") the
    user sees, for `year` standing on `on`: {place id: {group: GroupFigures}}."""
    return rollup(
        EducationSession.objects.visible_to(user),
        AudienceMember.objects.visible_to(user),
        year,
        on,
        by,
    )


def empty_groups() -> dict[str, GroupFigures]:
    return {
        g: GroupFigures(members=0 if g in CADRES else None, trained=0 if g in CADRES else None)
        for g in GROUPS
    }


# --- the core registry (figures per commune, for report forms and assessments) -------------------
def _for_communes(ids: list[int], on: datetime.date) -> dict[int, dict]:
    return rollup(
        EducationSession.objects.filter(commune_id__in=ids),
        AudienceMember.objects.filter(commune_id__in=ids),
        on.year,
        on,
        BY_COMMUNE,
    )


def _sessions_held(ids: list[int], on: datetime.date) -> dict[int, int]:
    return {
        pk: sum(f.sessions for f in groups.values())
        for pk, groups in _for_communes(ids, on).items()
    }


def _trained_share(group: str):
    def compute(ids: list[int], on: datetime.date) -> dict[int, float]:
        answer = {}
        for pk, groups in _for_communes(ids, on).items():
            f = groups.get(group)
            if f is not None and f.members:
                answer[pk] = f.trained_share or 0.0
        return answer

    return compute


def _cadres_due(ids: list[int], on: datetime.date) -> dict[int, int]:
    return {
        pk: sum(f.due or 0 for f in groups.values())
        for pk, groups in _for_communes(ids, on).items()
    }


def _coverage_url(commune_id: int, on: datetime.date) -> str | None:
    from garrison.operations.home import link

    return link("operations:education_coverage", commune=Commune.code_of(commune_id), year=on.year)


def _due_url(commune_id: int, on: datetime.date) -> str | None:
    from garrison.operations.home import link

    return link("operations:edugroupmember_list", commune=Commune.code_of(commune_id), due="true")


register_indicator(
    Indicator(
        "operations.education_sessions",
        _("defence and security education sessions held"),
        _("Education register: sessions of the year (every audience group) started by the day"),
        _sessions_held,
        unit=_("sessions"),
        list_url=_coverage_url,
    )
)
register_indicator(
    Indicator(
        "operations.education_cadres_due",
        _("cadres due for defence and security education"),
        _(
            "Education groups register: cadres of the four groups in their group on the day, "
            "not trained within the cycle"
        ),
        _cadres_due,
        unit=_("cadres"),
        list_url=_due_url,
    )
)


def _coverage_label(group: AudienceGroup):
    """Put in the reader's language when shown (not once, at import)."""
    return lazy(lambda: gettext("education coverage, %(group)s") % {"group": group.label}, str)()


for _group in CADRE_GROUPS:
    register_indicator(
        Indicator(
            f"operations.education_coverage_{_group.value}",
            _coverage_label(_group),
            _(
                "Education groups register: share of the group's cadres on the day trained "
                "within the cycle (per cent; communes without cadres in the group read 0)"
            ),
            _trained_share(_group.value),
            unit=_("per cent"),
            list_url=_coverage_url,
        )
    )
