"""The benchmarks still run: each generates its small scale in a throwaway SQLite database and
prints its figure lines ("name: time s (baseline b, ratio r)"). Times are never asserted here
(see bench/); this only keeps the benches from rotting as the code changes. Run once, on the
SQLite pass: the bench makes its own database whatever the suite runs on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIGURE = re.compile(
    r"^(?P<name>[^#\n][^\n]*): [\d.,]+ \S+ \(baseline [\d.,]+, ratio [\d.]+\)$", re.M
)

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the benches make their own SQLite database: run once, on the SQLite pass",
)


@pytest.mark.parametrize(
    ("bench", "figures"),
    [
        ("bench.screening", 3),
        ("bench.pool", 3),
        ("bench.forces", 7),
        ("bench.reporting", 3),
        ("bench.placement", 4),
        ("bench.imports", 8),
        ("bench.exports", 6),
        ("bench.operations", 6),
        ("bench.defence_zone", 8),
        ("bench.dataset", 0),  # builds the small nation, prints what it holds
        ("bench.people", 8),
        ("bench.home", 6),
        ("bench.api_load", 6),
    ],
)
def test_the_bench_runs_at_small_scale_and_prints_its_figures(bench, figures):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GARRISON_DATA_DIR")}
    done = subprocess.run(
        [sys.executable, "-m", bench, "--scale", "small"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    names = FIGURE.findall(done.stdout)
    assert len(names) == figures, done.stdout
