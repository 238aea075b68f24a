"""The lessons register's rules as pure functions (no ORM): how its words are folded for the
search, so that "dan quan" finds "dân quân", "DÂN QUÂN" too, and "duong bien" finds "đường biên",
on SQLite and PostgreSQL alike (no database extension: the lesson keeps its words folded in
`search_text`, and the search folds what is typed the same way).

- `fold(text)`: Unicode NFD, the combining marks (tones, breve, circumflex, horn) dropped, đ/Đ
  as d, lower case, runs of white space as one space;
- `search_words(query)`: the query folded and cut into words (punctuation is no word: "biên,"
  is "bien"); a lesson is found when its folded text holds every one of them;
- `search_text(...)`: the folded words of a lesson (title, tags, body, topic and kind in both
  languages, the commune it came from), then its tags each between marks, for the tag filter;
- `replication_problem(...)`: why a replication cannot be recorded.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

# the folding is core's (core.text), shared with the people search; lessons.filters reads both
# here, as the lessons' rules
from garrison.core.text import fold, search_words  # noqa: F401

#: the kinds of commune a lesson may suit, and the lesson's flag for each
SUITS = {
    "border": "for_border",
    "mountain": "for_mountain",
    "island": "for_island",
    "urban": "for_urban",
}


def split_tags(tags: str) -> list[str]:
    """The tags of a lesson, as typed between commas, each trimmed, empty ones left out."""
    return [tag for tag in (part.strip() for part in (tags or "").split(",")) if tag]


def tag_mark(tag: str) -> str:
    """How a tag stands in `search_text`, folded between marks: the tag filter asks for exactly
    this ("dân quân" finds the tag "Dân quân", never the tag "dân quân biển")."""
    return f"⟦{fold(tag)}⟧"


def search_text(parts: Iterable[str | None], tags: str = "") -> str:
    """The folded words of a lesson, from its texts and labels (empty ones left out), then each
    of its `tags` marked (`tag_mark`): its words are found by the search as the others are."""
    words = fold(" ".join(part for part in parts if part))
    return " ".join([words, *map(tag_mark, split_tags(tags))]).strip()


def replication_problem(is_model: bool, from_that_commune: bool) -> str | None:
    """Why a replication cannot be recorded, or None: only an effective model is taken up
    elsewhere (a lesson learned is read, not replicated), and never in the commune it came
    from."""
    if not is_model:
        return _("Only an effective model is replicated: this is a lesson learned.")
    if from_that_commune:
        return _("The model comes from this commune: record where else it was taken up.")
    return None
