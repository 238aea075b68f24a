"""Pages of the patrols registers (filled in by issue 17's patrols work)."""
