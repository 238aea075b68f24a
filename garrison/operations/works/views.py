"""Pages of the works registers (filled in by issue 18's works work)."""
