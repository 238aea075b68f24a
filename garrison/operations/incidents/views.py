"""Pages of the incidents registers (filled in by issue 17's incidents work)."""
