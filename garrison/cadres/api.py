"""The cadres API: profiles, screening, placement proposals."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["cadres"])
