"""The people register's name search: every word typed must be in the person's folded name
(`Person.search_name`: lower case, no diacritics, đ as d), so "nguyen van an" and "Nguyễn Văn
An" find the same people; digits find the start of a citizen ID. On PostgreSQL a trigram index
(pg_trgm, GIN) serves `search_name LIKE '%word%'` for words of three letters or more; SQLite
reads the rows of the scope (a trial's registers are small)."""

from __future__ import annotations

from typing import Any

from garrison.core.lookups import MAX_SEARCH_WORDS
from garrison.core.text import search_words

TRIGRAM_INDEX = "people_person_search_name_trgm"
CREATE_TRIGRAM_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON people_person "
    "USING gin (search_name gin_trgm_ops)"
)
DROP_TRIGRAM_INDEX = f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"
MAX_WORDS = MAX_SEARCH_WORDS


def name_matches(queryset: Any, term: str, path: str = "search_name") -> Any:
    """The rows of `queryset` whose folded name (at `path`) holds every word of `term`."""
    for word in search_words(term)[:MAX_WORDS]:
        queryset = queryset.filter(**{f"{path}__contains": word})
    return queryset


def search_people(queryset: Any, term: str) -> Any:
    """The list's search box, the API's `q`, exports and pickers alike: a number is the start
    of a citizen ID, anything else words of the name."""
    term = (term or "").strip()
    if term.isdigit():
        return queryset.filter(citizen_id__startswith=term)
    return name_matches(queryset, term)
