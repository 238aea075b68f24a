"""The placement solver (garrison/cadres/solver.py) against brute force: on many random small
problems the solver reaches exactly the best (filled, strategic filled, points) that trying
every assignment finds; pins hold, forbidden pairs never appear; the greedy baseline is never
better and sometimes worse. Pure: no database."""

from __future__ import annotations

import random

import pytest

from garrison.cadres import rules, solver
from garrison.cadres.solver import PinError, Problem

SEEDS = range(1000)


def random_problem(rng: random.Random, max_posts: int = 5, max_candidates: int = 6) -> Problem:
    # mostly near the largest size (the hard cases), sometimes anything down to empty
    n_posts = max(0, max_posts - rng.randint(0, 2)) if rng.random() < 0.8 else rng.randint(0, 2)
    n_candidates = max(0, max_candidates - rng.randint(0, 2))
    if rng.random() < 0.1:
        n_candidates = rng.randint(0, 2)
    density = rng.choice([0.15, 0.35, 0.6, 0.9])
    # a few distinct point values, so that ties and near-ties both happen
    values = rng.choice([[0], [0, 100], list(range(0, 101, 25)), list(range(101))])
    eligible = {
        (p, c): rng.choice(values)
        for p in range(n_posts)
        for c in range(n_candidates)
        if rng.random() < density
    }
    strategic = [rng.random() < 0.4 for _ in range(n_posts)]
    return Problem(n_posts, n_candidates, eligible, strategic)


