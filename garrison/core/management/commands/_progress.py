"""A progress bar (tqdm) over the tables a backup or restore reads, for the commands."""

from __future__ import annotations

from typing import Any

from tqdm import tqdm


class TableProgress:
    """Called with (table, rows read so far in it): one bar counting rows, naming the table.
    Shown on a terminal (tqdm hides it otherwise) and not at verbosity 0."""

    def __init__(self, stream: Any, verbosity: int) -> None:
        self.bar = tqdm(
            unit=" rows",
            unit_scale=True,
            file=getattr(stream, "_out", stream),
            disable=None if verbosity > 0 else True,
            leave=False,
        )
        self.table = ""
        self.before = 0

    def __enter__(self) -> TableProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()

    def __call__(self, table: str, rows: int) -> None:
        if table != self.table:
            self.table, self.before = table, 0
            self.bar.set_description(table)
        self.bar.update(rows - self.before)
        self.before = rows
