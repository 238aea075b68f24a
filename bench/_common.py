"""Shared set-up of the benchmarks: a throwaway database, Django, the figure line."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import time
import tracemalloc
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


def peak_memory(func: Any, *args: Any) -> float:
    """The most memory (MB) Python held while `func` ran."""
    tracemalloc.start()
    try:
        func(*args)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def progress(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


# --- a bench that generates its registers -------------------------------------------------------
def prepare_environment() -> None:
    """Production settings where they change what is measured: DEBUG off (no query log)."""
    os.environ.setdefault("GARRISON_DEBUG", "0")
    os.environ.setdefault("GARRISON_SECRET_KEY", secrets.token_urlsafe(50))


def tune_sqlite(generating: bool) -> None:
    """While generating: a large page cache and no fsync (a throwaway file); then SQLite's
    defaults again, so the timed queries see a normal connection."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        if generating:
            cursor.execute("PRAGMA cache_size = -1000000")
            cursor.execute("PRAGMA synchronous = OFF")
        else:
            cursor.execute("PRAGMA cache_size = -2000")
            cursor.execute("PRAGMA synchronous = FULL")


def describe_database(where: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]} ({where})"
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]} ({where})"


def run_generated(
    description: str,
    scales: dict[str, Any],
    build: Callable[[Any], Any],
    measure: Callable[[Any, str], None],
) -> None:
    """The main of a bench that generates its registers: parse --scale and --keep-db, set up a
    throwaway database with production settings, `build(scale)` (which returns an object with
    `seconds` and `counts`) with SQLite tuned for writing, print the database and what was
    generated, `measure(built, scale name)`, then remove the SQLite file unless kept."""
    args = parse_args(description, scales)
    prepare_environment()
    where = setup_django()
    database = describe_database(where)
    progress(f"database: {database}; generating the {args.scale} registers")
    tune_sqlite(generating=True)
    built = build(scales[args.scale])
    tune_sqlite(generating=False)
    print(f"database: {database}")
    print(
        f"generated in {built.seconds:,.0f} s: "
        + ", ".join(f"{n:,} {name}" for name, n in built.counts.items())
    )
    measure(built, args.scale)
    drop_data_dir(keep=args.keep_db)


def drop_data_dir(keep: bool) -> None:
    """Remove the bench's own SQLite data folder (unless asked to keep it)."""
    data_dir = os.environ.get("GARRISON_DATA_DIR")
    if data_dir and not os.environ.get("DATABASE_URL"):
        if keep:
            progress(f"kept the database in {data_dir}")
        else:
            from django.db import connection

            connection.close()
            shutil.rmtree(data_dir, ignore_errors=True)
