"""Cadre policy as code: the vocabularies of a profile, the criteria a candidate must meet for a
post (screening, with every reason), and the priority the placement policy gives a match.
Pure: no ORM. The services read the rows, build these facts and call these functions.

Sources and interpretations:
- The posts are those of a commune Military Command (NQ 66.12/2026, LAW.md §6, `commands.rules`).
- LAW.md holds no criteria for officers (the Law on Officers and TTLT 50/2016 are not in it,
  LAW.md §7.15). The standards are therefore **data**: the Ministry sets one per post, and each
  province may add stricter ones for border, remote, island and key defence-security communes
  (`PostStandard`). Nothing here invents an age or rank limit; the demo's figures are plan
  figures and say so.
- Ranks are compared in the order of the officer ranks (thiếu úy … đại tá). A candidate without
  a rank fails any rank bound; a civil servant has none.
- The home-commune rule (no one commands the commune they come from) is a policy choice, on by
  default, switched per placement run.
- Priority (the policy's order of preference, Kết luận 228 and the staffing guidance quoted in
  LAW.md §6): experience in local military work, advanced political theory, grassroots
  experience, mass-mobilisation skills, knowing the local customs and ethnic language. Each is
  worth points (`PRIORITY_POINTS`); the total of a match is at most `MAX_SCORE`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from garrison.core.dates import add_years, age_on
from garrison.core.numbers import format_number


class ServiceCategory(models.TextChoices):
    REGULAR_OFFICER = "regular_officer", _("regular officer")
    PROFESSIONAL_SOLDIER = "professional_soldier", _("professional soldier")
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    RESERVE_OFFICER = "reserve_officer", _("reserve officer called up for active service")


class Rank(models.TextChoices):
    """Officer ranks, lowest first (the order is the comparison)."""

    SECOND_LIEUTENANT = "second_lieutenant", _("Second Lieutenant")
    FIRST_LIEUTENANT = "first_lieutenant", _("First Lieutenant")
    SENIOR_LIEUTENANT = "senior_lieutenant", _("Senior Lieutenant")
    CAPTAIN = "captain", _("Captain")
    MAJOR = "major", _("Major")
    LIEUTENANT_COLONEL = "lieutenant_colonel", _("Lieutenant Colonel")
    SENIOR_LIEUTENANT_COLONEL = "senior_lieutenant_colonel", _("Senior Lieutenant Colonel")
    COLONEL = "colonel", _("Colonel")


RANK_ORDER = {value: i for i, value in enumerate(Rank.values)}


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("none")
    ELEMENTARY = "elementary", _("elementary")
    INTERMEDIATE = "intermediate", _("intermediate")
    ADVANCED = "advanced", _("advanced")


THEORY_ORDER = {value: i for i, value in enumerate(PoliticalTheory.values)}


class Area(models.TextChoices):
    """Which communes a standard applies to."""

    ANY = "any", _("every commune")
    BORDER = "border", _("border communes")
    REMOTE = "remote", _("remote, extremely difficult communes")
    ISLAND = "island", _("island communes")
    KEY_DEFENCE = "key_defence", _("key defence-security communes")


class Body(models.TextChoices):
    PARTY_EXECUTIVE = "party_executive", _("commune Party Executive Committee")
    PARTY_STANDING = "party_standing", _("Standing Committee of the commune Party Committee")
    PEOPLES_COUNCIL = "peoples_council", _("commune People's Council")


#: the terms of the bodies (Party congresses 2025–2030; People's Councils 2026–2031)
BODY_TERMS = {
    Body.PARTY_EXECUTIVE: "2025–2030",
    Body.PARTY_STANDING: "2025–2030",
    Body.PEOPLES_COUNCIL: "2026–2031",
}


# --- facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    date_of_birth: datetime.date
    service_category: str
    rank: str = ""
    political_theory: str = PoliticalTheory.NONE
    party_member: bool = False
    health_class: int | None = None
    local_military_years: float = 0
    grassroots_years: float = 0
    mass_mobilisation: bool = False
    ethnic_languages: frozenset[str] = frozenset()
    home_commune_id: int | None = None


@dataclass(frozen=True)
class Post:
    """A post of a command to fill: `key` names it ("command_id:position")."""

    key: str
    command_id: int
    commune_id: int | None
    position: str
    label: str = ""
    is_border: bool = False
    is_remote: bool = False
    is_island: bool = False
    is_key_defence: bool = False
    #: the ethnic groups that make up a large share of the commune's residents
    local_groups: frozenset[str] = frozenset()

    @property
    def strategic(self) -> bool:
        """Border, remote, island or key defence-security: filled first."""
        return self.is_border or self.is_remote or self.is_island or self.is_key_defence

    def in_area(self, area: str) -> bool:
        return {
            Area.ANY: True,
            Area.BORDER: self.is_border,
            Area.REMOTE: self.is_remote,
            Area.ISLAND: self.is_island,
            Area.KEY_DEFENCE: self.is_key_defence,
        }.get(area, False)


@dataclass(frozen=True)
class Standard:
    """The criteria of one standard row; an empty bound is no bound."""

    label: str
    position: str
    area: str = Area.ANY
    min_age: int | None = None
    max_age: int | None = None
    min_rank: str = ""
    max_rank: str = ""
    min_political_theory: str = ""
    party_required: bool = False
    max_health_class: int | None = None
    min_local_military_years: float | None = None
    min_grassroots_years: float | None = None
    categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    standard: str = ""


@dataclass
class Screening:
    passed: bool
    reasons: list[Reason] = field(default_factory=list)
    #: the standards that were applied (their labels), so a pass says against what
    applied: list[str] = field(default_factory=list)


def applicable(standards: Iterable[Standard], post: Post) -> list[Standard]:
    return [s for s in standards if s.position == post.position and post.in_area(s.area)]


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def _years(n: float) -> str:
    """ "1 year", "2.5 years" (translated, with the plural form of the number and the
    language's decimal mark: "2,5 năm")."""
    shown = format_number(float(n))
    return ngettext("%(n)s year", "%(n)s years", 1 if n == 1 else 2) % {"n": shown}


def check(candidate: Candidate, standard: Standard, on: datetime.date) -> list[Reason]:
    """Every criterion of `standard` that `candidate` does not meet on `on`."""
    out: list[Reason] = []

    def fail(code: str, message: str) -> None:
        out.append(Reason(code, message, standard.label))

    age = age_on(candidate.date_of_birth, on)
    if standard.min_age is not None and age < standard.min_age:
        fail(
            "age",
            gettext("Aged %(age)s; the post needs at least %(min)s.")
            % {"age": age, "min": standard.min_age},
        )
    if standard.max_age is not None and age > standard.max_age:
        fail(
            "age",
            gettext("Aged %(age)s; the post allows at most %(max)s.")
            % {"age": age, "max": standard.max_age},
        )
    if standard.categories and candidate.service_category not in standard.categories:
        allowed = ", ".join(sorted(_label(ServiceCategory, c) for c in standard.categories))
        fail(
            "category",
            gettext("Is a %(is)s; the post is for: %(allowed)s.")
            % {"is": _label(ServiceCategory, candidate.service_category), "allowed": allowed},
        )
    rank = RANK_ORDER.get(candidate.rank)
    if standard.min_rank:
        if rank is None:
            fail(
                "rank",
                gettext("Holds no officer rank; the post needs at least %(min)s.")
                % {"min": _label(Rank, standard.min_rank)},
            )
        elif rank < RANK_ORDER[standard.min_rank]:
            fail(
                "rank",
                gettext("Rank %(rank)s is below the %(min)s the post needs.")
                % {"rank": _label(Rank, candidate.rank), "min": _label(Rank, standard.min_rank)},
            )
    if standard.max_rank and rank is not None and rank > RANK_ORDER[standard.max_rank]:
        fail(
            "rank",
            gettext("Rank %(rank)s is above the %(max)s the post allows.")
            % {"rank": _label(Rank, candidate.rank), "max": _label(Rank, standard.max_rank)},
        )
    if (
        standard.min_political_theory
        and THEORY_ORDER.get(candidate.political_theory, 0)
        < THEORY_ORDER[standard.min_political_theory]
    ):
        fail(
            "political_theory",
            gettext("Political theory %(has)s; the post needs at least %(min)s.")
            % {
                "has": _label(PoliticalTheory, candidate.political_theory),
                "min": _label(PoliticalTheory, standard.min_political_theory),
            },
        )
    if standard.party_required and not candidate.party_member:
        fail("party", gettext("Not a Party member; the post requires Party membership."))
    if standard.max_health_class is not None:
        if candidate.health_class is None:
            fail("health", gettext("No health class recorded; record the last health check."))
        elif candidate.health_class > standard.max_health_class:
            fail(
                "health",
                gettext("Health class %(has)s; the post needs class %(max)s or better.")
                % {"has": candidate.health_class, "max": standard.max_health_class},
            )
    if (
        standard.min_local_military_years is not None
        and candidate.local_military_years < standard.min_local_military_years
    ):
        fail(
            "local_experience",
            gettext("%(has)s of local military work; the post needs %(min)s.")
            % {
                "has": _years(candidate.local_military_years),
                "min": _years(standard.min_local_military_years),
            },
        )
    if (
        standard.min_grassroots_years is not None
        and candidate.grassroots_years < standard.min_grassroots_years
    ):
        fail(
            "grassroots",
            gettext("%(has)s at grassroots level; the post needs %(min)s.")
            % {
                "has": _years(candidate.grassroots_years),
                "min": _years(standard.min_grassroots_years),
            },
        )
    return out


def screen(
    candidate: Candidate,
    post: Post,
    standards: Iterable[Standard],
    on: datetime.date,
    *,
    home_rule: bool = True,
) -> Screening:
    """Pass or fail for `candidate` in `post` on `on`, with every reason. A post without any
    standard fails: nothing would say the candidate is fit for it."""
    mine = applicable(standards, post)
    reasons: list[Reason] = []
    if not mine:
        reasons.append(
            Reason(
                "no_standard",
                gettext(
                    "No standard is set for this post: the Ministry or the province must set "
                    "one before anyone can be screened for it."
                ),
            )
        )
    for standard in mine:
        reasons += check(candidate, standard, on)
    if home_rule and post.commune_id is not None and candidate.home_commune_id == post.commune_id:
        reasons.append(
            Reason(
                "home_commune",
                gettext(
                    "Comes from this commune, and the rule against serving in one's home "
                    "commune is on."
                ),
            )
        )
    return Screening(not reasons, reasons, [s.label for s in mine])


# --- priority -------------------------------------------------------------------------------

#: points per criterion: (per year, cap) for the experience, a flat number for the rest
PRIORITY_POINTS = {
    "local_experience": (3, 30),
    "advanced_theory": 20,
    "intermediate_theory": 8,
    "grassroots": (2, 20),
    "mass_mobilisation": 10,
    "local_language": 20,
}
MAX_SCORE = 100


@dataclass(frozen=True)
class Part:
    """One reason a match is worth points: `code` names the criterion, `value` the figure it
    counts (years, languages). Stored as [code, value, points] and put into words when read,
    so a proposal reads in the reader's language. Unpacks as (label, points)."""

    code: str
    points: int
    value: float | str | None = None

    @property
    def label(self) -> str:
        if self.code == "local_experience":
            return gettext("%(n)s of local military work") % {"n": _years(float(self.value or 0))}
        if self.code == "grassroots":
            return gettext("%(n)s at grassroots level") % {"n": _years(float(self.value or 0))}
        if self.code == "local_language":
            return gettext("speaks %(languages)s, spoken in the commune") % {
                "languages": self.value
            }
        return {
            "advanced_theory": gettext("advanced political theory"),
            "intermediate_theory": gettext("intermediate political theory"),
            "mass_mobilisation": gettext("mass-mobilisation skills"),
        }.get(self.code, self.code)

    def __iter__(self):
        return iter((self.label, self.points))

    def as_json(self) -> list:
        return [self.code, self.value, self.points]

    @classmethod
    def from_json(cls, row: list) -> Part:
        code, value, points = row
        return cls(code, points, value)


def priority(candidate: Candidate, post: Post) -> tuple[int, list[Part]]:
    """The policy's priority for this match, in points (0 … MAX_SCORE), and the parts of it
    that count, each with its points (what the proposal shows as the reason for the match)."""
    parts: list[Part] = []
    per_year, cap = PRIORITY_POINTS["local_experience"]
    points = min(cap, int(candidate.local_military_years * per_year))
    if points:
        parts.append(Part("local_experience", points, candidate.local_military_years))
    if candidate.political_theory == PoliticalTheory.ADVANCED:
        parts.append(Part("advanced_theory", PRIORITY_POINTS["advanced_theory"]))
    elif candidate.political_theory == PoliticalTheory.INTERMEDIATE:
        parts.append(Part("intermediate_theory", PRIORITY_POINTS["intermediate_theory"]))
    per_year, cap = PRIORITY_POINTS["grassroots"]
    points = min(cap, int(candidate.grassroots_years * per_year))
    if points:
        parts.append(Part("grassroots", points, candidate.grassroots_years))
    if candidate.mass_mobilisation:
        parts.append(Part("mass_mobilisation", PRIORITY_POINTS["mass_mobilisation"]))
    shared = sorted(candidate.ethnic_languages & post.local_groups)
    if shared:
        parts.append(Part("local_language", PRIORITY_POINTS["local_language"], ", ".join(shared)))
    return min(MAX_SCORE, sum(p.points for p in parts)), parts


def falls_vacant(
    *,
    holder_birth: datetime.date,
    max_age: int | None,
    assignment_start: datetime.date,
    assignment_end: datetime.date | None,
    rotation_years: int | None,
    until: datetime.date,
) -> list[tuple[datetime.date, str]]:
    """The first day a held post is free, on or before `until`, and why: the holder passes the
    post's age limit, the assignment's term has ended (the day after its last day), or the
    holder has served the rotation period."""
    out: list[tuple[datetime.date, str]] = []
    if max_age is not None:
        # the day after the holder's (max_age + 1)th birthday would exceed the bound; the post
        # falls vacant on that birthday (29 February → 1 March in common years)
        year = holder_birth.year + max_age + 1
        try:
            limit = holder_birth.replace(year=year)
        except ValueError:
            limit = datetime.date(year, 3, 1)
        if limit <= until:
            out.append((limit, "age"))
    if assignment_end is not None and assignment_end < until:
        out.append((assignment_end + datetime.timedelta(days=1), "term"))
    if rotation_years:
        # a period in years ends on the same day and month (29 February → 28 February)
        due = add_years(assignment_start, rotation_years)
        if due <= until:
            out.append((due, "rotation"))
    return sorted(out)


def age_band(age: int) -> str:
    """The bands of the contingent's age chart."""
    if age < 30:
        return "<30"
    if age < 35:
        return "30–34"
    if age < 40:
        return "35–39"
    if age < 45:
        return "40–44"
    if age < 50:
        return "45–49"
    return "≥50"


AGE_BANDS = ["<30", "30–34", "35–39", "40–44", "45–49", "≥50"]


def experience_band(years: float) -> str:
    if years < 2:
        return "<2"
    if years < 5:
        return "2–4"
    if years < 10:
        return "5–9"
    return "≥10"


EXPERIENCE_BANDS = ["<2", "2–4", "5–9", "≥10"]
