"""Reporting-rate arithmetic as pure functions (no ORM)."""

from __future__ import annotations


def rate(part: int, whole: int) -> float | None:
    """part/whole as a percentage with one decimal, None when nothing is expected."""
    return round(100.0 * part / whole, 1) if whole else None
