"""How fast and how well the placement solver fills a nation's posts.

    python -m bench.placement [--scale small|national]

`national` is every commune command's Commander and Deputy Commander post open at once:
3,321 posts (about 98 in each of the 34 provinces, about 30 per cent in border, remote, island
or key defence-security communes) and 5,000 candidates spread over the provinces; `small` is
300 posts and 500 candidates. The case is generated in memory from a seed (no database: the
solver is pure), with the facts a profile holds (age, service category, rank, political theory,
Party membership, health class, years of local military and grassroots work, mass mobilisation,
ethnic languages, home commune), drawn to look like a real contingent.

Eligibility is `rules.screen` against the Ministry's Commander and Deputy Commander standards
and a province's stricter ones for border communes (plan figures, as in the demo), with the
home-commune rule on; a candidate may only go to a post of their own province, so the screening
runs per province (pairs across provinces are not eligible). Points are `rules.priority`.

Printed: the size of the case and how long the screening of every same-province pair took;
then the figures, each against the greedy baseline (`solver.greedy`: strategic posts first,
each taking its best free candidate):
(1) the time of `solver.solve` on the whole problem as one matrix (best of a few runs) against
    the time of `solver.greedy`;
(2) posts filled, (3) strategic posts filled, (4) total priority points: the optimal
    assignment against the greedy one (the ratio is solve / greedy).
The bench stops when the solver's answer is not a valid assignment or is worse than greedy's.
"""

from __future__ import annotations

import datetime
import os
import random
import time
from dataclasses import dataclass

from bench._common import best_of, figure, parse_args, prepare_environment, progress


@dataclass(frozen=True)
class Scale:
    posts: int
    candidates: int
    repeat: int


SCALES = {
    "small": Scale(posts=300, candidates=500, repeat=5),
    "national": Scale(posts=3_321, candidates=5_000, repeat=3),
}
PROVINCES = 34
ON = datetime.date(2026, 7, 1)  # the placements take effect
SEED = 2026
COMMANDER_SHARE = 0.6  # of a province's open posts; the rest are Deputy Commanders
GROUPS = ["Kinh", "Thái", "Mông", "Tày", "Nùng", "Dao", "Khơ Mú", "Ê Đê", "Gia Rai", "Khmer"]


def standards():
    """The Ministry's standards for Commander and Deputy Commander and a province's stricter
    ones for border communes (plan figures)."""
    from garrison.cadres import rules

    return [
        rules.Standard(
            label="Bộ Quốc phòng: Chỉ huy trưởng",
            position="commander",
            min_age=25,
            max_age=50,
            min_rank=rules.Rank.SENIOR_LIEUTENANT,
            max_rank=rules.Rank.LIEUTENANT_COLONEL,
            min_political_theory=rules.PoliticalTheory.INTERMEDIATE,
            party_required=True,
            max_health_class=2,
        ),
        rules.Standard(
            label="Bộ Quốc phòng: Phó Chỉ huy trưởng",
            position="deputy_commander",
            min_age=23,
            max_age=50,
            min_rank=rules.Rank.SECOND_LIEUTENANT,
            max_rank=rules.Rank.MAJOR,
            min_political_theory=rules.PoliticalTheory.ELEMENTARY,
            party_required=True,
            max_health_class=3,
        ),
        rules.Standard(
            label="Tỉnh: Chỉ huy trưởng — xã biên giới",
            position="commander",
            area=rules.Area.BORDER,
            min_political_theory=rules.PoliticalTheory.INTERMEDIATE,
            max_health_class=1,
            min_local_military_years=5,
            categories=frozenset({rules.ServiceCategory.REGULAR_OFFICER}),
        ),
        rules.Standard(
            label="Tỉnh: Phó Chỉ huy trưởng — xã biên giới",
            position="deputy_commander",
            area=rules.Area.BORDER,
            max_health_class=2,
            min_local_military_years=2,
        ),
    ]


# --- generating -----------------------------------------------------------------------------


