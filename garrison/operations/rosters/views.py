"""Pages of the rosters registers (filled in by issue 17's rosters work)."""
