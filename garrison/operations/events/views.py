"""Pages of the events registers (filled in by issue 17's events work)."""
