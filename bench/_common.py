"""Shared set-up of the benchmarks: a throwaway database, Django, the figure line."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def parse_args(description: str, scales: dict[str, Any]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", choices=sorted(scales), default="small")
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the throwaway SQLite database (its path is printed)",
    )
    return parser.parse_args()


def setup_django() -> str:
    """A fresh database: DATABASE_URL if set (it must be a throwaway database: the bench writes
    to it), else a new SQLite file in a temporary directory. Returns a description."""
    if not os.environ.get("DATABASE_URL"):
        data_dir = tempfile.mkdtemp(prefix="garrison-bench-")
        os.environ["GARRISON_DATA_DIR"] = data_dir
        where = f"SQLite in {data_dir}"
    else:
        where = "DATABASE_URL"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
    os.environ.setdefault("GARRISON_TASKS", "immediate")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return where


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    elapsed = [0.0]
    yield lambda: elapsed[0]
    elapsed[0] = time.perf_counter() - start


def best_of(repeat: int, func: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def figure(name: str, value: float, unit: str, baseline: float, fmt: str = "{:.3f}") -> None:
    ratio = value / baseline if baseline else float("inf")
    print(
        f"{name}: {fmt.format(value)} {unit} (baseline {fmt.format(baseline)}, ratio {ratio:.2f})"
    )
    sys.stdout.flush()


def progress(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)
