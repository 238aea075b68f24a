"""Returns up: report forms with numbered versions of fields and rules, and the communes' returns
made on them (filled, submitted, approved or returned)."""