def spread(total: int, parts: int) -> list[int]:
    """`total` split over `parts` as evenly as can be."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def make_posts(rng: random.Random, n_posts: int):
    """[(province, post)]: per province, Commanders of its first communes, then Deputies of as
    many of them; each commune's kind drawn once (about 30 per cent strategic)."""
    from garrison.cadres import rules

    out = []
    commune_ids: dict[int, list[int]] = {}
    next_commune = 1
    for province, count in enumerate(spread(n_posts, PROVINCES)):
        commanders = round(count * COMMANDER_SHARE)
        communes = []
        for _ in range(max(commanders, count - commanders)):
            draw = rng.random()
            communes.append(
                {
                    "commune_id": next_commune,
                    "is_border": draw < 0.12,
                    "is_remote": 0.12 <= draw < 0.25,
                    "is_island": 0.25 <= draw < 0.27,
                    "is_key_defence": 0.27 <= draw < 0.30,
                    "local_groups": frozenset(rng.sample(GROUPS, rng.choice([1, 1, 2, 3]))),
                }
            )
            next_commune += 1
        # every commune of the province can be someone's home, also those with no open post
        commune_ids[province] = [c["commune_id"] for c in communes] + list(
            range(next_commune, next_commune + count)
        )
        next_commune += count
        slots = [("commander", c) for c in communes[:commanders]]
        slots += [("deputy_commander", c) for c in communes[: count - commanders]]
        for position, commune in slots:
            out.append(
                (
                    province,
                    rules.Post(
                        key=f"{commune['commune_id']}:{position}:0",
                        command_id=commune["commune_id"],
                        position=position,
                        label=f"{position} — commune {commune['commune_id']}",
                        **commune,
                    ),
                )
            )
    return out, commune_ids


def make_candidates(rng: random.Random, n_candidates: int, commune_ids: dict[int, list[int]]):
    """[(province, candidate)] with facts drawn like a real contingent's."""
    from garrison.cadres import rules

    categories = [
        (rules.ServiceCategory.REGULAR_OFFICER, 0.72),
        (rules.ServiceCategory.PROFESSIONAL_SOLDIER, 0.08),
        (rules.ServiceCategory.RESERVE_OFFICER, 0.08),
        (rules.ServiceCategory.CIVIL_SERVANT, 0.12),
    ]
    ranks = [
        (rules.Rank.SECOND_LIEUTENANT, 0.10),
        (rules.Rank.FIRST_LIEUTENANT, 0.17),
        (rules.Rank.SENIOR_LIEUTENANT, 0.23),
        (rules.Rank.CAPTAIN, 0.25),
        (rules.Rank.MAJOR, 0.15),
        (rules.Rank.LIEUTENANT_COLONEL, 0.08),
        (rules.Rank.SENIOR_LIEUTENANT_COLONEL, 0.02),
    ]
    theories = [
        (rules.PoliticalTheory.NONE, 0.05),
        (rules.PoliticalTheory.ELEMENTARY, 0.25),
        (rules.PoliticalTheory.INTERMEDIATE, 0.55),
        (rules.PoliticalTheory.ADVANCED, 0.15),
    ]

    def pick(table):
        return rng.choices([v for v, _w in table], [w for _v, w in table])[0]

    out = []
    for serial, province in enumerate(
        p for p, count in enumerate(spread(n_candidates, PROVINCES)) for _ in range(count)
    ):
        category = pick(categories)
        officer = category in (
            rules.ServiceCategory.REGULAR_OFFICER,
            rules.ServiceCategory.RESERVE_OFFICER,
        )
        age_days = rng.randint(24 * 365, 54 * 365)
        out.append(
            (
                province,
                rules.Candidate(
                    id=serial,
                    name=f"Cán bộ {serial}",
                    date_of_birth=ON - datetime.timedelta(days=age_days),
                    service_category=category,
                    rank=pick(ranks) if officer else "",
                    political_theory=pick(theories),
                    party_member=rng.random() < 0.92,
                    health_class=None if rng.random() < 0.04 else rng.choice([1, 1, 1, 2, 2, 3]),
                    local_military_years=round(rng.uniform(0, 15), 1),
                    grassroots_years=round(rng.uniform(0, 12), 1),
                    mass_mobilisation=rng.random() < 0.3,
                    ethnic_languages=frozenset(rng.sample(GROUPS, rng.choice([0, 1, 1, 2]))),
                    home_commune_id=rng.choice(commune_ids[province]),
                ),
            )
        )
    return out


