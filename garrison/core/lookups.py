"""Lookups of Garrison's own, registered when the core app is ready.

`words`: a search on a folded text column (`core.text.fold`: lower case, no diacritics, đ as
d), such as a person's `search_name`: every word of the typed term, folded alike, must appear
in it, in any order: "nguyen van an", "Nguyễn Văn An" and "an nguyen" find "Nguyễn Văn An".
Each word is one `LIKE '%word%'` (the database's own `contains`), which PostgreSQL serves from
a trigram index on the column (pg_trgm, GIN) for words of three letters or more. So a
register's `search_fields` may hold `"person__search_name__words"` beside its other lookups.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from .text import search_words

#: at most this many words of a search are used (a longer one narrows no further in practice)
MAX_SEARCH_WORDS = 6


class Words(models.Lookup):
    lookup_name = "words"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = search_words(str(self.rhs))[:MAX_SEARCH_WORDS]
        if not words:
            return "1 = 0", []  # a term of no word (punctuation only) finds nothing by name
        like = connection.operators["contains"]
        parts, params = [], []
        for word in words:
            parts.append(f"{lhs} {like}")
            params.extend([*lhs_params, f"%{connection.ops.prep_for_like_query(word)}%"])
        return "(" + " AND ".join(parts) + ")", params


def register() -> None:
    models.CharField.register_lookup(Words)
    models.TextField.register_lookup(Words)
