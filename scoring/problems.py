"""A problem with a workbook, and a validation error put in a bidder's words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.limits import MAX_PAYMENT_LINES, MAX_TARGETS
from scoring.models import QuestionSheet, fields_of
from scoring.values import ENUM, shown


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


def validation_problem(
    error: Any, model: Any, location: tuple[Any, ...], cell: str | None
) -> Problem:
    """A validation error in a bidder's words: what was expected, what was found."""
    kind = error["type"]
    context = error.get("ctx") or {}
    field_name = location[-1] if location and isinstance(location[-1], str) else None
    spec = (
        next(s for s in fields_of(model) if s.name == field_name)
        if model and field_name in model.model_fields and field_name != "cells"
        else None
    )
    label = spec.label if spec else None
    expected = "a value" if spec is None else spec.kind.expected
    if spec is not None and spec.kind == ENUM:
        expected = "one of " + ", ".join(spec.choices)
    found = shown(error.get("input"))

    def parts(message: str, expected: str | None = None, found: str | None = None) -> Problem:
        return Problem(cell, message, label, expected, found)

    if kind == "missing":
        if model is not None and issubclass(model, QuestionSheet) and cell is None:
            return parts(f"the required question {label} is missing from sheet '{model.sheet}'")
        what = f"question {label}" if model and issubclass(model, QuestionSheet) else label
        return parts(f"{what} is required: expected {expected}, found a blank cell",
                     expected, "a blank cell")
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        words, key = {
            "greater_than_equal": ("at least", "ge"),
            "greater_than": ("more than", "gt"),
            "less_than_equal": ("at most", "le"),
            "less_than": ("less than", "lt"),
        }[kind]
        bound = f"{words} {bound_in_words(context[key])}"
        return parts(f"{label}: expected {expected}, {bound}; found {found}",
                     f"{expected}, {bound}", found)
    if kind in {"string_too_long", "too_long"} and isinstance(error.get("input"), str):
        limit = context.get("max_length", 0)
        found = f"{len(error.get('input') or ''):,} characters"
        return parts(f"{label}: expected text of at most {limit:,} characters, found {found}",
                     f"text of at most {limit:,} characters", found)
    if kind == "enum":
        return parts(f"{label}: expected {expected}; found {found}", expected, found)
    if kind == "too_short" and location == ("payment_lines",):
        return parts("expected at least one payment line below the header, found none",
                     "at least one payment line", "none")
    if kind == "too_long" and location in TABLE_ROWS:
        rows = error["input"]
        first, last = _row_of(rows[context["max_length"]]), _row_of(rows[-1])
        return too_many_rows(location[0], len(rows), first, last)
    prefix = f"{label}: " if label else ""
    return parts(f"{prefix}{error['msg']}", context.get("expected"), context.get("found"))


# table -> (its sheet, what its rows are, how many it may have)
TABLE_ROWS = {("payment_lines",): ("Payment", "payment lines", MAX_PAYMENT_LINES),
              ("targets",): ("Targets", "targets", MAX_TARGETS)}


def too_many_rows(table: str, count: int, first: int | None, last: int | None) -> Problem:
    """A table longer than any real contract's, at its first row over the limit
    (`first` and `last` are the workbook's row numbers of the rows over it)."""
    sheet, what, limit = TABLE_ROWS[(table,)]
    where = (f"the rows after the first {limit}" if first is None or last is None
             else f"rows {first} to {last}" if first != last else f"row {first}")
    return Problem(f"{sheet}!A{first}" if first else None,
                   f"the {sheet} sheet has {count:,} {what}; a contract has tens, and at "
                   f"most {limit} are accepted: combine or remove {where}",
                   sheet, f"at most {limit} {what}", f"{count:,}")


def _row_of(record: Any) -> int | None:
    """The workbook row a table record was read from (its cells name it)."""
    cells = record.get("cells") if isinstance(record, dict) else None
    for ref in (cells or {}).values():
        digits = "".join(c for c in str(ref).rsplit("!", 1)[-1] if c.isdigit())
        if digits:
            return int(digits)
    return None


def bound_in_words(limit: float) -> str:
    """A limit as people write it: 1,000,000."""
    return f"{limit:,.0f}" if float(limit).is_integer() else f"{limit:,}"
