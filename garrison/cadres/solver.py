"""The placement solver: an optimal assignment of candidates to posts. Pure: no ORM.

The objective is lexicographic, in this order:
1. fill the most posts;
2. among those assignments, fill the most strategic posts (border, remote, island, key
   defence-security communes);
3. among those, maximise the total priority points (`rules.priority`).

It is solved exactly as one maximum-weight assignment (scipy's `linear_sum_assignment`, a
Jonker–Volgenant solver) on integer weights: a filled post is worth `fill`, a strategic one
`strategic` more, plus the match's points, where `strategic` exceeds every possible total of
points and `fill` every possible total of the other two. The weights stay below 2**53, so the
float arithmetic is exact. Pairs that are not eligible weigh 0, and a pair of weight 0 in the
solver's answer is a post left empty.

Pins and forbidden pairs are applied before solving: a pin keeps only its pair in its post's
row and its candidate's column; a forbidden pair weighs 0.

`greedy` is the baseline the bench compares against: posts in order (strategic first), each
taking its best free eligible candidate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .rules import MAX_SCORE


class PinError(ValueError):
    """A pin that cannot hold (its pair is not eligible, or two pins claim one post or one
    candidate)."""


@dataclass(frozen=True)
class Problem:
    """`eligible[(post, candidate)] = points` for every pair that passes screening (indices
    into the post and candidate lists); `strategic[post]`."""

    n_posts: int
    n_candidates: int
    eligible: dict[tuple[int, int], int]
    strategic: list[bool]


@dataclass(frozen=True)
class Solution:
    #: {post index: candidate index} of the filled posts
    matches: dict[int, int]
    filled: int
    strategic_filled: int
    points: int

    def key(self) -> tuple[int, int, int]:
        """What the solver maximises, in order."""
        return (self.filled, self.strategic_filled, self.points)


def weights(n_posts: int) -> tuple[int, int]:
    """(fill, strategic) weights that make the objective lexicographic for `n_posts` posts."""
    strategic = n_posts * MAX_SCORE + 1
    fill = n_posts * (strategic + MAX_SCORE) + 1
    return fill, strategic


def constrain(
    problem: Problem,
    *,
    pins: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
) -> Problem:
    """The problem with the hand's adjustments applied."""
    eligible = dict(problem.eligible)
    for pair in forbidden:
        eligible.pop(pair, None)
    pinned_posts: dict[int, int] = {}
    pinned_candidates: dict[int, int] = {}
    for post, candidate in pins:
        if (post, candidate) not in eligible:
            raise PinError((post, candidate))
        if pinned_posts.get(post, candidate) != candidate:
            raise PinError((post, candidate))
        if pinned_candidates.get(candidate, post) != post:
            raise PinError((post, candidate))
        pinned_posts[post] = candidate
        pinned_candidates[candidate] = post
    if pinned_posts:
        eligible = {
            (p, c): points
            for (p, c), points in eligible.items()
            if pinned_posts.get(p, c) == c and pinned_candidates.get(c, p) == p
        }
    return Problem(problem.n_posts, problem.n_candidates, eligible, problem.strategic)


def evaluate(problem: Problem, matches: dict[int, int]) -> Solution:
    strategic = sum(1 for p in matches if problem.strategic[p])
    points = sum(problem.eligible[(p, c)] for p, c in matches.items())
    return Solution(matches, len(matches), strategic, points)


def solve(problem: Problem) -> Solution:
    """The optimal assignment (see the module's docstring)."""
    if not problem.eligible:
        return evaluate(problem, {})
    # only the rows and columns that have an eligible pair enter the matrix
    posts = sorted({p for p, _c in problem.eligible})
    candidates = sorted({c for _p, c in problem.eligible})
    row = {p: i for i, p in enumerate(posts)}
    col = {c: j for j, c in enumerate(candidates)}
    fill, strategic = weights(problem.n_posts)
    benefit = np.zeros((len(posts), len(candidates)))
    for (p, c), points in problem.eligible.items():
        benefit[row[p], col[c]] = fill + (strategic if problem.strategic[p] else 0) + points
    rows, cols = linear_sum_assignment(benefit, maximize=True)
    matches = {
        posts[i]: candidates[j] for i, j in zip(rows, cols, strict=True) if benefit[i, j] > 0
    }
    return evaluate(problem, matches)


def greedy(problem: Problem) -> Solution:
    """The baseline: strategic posts first, then the others, each in index order, taking the
    free eligible candidate with the most points."""
    by_post: dict[int, list[tuple[int, int]]] = {}
    for (p, c), points in problem.eligible.items():
        by_post.setdefault(p, []).append((points, c))
    taken: set[int] = set()
    matches: dict[int, int] = {}
    order = sorted(range(problem.n_posts), key=lambda p: (not problem.strategic[p], p))
    for p in order:
        for _points, c in sorted(by_post.get(p, []), key=lambda pc: (-pc[0], pc[1])):
            if c not in taken:
                matches[p] = c
                taken.add(c)
                break
    return evaluate(problem, matches)
