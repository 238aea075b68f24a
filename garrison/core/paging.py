"""Pages of a list whose count stops early: the list pages of the registers count at most
`COUNT_CAP` + 1 rows, so a Ministry user's unfiltered list of ten million people answers as
fast as a commune's; past the cap the page says "more than 10,000" (the user narrows the list
by its filters or the search) instead of counting the whole scope on every page view."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property

#: rows counted at most; past them the count reads "more than COUNT_CAP"
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator whose `count` is exact up to `cap` rows and `cap` beyond (`capped` says
    which): one query, `SELECT COUNT(*) FROM (… LIMIT cap + 1)`; the pages stop at the cap."""

    def __init__(self, object_list: Any, per_page: int, cap: int | None = None, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def counted(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # which rows are counted does not matter, only how many
        return rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than counted."""
        return self.counted > self.cap
