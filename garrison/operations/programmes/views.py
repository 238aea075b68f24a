"""Pages of the programmes registers (filled in by issue 18's programmes work)."""