@dataclass
class Case:
    problem: object
    posts: int
    strategic: int
    candidates: int
    screened: int
    screening_seconds: float


def build(scale: Scale) -> Case:
    """Generate the case and screen every same-province pair (timed)."""
    from garrison.cadres import rules, solver

    rng = random.Random(SEED)
    posts, commune_ids = make_posts(rng, scale.posts)
    candidates = make_candidates(rng, scale.candidates, commune_ids)
    the_standards = standards()
    by_province: dict[int, list[tuple[int, rules.Candidate]]] = {}
    for j, (province, cand) in enumerate(candidates):
        by_province.setdefault(province, []).append((j, cand))
    eligible: dict[tuple[int, int], int] = {}
    screened = 0
    started = time.perf_counter()
    for i, (province, post) in enumerate(posts):
        mine = rules.applicable(the_standards, post)
        for j, cand in by_province.get(province, []):
            screened += 1
            if rules.screen(cand, post, mine, ON, home_rule=True).passed:
                eligible[(i, j)] = rules.priority(cand, post)[0]
    seconds = time.perf_counter() - started
    problem = solver.Problem(
        len(posts), len(candidates), eligible, [post.strategic for _p, post in posts]
    )
    return Case(
        problem=problem,
        posts=len(posts),
        strategic=sum(problem.strategic),
        candidates=len(candidates),
        screened=screened,
        screening_seconds=seconds,
    )


# --- measuring ------------------------------------------------------------------------------


def check(problem, solution, name: str) -> None:
    """Stop when an answer is not an assignment of eligible pairs."""
    if any(pair not in problem.eligible for pair in solution.matches.items()):
        raise SystemExit(f"INVALID {name}: a match that is not eligible")
    if len(set(solution.matches.values())) != len(solution.matches):
        raise SystemExit(f"INVALID {name}: a candidate placed twice")


def measure(case: Case, repeat: int) -> None:
    from garrison.cadres import solver

    problem = case.problem
    progress("solving (greedy, then the optimal assignment)")
    greedy_seconds, baseline = best_of(repeat, lambda: solver.greedy(problem))
    solve_seconds, best = best_of(repeat, lambda: solver.solve(problem))
    check(problem, baseline, "greedy")
    check(problem, best, "solve")
    if best.key() < baseline.key():
        raise SystemExit(f"WORSE than greedy: solve {best.key()} / greedy {baseline.key()}")
    figure(
        "solve time, the whole problem as one matrix (solver.solve)",
        solve_seconds * 1000,
        "ms",
        greedy_seconds * 1000,
        "{:,.1f}",
    )
    figure("posts filled (solve vs greedy)", best.filled, "posts", baseline.filled, "{:,.0f}")
    figure(
        "strategic posts filled (solve vs greedy)",
        best.strategic_filled,
        "posts",
        baseline.strategic_filled,
        "{:,.0f}",
    )
    figure(
        "total priority points (solve vs greedy)", best.points, "points", baseline.points, "{:,.0f}"
    )


def main() -> None:
    args = parse_args(__doc__.splitlines()[0], SCALES)
    scale = SCALES[args.scale]
    prepare_environment()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
    import django

    django.setup()  # the rules' messages are translated; no database is used
    progress(f"generating the {args.scale} case and screening every same-province pair")
    started = time.perf_counter()
    case = build(scale)
    problem = case.problem
    print(
        f"case: {case.posts:,} posts ({case.strategic:,} strategic) in {PROVINCES} provinces, "
        f"{case.candidates:,} candidates; generated and screened in "
        f"{time.perf_counter() - started:,.1f} s"
    )
    print(
        f"screening: {case.screened:,} same-province pairs in {case.screening_seconds:,.1f} s "
        f"(rules.screen, then rules.priority for the {len(problem.eligible):,} that pass)"
    )
    rows = len({p for p, _c in problem.eligible})
    columns = len({c for _p, c in problem.eligible})
    print(
        f"the solver's matrix: {rows:,} posts × {columns:,} candidates that have an eligible "
        "pair, every province in one matrix"
    )
    measure(case, scale.repeat)


if __name__ == "__main__":
    main()