def brute_force(
    problem: Problem,
    *,
    pins: frozenset[tuple[int, int]] = frozenset(),
    forbidden: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[int, int, int]:
    """The best key over every partial injective assignment of eligible, not forbidden pairs
    that contains every pin."""
    options = {
        p: [c for c in range(problem.n_candidates) if (p, c) in problem.eligible]
        for p in range(problem.n_posts)
    }
    best = (-1, -1, -1)

    def walk(p: int, used: frozenset[int], chosen: list[tuple[int, int]]) -> None:
        nonlocal best
        if p == problem.n_posts:
            if pins <= set(chosen):
                key = (
                    len(chosen),
                    sum(1 for q, _c in chosen if problem.strategic[q]),
                    sum(problem.eligible[pair] for pair in chosen),
                )
                best = max(best, key)
            return
        walk(p + 1, used, chosen)
        for c in options[p]:
            if c not in used and (p, c) not in forbidden:
                walk(p + 1, used | {c}, [*chosen, (p, c)])

    walk(0, frozenset(), [])
    return best


def assert_valid(problem: Problem, solution: solver.Solution, where: str) -> None:
    """Only eligible pairs, each candidate at most once, the figures add up."""
    assert all(pair in problem.eligible for pair in solution.matches.items()), where
    assert len(set(solution.matches.values())) == len(solution.matches), where
    assert solution == solver.evaluate(problem, solution.matches), where


# --- optimality -----------------------------------------------------------------------------


def test_it_reaches_the_brute_force_optimum_on_random_small_problems():
    for seed in SEEDS:
        problem = random_problem(random.Random(seed))
        solution = solver.solve(problem)
        assert_valid(problem, solution, f"seed {seed}")
        assert solution.key() == brute_force(problem), f"seed {seed}: {problem}"


def test_it_reaches_the_optimum_on_crowded_problems_with_more_posts_than_candidates():
    for seed in SEEDS:
        rng = random.Random(10_000 + seed)
        problem = random_problem(rng, max_posts=6, max_candidates=4)
        solution = solver.solve(problem)
        assert_valid(problem, solution, f"seed {seed}")
        assert solution.key() == brute_force(problem), f"seed {seed}: {problem}"


def test_it_fills_more_posts_before_it_fills_strategic_ones_or_scores_points():
    """Two posts, two candidates: taking the strategic post with the 100-point candidate would
    leave the other post empty; filling both is better, however few points it scores."""
    problem = Problem(
        2,
        2,
        {(0, 0): 100, (0, 1): 0, (1, 0): 0},
        [True, False],
    )
    solution = solver.solve(problem)
    assert solution.matches == {0: 1, 1: 0}
    assert solution.key() == (2, 1, 0)


def test_it_prefers_a_strategic_post_over_any_number_of_points():
    problem = Problem(2, 1, {(0, 0): 0, (1, 0): rules.MAX_SCORE}, [True, False])
    assert solver.solve(problem).matches == {0: 0}


def test_it_leaves_a_post_without_eligible_candidates_empty():
    problem = Problem(3, 2, {(0, 0): 10, (2, 1): 5}, [False, True, False])
    solution = solver.solve(problem)
    assert solution.matches == {0: 0, 2: 1}
    assert solution.key() == (2, 0, 15)


def test_it_answers_an_empty_problem_with_nothing_filled():
    assert solver.solve(Problem(4, 3, {}, [True] * 4)).key() == (0, 0, 0)
    assert solver.solve(Problem(0, 0, {}, [])).matches == {}


def test_it_keeps_the_weights_lexicographic_and_exact_at_national_size():
    for n in (1, 5, 3321, 5000):
        fill, strategic = solver.weights(n)
        # every strategic post outweighs all the points; every filled post all the rest
        assert strategic > n * rules.MAX_SCORE
        assert fill > n * (strategic + rules.MAX_SCORE)
        # the whole objective stays an exact integer in a float
        assert n * (fill + strategic + rules.MAX_SCORE) < 2**53


# --- pins and forbidden pairs ---------------------------------------------------------------


def random_adjustments(rng: random.Random, problem: Problem):
    """Up to two compatible pins and a few forbidden pairs (never a pinned pair)."""
    pairs = sorted(problem.eligible)
    rng.shuffle(pairs)
    pins: list[tuple[int, int]] = []
    for p, c in pairs[: rng.randint(0, 2)]:
        if all(p != q and c != d for q, d in pins):
            pins.append((p, c))
    rest = [pair for pair in pairs if pair not in pins]
    forbidden = rng.sample(rest, min(len(rest), rng.randint(0, 3)))
    return frozenset(pins), frozenset(forbidden)


def test_it_holds_every_pin_and_never_uses_a_forbidden_pair_and_stays_optimal():
    for seed in SEEDS:
        rng = random.Random(20_000 + seed)
        problem = random_problem(rng)
        pins, forbidden = random_adjustments(rng, problem)
        constrained = solver.constrain(problem, pins=pins, forbidden=forbidden)
        solution = solver.solve(constrained)
        where = f"seed {seed}: pins {sorted(pins)}, forbidden {sorted(forbidden)}"
        assert_valid(problem, solution, where)
        assert pins <= set(solution.matches.items()), where
        assert not forbidden & set(solution.matches.items()), where
        assert solution.key() == brute_force(problem, pins=pins, forbidden=forbidden), where


def test_it_keeps_a_pin_even_when_that_fills_fewer_posts():
    """Candidate 0 could fill post 0 or post 1, candidate 1 only post 0: the optimum fills
    both; pinning candidate 0 to post 0 leaves post 1 empty, as the hand decided."""
    problem = Problem(2, 2, {(0, 0): 50, (1, 0): 50, (0, 1): 10}, [False, False])
    assert solver.solve(problem).filled == 2
    pinned = solver.solve(solver.constrain(problem, pins=[(0, 0)]))
    assert pinned.matches == {0: 0}


def test_it_moves_a_forbidden_candidate_elsewhere():
    problem = Problem(2, 2, {(0, 0): 90, (0, 1): 10, (1, 0): 20, (1, 1): 30}, [True, False])
    assert solver.solve(problem).matches == {0: 0, 1: 1}
    moved = solver.solve(solver.constrain(problem, forbidden=[(0, 0)]))
    assert moved.matches == {0: 1, 1: 0}


@pytest.mark.parametrize(
    ("pins", "forbidden"),
    [
        ([(0, 2)], []),  # not eligible
        ([(0, 0)], [(0, 0)]),  # pinned and forbidden
        ([(0, 0), (0, 1)], []),  # two candidates pinned to one post
        ([(0, 0), (1, 0)], []),  # one candidate pinned to two posts
    ],
)
def test_it_refuses_a_pin_that_cannot_hold(pins, forbidden):
    problem = Problem(2, 3, {(0, 0): 10, (0, 1): 20, (1, 0): 30, (1, 1): 40}, [False, False])
    with pytest.raises(PinError):
        solver.constrain(problem, pins=pins, forbidden=forbidden)


def test_it_accepts_the_same_pin_twice():
    problem = Problem(1, 2, {(0, 0): 10, (0, 1): 20}, [False])
    constrained = solver.constrain(problem, pins=[(0, 0), (0, 0)])
    assert solver.solve(constrained).matches == {0: 0}


# --- the greedy baseline --------------------------------------------------------------------


def test_greedy_is_never_better_than_the_solver():
    for seed in SEEDS:
        rng = random.Random(30_000 + seed)
        problem = random_problem(rng, max_posts=rng.choice([5, 20, 40]), max_candidates=30)
        best, baseline = solver.solve(problem), solver.greedy(problem)
        assert_valid(problem, baseline, f"seed {seed}")
        assert baseline.key() <= best.key(), f"seed {seed}"


def test_greedy_leaves_a_post_empty_that_the_solver_fills():
    """The strategic post 0 goes first and takes its best candidate, Lò Văn An (90 points), the
    only one who could take post 1; the solver gives post 0 to Quàng Văn Bình instead."""
    an, binh = 0, 1
    problem = Problem(2, 2, {(0, an): 90, (0, binh): 10, (1, an): 50}, [True, False])
    baseline, best = solver.greedy(problem), solver.solve(problem)
    assert baseline.matches == {0: an}
    assert baseline.key() == (1, 1, 90)
    assert best.matches == {0: binh, 1: an}
    assert best.key() == (2, 1, 60)
    assert baseline.key() < best.key()


def test_greedy_scores_fewer_points_with_the_same_posts_filled():
    problem = Problem(2, 2, {(0, 0): 60, (0, 1): 50, (1, 0): 100, (1, 1): 0}, [False, False])
    baseline, best = solver.greedy(problem), solver.solve(problem)
    assert baseline.key() == (2, 0, 60)
    assert best.key() == (2, 0, 150)
