"""From rows to the facts `rules` works on: candidates, posts, standards. A few queries for a
whole province, never one per pair."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext

from garrison.cadres import rules
from garrison.cadres.models import CadreProfile, PostStandard
from garrison.commands.models import MilitaryCommand
from garrison.commands.rules import Position
from garrison.people.models import Person

#: an ethnic group counts as "local" in a commune from this share of its registered residents
LOCAL_GROUP_SHARE = 0.2


def candidate(profile: CadreProfile) -> rules.Candidate:
    person = profile.person
    return rules.Candidate(
        id=profile.pk,
        name=person.full_name,
        date_of_birth=person.date_of_birth,
        service_category=profile.service_category,
        rank=profile.rank,
        political_theory=profile.political_theory,
        party_member=profile.party_member,
        health_class=profile.health_class,
        local_military_years=float(profile.local_military_years),
        grassroots_years=float(profile.grassroots_years),
        mass_mobilisation=profile.mass_mobilisation,
        ethnic_languages=profile.languages,
        home_commune_id=profile.home_commune_id,
    )


def standard(row: PostStandard) -> rules.Standard:
    owner = row.province.short_name if row.province_id else gettext("Ministry")
    return rules.Standard(
        label=f"{owner}: {row.get_position_display()} — {row.get_area_display()}",
        position=row.position,
        area=row.area,
        min_age=row.min_age,
        max_age=row.max_age,
        min_rank=row.min_rank,
        max_rank=row.max_rank,
        min_political_theory=row.min_political_theory,
        party_required=row.party_required,
        max_health_class=row.max_health_class,
        min_local_military_years=(
            float(row.min_local_military_years)
            if row.min_local_military_years is not None
            else None
        ),
        min_grassroots_years=(
            float(row.min_grassroots_years) if row.min_grassroots_years is not None else None
        ),
        categories=frozenset(row.categories or []),
    )


def standard_rows(province_id: int | None):
    """The Ministry's standards and those of `province_id`."""
    return PostStandard.objects.filter(
        Q(province__isnull=True) | Q(province_id=province_id)
    ).select_related("province")


def standards_for(province_id: int | None) -> list[rules.Standard]:
    return [standard(row) for row in standard_rows(province_id)]


def local_groups(commune_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    """The ethnic groups that make up at least LOCAL_GROUP_SHARE of each commune's registered
    residents (one GROUP BY for all the communes)."""
    ids = list(commune_ids)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Person.objects.filter(residence_commune_id__in=ids)
        .order_by()
        .values("residence_commune_id", "ethnicity")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["residence_commune_id"]][row["ethnicity"]] = row["n"]
    out = {}
    for commune_id in ids:
        groups = counts.get(commune_id, {})
        total = sum(groups.values())
        out[commune_id] = frozenset(
            g for g, n in groups.items() if total and n / total >= LOCAL_GROUP_SHARE
        )
    return out


def post(
    command: MilitaryCommand,
    position: str,
    *,
    slot: int = 0,
    groups: dict[int, frozenset[str]] | None = None,
) -> rules.Post:
    commune = command.commune
    if groups is None and commune is not None:
        groups = local_groups([commune.pk])
    return rules.Post(
        key=f"{command.pk}:{position}:{slot}",
        command_id=command.pk,
        commune_id=command.commune_id,
        position=position,
        label=f"{Position(position).label} — {command.name}",
        is_border=bool(commune and commune.is_border),
        is_remote=bool(commune and commune.is_remote),
        is_island=bool(commune and commune.is_island),
        is_key_defence=bool(commune and commune.is_key_defence),
        local_groups=(groups or {}).get(command.commune_id, frozenset()),
    )


def screen(
    profile: CadreProfile,
    command: MilitaryCommand,
    position: str,
    on: datetime.date,
    *,
    home_rule: bool = True,
) -> tuple[rules.Screening, int, list[tuple[str, int]]]:
    """Screen one candidate for one post: the result with every reason, and the priority
    points the match would be worth (with their parts)."""
    the_post = post(command, position)
    facts = candidate(profile)
    result = rules.screen(
        facts, the_post, standards_for(command.province_id), on, home_rule=home_rule
    )
    points, parts = rules.priority(facts, the_post)
    return result, points, parts
