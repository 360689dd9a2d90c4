"""A problem with a workbook: what the reader, the guard's findings and the app report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """An error or warning about a workbook, at a cell where one applies.

    `message` says it all in one line; `subject` (the question ID or column),
    `expected` and `found` repeat its parts where it has them, for tables.
    """

    cell: str | None
    message: str
    subject: str | None = None
    expected: str | None = None
    found: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """As the CLI's JSON lists it (shared/scoring-cli.md)."""
        return {"cell": self.cell, "message": self.message}

    def describe(self, source: str) -> str:
        where = f"{source}, {self.cell}" if self.cell else source
        return f"{where}: {self.message}"
