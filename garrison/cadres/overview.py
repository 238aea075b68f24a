"""The figures of the cadres overview, the training priority list and the home page: the
Commander fill rate and its gaps, the posts falling vacant by a horizon, the structure of the
contingent, the entitlements due but missing. Each figure is one query over the user's scope
(the vacancy forecast: the few of `placement.open_posts`), never a loop over rows.
Pure reads: nothing here changes a row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.cadres import rules
from garrison.cadres.models import (
    BodyMembership,
    CadreProfile,
    Entitlement,
    PlacementRun,
)
from garrison.cadres.services.development import training_priority
from garrison.cadres.services.placement import open_posts, vacancy_label
from garrison.commands.models import Assignment, MilitaryCommand
from garrison.commands.querysets import commander_name
from garrison.commands.rules import Position, fill_rate
from garrison.core.dates import add_months
from garrison.territory.models import Province

#: the horizons (months) the vacancy forecast offers, and its default
HORIZONS = (3, 6, 12, 24)
DEFAULT_HORIZON = 12
#: the home page's horizon for "posts falling vacant soon"
HOME_HORIZON = 6
#: the posts the forecast covers
FORECAST_POSITIONS = [str(Position.COMMANDER), str(Position.DEPUTY_COMMANDER)]
#: the allowances a post in such a commune entitles to: (entitlement kind, commune flag)
AREA_ENTITLEMENTS = (
    (Entitlement.Kind.BORDER_ALLOWANCE, "is_border"),
    (Entitlement.Kind.REMOTE_ALLOWANCE, "is_remote"),
    (Entitlement.Kind.ISLAND_ALLOWANCE, "is_island"),
)


# --- Commander fill rate ----------------------------------------------------------------------


def commune_commands(user: Any, province_id: int | None = None) -> QuerySet:
    """The commune commands the user sees (of one province when given)."""
    commands = MilitaryCommand.objects.visible_to(user).communes()
    if province_id is not None:
        commands = commands.filter(province_id=province_id)
    return commands


def _has_commander(on: datetime.date) -> Exists:
    return Exists(
        Assignment.objects.current(on).filter(command=OuterRef("pk"), position=Position.COMMANDER)
    )


def commander_fill(user: Any, province_id: int | None, on: datetime.date) -> dict[str, Any]:
    """{commands, filled, vacant, rate}: commune commands, how many have a Commander in post on
    `on`, and the share (one aggregate query)."""
    totals = (
        commune_commands(user, province_id)
        .annotate(_has=_has_commander(on))
        .aggregate(commands=Count("pk"), filled=Count("pk", filter=Q(_has=True)))
    )
    commands, filled = totals["commands"] or 0, totals["filled"] or 0
    return {
        "commands": commands,
        "filled": filled,
        "vacant": commands - filled,
        "rate": fill_rate(filled, commands),
    }


def commander_gaps(user: Any, province_id: int | None, on: datetime.date) -> QuerySet:
    """The commune commands whose Commander post is vacant on `on`, by name."""
    return (
        commune_commands(user, province_id)
        .annotate(_has=_has_commander(on))
        .filter(_has=False)
        .select_related("commune")
        .order_by("name", "pk")
    )


def fill_table(user: Any, province_id: int | None, on: datetime.date) -> QuerySet:
    """Every commune command with its Commander, whether the post is filled, and its posts
    held against the staffing table (one query; the workbook's first section)."""
    return (
        commune_commands(user, province_id)
        .with_staffing(on)
        .annotate(commander_name=commander_name(on))
        .select_related("commune")
        .order_by("name", "pk")
    )


def province_fill(user: Any, on: datetime.date) -> list[dict[str, Any]]:
    """Per province the user sees: commune commands, with a Commander, rate (two queries)."""
    rollup = {
        row["province"]: row
        for row in MilitaryCommand.objects.visible_to(user).commander_rollup(on)
    }
    out = []
    for province in Province.objects.visible_to(user).order_by("code"):
        row = rollup.get(province.pk, {"commands": 0, "with_commander": 0})
        out.append(
            {
                "province": province,
                "commands": row["commands"],
                "filled": row["with_commander"],
                "vacant": row["commands"] - row["with_commander"],
                "rate": fill_rate(row["with_commander"], row["commands"]),
            }
        )
    return out


# --- posts falling vacant ---------------------------------------------------------------------


@dataclass
class Vacancy:
    command: MilitaryCommand
    position: str
    #: None: vacant now
    date: datetime.date | None
    why: str
    holder_name: str = ""
    profile_id: int | None = None
    strategic: bool = False

    @property
    def position_label(self) -> str:
        return str(Position(self.position).label)

    @property
    def why_label(self) -> str:
        return str(vacancy_label(self.why))

    @property
    def vacant_now(self) -> bool:
        return self.date is None


def horizon_months(value: Any) -> int:
    """The horizon a GET parameter asks for, or the default when it is not one offered."""
    try:
        months = int(value)
    except (TypeError, ValueError):
        return DEFAULT_HORIZON
    return months if months in HORIZONS else DEFAULT_HORIZON


def vacancies(
    user: Any, province_id: int, today: datetime.date, months: int, *, held_only: bool = False
) -> list[Vacancy]:
    """The province's Commander and Deputy Commander posts vacant today or falling vacant
    within `months` (age limit, end of term, rotation: `placement.open_posts`), soonest first,
    each with its holder's profile when the user may open it (one query for all of them)."""
    horizon = add_months(today, months)
    posts = open_posts(province_id, FORECAST_POSITIONS, today, horizon, with_groups=False)
    if held_only:
        posts = [o for o in posts if o.holder is not None]
    person_ids = [o.holder.person_id for o in posts if o.holder is not None]
    profiles = dict(
        CadreProfile.objects.visible_to(user)
        .filter(person_id__in=person_ids)
        .values_list("person_id", "pk")
        if person_ids
        else ()
    )
    rows = []
    for o in posts:
        day, why = o.vacancy[0]
        rows.append(
            Vacancy(
                command=o.command,
                position=o.post.position,
                date=day,
                why=why,
                holder_name=o.holder.person.full_name if o.holder else "",
                profile_id=profiles.get(o.holder.person_id) if o.holder else None,
                strategic=o.post.strategic,
            )
        )
    rows.sort(key=lambda v: (v.date or today, v.command.name, v.position))
    return rows


# --- structure of the contingent --------------------------------------------------------------


def active_profiles(user: Any, province_id: int | None = None) -> QuerySet:
    profiles = CadreProfile.objects.visible_to(user).filter(status=CadreProfile.Status.ACTIVE)
    if province_id is not None:
        profiles = profiles.filter(province_id=province_id)
    return profiles


def _age_cutoff(today: datetime.date, years: int) -> datetime.date:
    """Someone is at least `years` old on `today` when born on or before this day (the same
    count as `core.dates.age_on`, 29 February included)."""
    return add_months(today, -12 * years)


#: the lower bound in years of each band of rules.AGE_BANDS and rules.EXPERIENCE_BANDS
_AGE_FROM = [None, 30, 35, 40, 45, 50]
_EXPERIENCE_FROM = [None, 2, 5, 10]


def _banded(bounds: list[int | None], test) -> dict[str, Q]:
    """{band index: Q}: at least the band's bound and below the next one's."""
    out = {}
    for i, low in enumerate(bounds):
        q = Q()
        if low is not None:
            q &= test(low, True)
        if i + 1 < len(bounds):
            q &= test(bounds[i + 1], False)
        out[f"b{i}"] = q
    return out


def by_age(profiles: QuerySet, today: datetime.date) -> list[tuple[str, int]]:
    """[(band, cadres)] in the order of rules.AGE_BANDS (one aggregate query)."""

    def test(years: int, at_least: bool) -> Q:
        q = Q(person__date_of_birth__lte=_age_cutoff(today, years))
        return q if at_least else ~q

    counts = profiles.aggregate(
        **{k: Count("pk", filter=q) for k, q in _banded(_AGE_FROM, test).items()}
    )
    return [(band, counts[f"b{i}"] or 0) for i, band in enumerate(rules.AGE_BANDS)]


def by_experience(profiles: QuerySet) -> list[tuple[str, int]]:
    """[(band, cadres)] of years of local military work, in the order of
    rules.EXPERIENCE_BANDS (one aggregate query)."""

    def test(years: int, at_least: bool) -> Q:
        return Q(local_military_years__gte=years) if at_least else Q(local_military_years__lt=years)

    counts = profiles.aggregate(
        **{k: Count("pk", filter=q) for k, q in _banded(_EXPERIENCE_FROM, test).items()}
    )
    return [(band, counts[f"b{i}"] or 0) for i, band in enumerate(rules.EXPERIENCE_BANDS)]


def _by_choice(profiles: QuerySet, field: str, choices, empty_label: str) -> list[tuple[str, int]]:
    counts = dict(profiles.order_by().values_list(field).annotate(n=Count("pk")))
    rows = [(str(label), counts.get(value, 0)) for value, label in choices.choices]
    if counts.get(""):
        rows.append((empty_label, counts[""]))
    return rows


def by_rank(profiles: QuerySet) -> list[tuple[str, int]]:
    """[(rank, cadres)], lowest rank first, then those without a rank (one grouped query)."""
    return _by_choice(profiles, "rank", rules.Rank, _("no officer rank"))


def by_theory(profiles: QuerySet) -> list[tuple[str, int]]:
    """[(political theory level, cadres)], lowest first (one grouped query)."""
    return _by_choice(profiles, "political_theory", rules.PoliticalTheory, _("not recorded"))


def structure(profiles: QuerySet, today: datetime.date) -> list[dict[str, Any]]:
    """The four tables of the contingent's structure: {key, title, heading, rows, total}."""
    tables = [
        ("age", _("By age"), _("age"), by_age(profiles, today)),
        ("rank", _("By rank"), _("rank"), by_rank(profiles)),
        ("theory", _("By political theory level"), _("level"), by_theory(profiles)),
        (
            "experience",
            _("By years of local military work"),
            _("years"),
            by_experience(profiles),
        ),
    ]
    return [
        {
            "key": key,
            "title": title,
            "heading": heading,
            "rows": rows,
            "total": sum(n for _label, n in rows),
            "chart_id": f"chart-{key}",
            "chart": {
                "labels": [label for label, _n in rows],
                "datasets": [{"label": _("cadres"), "data": [n for _label, n in rows]}],
                "percent": False,
            },
        }
        for key, title, heading, rows in tables
    ]


# --- entitlements due but missing ---------------------------------------------------------------


def entitlement_gaps(profiles: QuerySet, today: datetime.date) -> QuerySet:
    """The cadres holding a post today in a border, remote or island commune without an
    entitlement of that kind in force today; each row carries `<kind>_post` and `<kind>_held`
    (one query, Exists annotations)."""
    posts = Assignment.objects.current(today).filter(person_id=OuterRef("person_id"))
    held = Entitlement.objects.filter(profile=OuterRef("pk"), started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    annotations: dict[str, Exists] = {}
    missing = Q(pk__in=[])
    for kind, flag in AREA_ENTITLEMENTS:
        annotations[f"{kind}_post"] = Exists(posts.filter(**{f"command__commune__{flag}": True}))
        annotations[f"{kind}_held"] = Exists(held.filter(kind=kind))
        missing |= Q(**{f"{kind}_post": True, f"{kind}_held": False})
    return (
        profiles.annotate(**annotations)
        .filter(missing)
        .select_related("person", "commune")
        .order_by("person__name_sort_key", "pk")
    )


def missing_kinds(profile: CadreProfile) -> list[tuple[str, str]]:
    """[(kind, label)] of the allowances `profile` (a row of entitlement_gaps) lacks."""
    return [
        (str(kind), str(kind.label))
        for kind, _flag in AREA_ENTITLEMENTS
        if getattr(profile, f"{kind}_post") and not getattr(profile, f"{kind}_held")
    ]


# --- the commune's own command --------------------------------------------------------------------


def command_holders(user: Any, command: MilitaryCommand, today: datetime.date) -> QuerySet:
    """Who holds the posts of `command` today, with their profile when the user may open it."""
    profile = CadreProfile.objects.visible_to(user).filter(person_id=OuterRef("person_id"))
    return (
        Assignment.objects.visible_to(user)
        .current(today)
        .filter(command=command)
        .annotate(profile_pk=Subquery(profile.values("pk")[:1]))
        .select_related("person")
        .order_by("position", "start_date", "pk")
    )


# --- training priority -------------------------------------------------------------------------


def priority_list(user: Any, enrolled: bool | None = None) -> QuerySet:
    """`development.training_priority` over the user's cadres, with each one's seats on a body
    today (`seats`, one prefetch query per page)."""
    today = timezone.localdate()
    qs = training_priority(CadreProfile.objects.visible_to(user))
    if enrolled is not None:
        qs = qs.filter(enrolled=enrolled)
    seats = (
        BodyMembership.objects.filter(started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .order_by("body", "term")
    )
    return qs.prefetch_related(Prefetch("memberships", queryset=seats, to_attr="seats"))


def seats_label(profile: CadreProfile) -> str:
    return "; ".join(f"{m.get_body_display()} {m.term}" for m in getattr(profile, "seats", []))


# --- home ----------------------------------------------------------------------------------------


def home_counts(user: Any, province_id: int, today: datetime.date) -> dict[str, int]:
    """The figures of a province's cadres to-do list (a fixed handful of queries)."""
    fill = commander_fill(user, province_id, today)
    soon = vacancies(user, province_id, today, HOME_HORIZON, held_only=True)
    not_enrolled = (
        training_priority(CadreProfile.objects.visible_to(user)).filter(enrolled=False).count()
    )
    drafts = PlacementRun.objects.visible_to(user).filter(status=PlacementRun.Status.DRAFT)
    return {
        "commander_vacant": fill["vacant"],
        "falling_vacant": len(soon),
        "not_enrolled": not_enrolled,
        "draft_runs": drafts.count(),
    }
