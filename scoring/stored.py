"""What each cell stores, read as Excel and openpyxl read it, and whether calamine agrees.

python-calamine reads values fast but not always as Excel does: it drops a value split
by a comment, a CDATA section or a character reference, trims the runs of rich text,
and reads a malformed shared-string index as the first string. The guard keeps every
cell as its XML stores it; here each cell's value is worked out from that, and a cell
whose stored form is ambiguous, or that calamine reads differently, is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from scoring.guard import (
    SHARED_STRING_INDEX,
    SheetFacts,
    StoredCell,
    Unshowable,
    column_letters,
    unescape,
)
from scoring.problems import Problem
from scoring.values import shown

_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


class Ambiguous(ValueError):
    """A cell whose stored form spreadsheet programs could read differently; says why."""


@dataclass(frozen=True)
class FormulaError:
    """A formula whose saved result is an error such as #REF! or #DIV/0!."""

    code: str


def stored_value(cell: StoredCell, shared_strings: tuple[str | None, ...]) -> Any:
    """The value Excel shows for a cell, from its XML; `Ambiguous` where readers differ."""
    value = _stored_value(cell, shared_strings)
    if isinstance(value, Unshowable):
        # Excel's `_xHHHH_` escapes can spell characters no text may hold (a lone
        # surrogate, a control character), which programs show differently or not at all.
        raise Ambiguous(f"its text holds the character U+{value.code_point:04X}, which is "
                        "not a character text can show")
    return value


def _stored_value(cell: StoredCell, shared_strings: tuple[str | None, ...]) -> Any:
    if len(cell.values) + len(cell.inlines) > 1:
        raise Ambiguous("it stores more than one value")
    inline = cell.type == "inlineStr"
    if (cell.inlines and not inline) or (cell.values and inline):
        raise Ambiguous("its text is stored in a way only some programs read")
    if inline:
        return unescape(cell.inlines[0]) if cell.inlines else None
    text = cell.values[0] if cell.values else None
    if text is None or (text == "" and cell.type in {"n", "str"}):
        return None
    if cell.type == "n":
        if not _NUMBER.fullmatch(text):
            raise Ambiguous(f"it stores {text[:40]!r} as a number")
        return float(text)
    if cell.type == "s":
        if not SHARED_STRING_INDEX.fullmatch(text) or int(text) >= len(shared_strings):
            raise Ambiguous(f"it points to shared text number {text[:40]!r}, which does not exist")
        return shared_strings[int(text)]
    if cell.type == "str":
        return unescape(text)
    if cell.type == "b":
        if text not in {"0", "1"}:
            raise Ambiguous(f"it stores {text[:40]!r} as TRUE or FALSE")
        return text == "1"
    if cell.type == "e":
        return FormulaError(text.strip())
    if cell.type == "d":
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise Ambiguous(f"it stores {text[:40]!r} as a date") from None
    raise Ambiguous(f"it has a cell type '{cell.type[:20]}' that Excel does not write")


def reads_the_same(stored: Any, read: Any) -> bool:
    """Whether calamine's value `read` is the value Excel shows, `stored`."""
    if isinstance(stored, FormulaError):
        return True  # calamine reads errors as blanks; the reader reports them from `stored`
    if stored is None or isinstance(stored, str):
        # calamine trims each run of text; only the whole text's ends may differ.
        return (read is None or isinstance(read, str)) and (read or "").strip() == (
            stored or ""
        ).strip()
    if isinstance(stored, bool):
        return read is stored
    if isinstance(stored, float):
        if isinstance(read, datetime | date | time | timedelta):
            return True  # a number formatted as a date, which calamine reads as one
        return isinstance(read, int | float) and not isinstance(read, bool) and (
            float(read) == stored
        )
    return read == stored


# ---------------------------------------------------------------- a sheet's cells

AMBIGUOUS = "a value every spreadsheet program reads the same way"
RESAVE = "Ask the provider to open the file in Excel, save it again and resend it."


def stored_values(
    sheet: str, facts: SheetFacts, shared_strings: tuple[str | None, ...]
) -> tuple[dict[tuple[int, int], Any], list[Problem]]:
    """Every stored cell's value as Excel shows it, and a problem for each ambiguous one."""
    values: dict[tuple[int, int], Any] = {}
    problems: list[Problem] = []
    for place, cell in facts.stored.items():
        try:
            values[place] = stored_value(cell, shared_strings)
        except Ambiguous as ambiguity:
            problems.append(Problem(
                _ref(sheet, place),
                f"expected {AMBIGUOUS}, found a cell whose stored form is ambiguous "
                f"({ambiguity}). {RESAVE}",
                expected=AMBIGUOUS, found=f"an ambiguous cell: {ambiguity}",
            ))
    return values, problems


def disagreements(
    sheet: str, values: dict[tuple[int, int], Any], rows: list[list[Any]]
) -> list[Problem]:
    """A problem for each cell calamine read differently from what Excel shows."""
    problems = []
    places = set(values) | {
        (row, column)
        for row, cells in enumerate(rows)
        if cells.count(None) + cells.count("") < len(cells)  # skips blank rows at C speed
        for column, value in enumerate(cells)
        if value is not None and value != ""
    }
    for row, column in sorted(places):
        read = rows[row][column] if row < len(rows) and column < len(rows[row]) else None
        stored = values.get((row, column))
        if not reads_the_same(stored, read):
            found = (f"a cell that Excel shows as {_shown(stored)} but that can also be "
                     f"read as {_shown(read)}")
            problems.append(Problem(
                _ref(sheet, (row, column)),
                f"expected {AMBIGUOUS}, found {found}. {RESAVE}",
                expected=AMBIGUOUS, found=found,
            ))
    return problems


def hidden_by_merges(
    sheet: str, facts: SheetFacts, values: dict[tuple[int, int], Any]
) -> tuple[frozenset[tuple[int, int]], list[Problem]]:
    """Cells with a value that a merged cell hides (Excel shows only the first), and a
    warning for each: they are read as blank, as Excel shows them."""
    hidden: set[tuple[int, int]] = set()
    warnings = []
    for top, left, bottom, right in facts.merged:
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                value = values.get((row, column))
                if (row, column) == (top, left) or value is None or value == "":
                    continue
                hidden.add((row, column))
                merged = f"{_ref(sheet, (top, left))}:{column_letters(right + 1)}{bottom + 1}"
                warnings.append(Problem(
                    _ref(sheet, (row, column)),
                    f"this cell holds {_shown(value)} but is hidden under the merged cells "
                    f"{merged}, so Excel does not show it; it was read as blank. Ask the "
                    "provider to unmerge those cells and put the answer where it shows.",
                    expected="an answer Excel shows", found=f"{_shown(value)}, hidden",
                ))
    return frozenset(hidden), warnings


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, FormulaError):
        return value.code
    return shown(value)


def _ref(sheet: str, place: tuple[int, int]) -> str:
    return f"{sheet}!{column_letters(place[1] + 1)}{place[0] + 1}"
