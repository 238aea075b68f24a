"""Pages of the education registers (filled in by issue 18's education work)."""
