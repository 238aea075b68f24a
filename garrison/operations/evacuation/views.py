"""Pages of the evacuation registers (filled in by issue 18's evacuation work)."""
