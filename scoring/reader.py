"""Read a bid workbook into a validated `Bid`, or into every problem that stops it.

Reading never raises for bad input: a refused or invalid file becomes a `ReadResult`
with errors that name the sheet and cell, say what was expected and what was found,
and are all reported together.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, ClassVar

import python_calamine
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from scoring.guard import (
    CheckedWorkbook,
    RefusedWorkbook,
    SheetFacts,
    Shows,
    Styles,
    check_workbook,
    column_letters,
    what_it_shows,
)
from scoring.limits import DEFAULT_LIMITS, Limits
from scoring.models import (
    DESIGN_QUESTION_SHEETS,
    DESIGN_TABLE_SHEETS,
    OPTIONAL_SHEETS,
    QUESTION_SHEETS,
    TABLE_SHEETS,
    Bid,
    Design,
    Located,
    QuestionSheet,
    TableRow,
    column_headers,
    kind_of_field,
    match_column,
    question_ids,
)
from scoring.problems import TABLE_ROWS, Problem, too_many_rows, validation_problem
from scoring.stored import (
    RESAVE,
    FormulaError,
    disagreements,
    hidden_by_merges,
    stored_values,
)
from scoring.values import PERCENT, TEXT, Kind, parse_percent, shown

HEADER_SEARCH_ROWS = 20
QUESTION_HEADERS = ("id", "question", "answer")


@dataclass(frozen=True)
class ReadResult:
    """A workbook read: a `Bid` when it is valid, and every problem found."""

    source: str
    bid: Bid | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    digest: str = ""  # SHA-256 of the file, to recognise the same file uploaded twice

    @property
    def accepted(self) -> bool:
        return self.bid is not None


@dataclass(frozen=True)
class DesignRead:
    """A workbook read as a payment design: a `Design` when it is valid, and every problem."""

    source: str
    design: Design | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    digest: str = ""

    @property
    def accepted(self) -> bool:
        return self.design is not None


def read_bid(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read one workbook from disk."""
    data = _file_bytes(Path(path), limits)
    if isinstance(data, Problem):
        return ReadResult(str(path), None, (data,))
    return read_bid_bytes(data, str(path), limits)


def read_bid_bytes(
    data: bytes,
    source: str,
    limits: Limits = DEFAULT_LIMITS,
    load_values: ValueLoader | None = None,
) -> ReadResult:
    """Read one workbook from its bytes, e.g. an upload; `source` names it in messages.

    `load_values` reads the sheets' values (python-calamine unless a test gives another
    reader, such as openpyxl, to compare with).
    """
    return ReadResult(source, *_read(data, source, limits, _BidAssembly, load_values))


def read_design(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> DesignRead:
    """Read a payment design (a design workbook, or a full bid workbook) from disk."""
    data = _file_bytes(Path(path), limits)
    if isinstance(data, Problem):
        return DesignRead(str(path), None, (data,))
    return read_design_bytes(data, str(path), limits)


def read_design_bytes(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> DesignRead:
    """Read a payment design from its bytes: only the Bid, Payment and Targets sheets."""
    return DesignRead(source, *_read(data, source, limits, _DesignAssembly))


def _file_bytes(path: Path, limits: Limits) -> bytes | Problem:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            return Problem(None, f"the file is {size / 2**20:.1f} MB, more than the "
                                 f"{limits.max_file_bytes / 2**20:.0f} MB a bid workbook may be")
        return path.read_bytes()
    except OSError as error:
        return Problem(None, f"cannot open the file ({error})")


def _read(data: bytes, source: str, limits: Limits, assembly: type[_BidAssembly],
          load_values: ValueLoader | None = None) -> tuple:
    """(document or None, errors, warnings, digest) for one workbook's bytes."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        checked = check_workbook(data, source, limits)
        wanted = (*assembly.question_sheets.values(), *assembly.table_sheets.values())
        sheets, problems, warnings = _read_sheets(checked, load_values or calamine_values,
                                                  wanted)
        if problems:
            return None, tuple(problems), (), digest
        document, errors, assembly_warnings = assembly(sheets).build()
    except RefusedWorkbook as refusal:
        return None, (Problem(refusal.cell, refusal.message),), (), digest
    except Exception:  # a refusal is always in words, never a program's own error
        if load_values is not None:
            raise  # another reader a test compares with: its failures are the test's
        return None, (Problem(None, UNREADABLE),), (), digest
    return document, tuple(errors), (*warnings, *assembly_warnings), digest


UNREADABLE = ("the file cannot be read: something in it is not stored the way Excel "
              f"stores a workbook. {RESAVE}")


ValueLoader = Callable[[CheckedWorkbook, list[str]], dict[str, list[list[Any]]]]


def _read_sheets(
    checked: CheckedWorkbook, load_values: ValueLoader, wanted: Sequence[type[Located]]
) -> tuple[dict[str, _Sheet], list[Problem], list[Problem]]:
    """The bid's sheets as Excel shows them, and warnings; or the cells that readers
    could read differently, as problems."""
    names = bid_sheet_names(checked, wanted)
    stored, problems = {}, []
    for name in names.values():
        stored[name], ambiguous = stored_values(
            name, checked.sheets[name], checked.shared_strings)
        problems += ambiguous
    if problems:  # before calamine, which fails a whole sheet on some of them
        return {}, problems, []
    if checked.workbook.recalculates_on_open:
        for name in names.values():
            problems += _discarded_formulas(name, checked.sheets[name])
        if problems:
            return {}, problems, []
    grid = load_values(checked, list(names.values()))
    for name, rows in grid.items():
        problems += disagreements(name, stored[name], rows)
    if problems:
        return {}, problems, []
    sheets: dict[str, _Sheet] = {}
    warnings = [_untrimmed_sheet_name(name) for name in names.values() if name != name.strip()]
    for key, name in names.items():
        facts = checked.sheets[name]
        hidden, hidden_warnings = hidden_by_merges(name, facts, stored[name])
        warnings += hidden_warnings
        changes = {place: value for place, value in stored[name].items()
                   if isinstance(value, FormulaError)}  # never read as blank
        changes.update(dict.fromkeys(hidden))
        sheets[key] = _Sheet(name, overlaid(grid[name], changes), facts, stored[name],
                             checked.styles)
    return sheets, [], warnings


def overlaid(rows: list[list[Any]], changes: dict[tuple[int, int], Any]) -> list[list[Any]]:
    """The rows with some cells changed: made blank (those hidden under merged cells), or
    given the formula error they show (which calamine reads as blank)."""
    rows = list(rows)
    for (row, column), value in changes.items():
        if row < len(rows) and column < len(rows[row]):
            rows[row] = [*rows[row][:column], value, *rows[row][column + 1:]]
    return rows


def _discarded_formulas(name: str, facts: SheetFacts) -> list[Problem]:
    """The workbook tells Excel to recalculate every formula on opening (as xlsxwriter and
    openpyxl write it), so no saved result is what the panel would see."""
    return [
        Problem(
            f"{name}!{column_letters(column + 1)}{row + 1}",
            "expected a value, found a formula whose saved result Excel recalculates when "
            "the workbook opens, so it cannot be read as saved: ask the provider to type "
            "the value instead of the formula",
            expected="a value", found="a formula (type the value)",
        )
        for (row, column), cell in sorted(facts.stored.items()) if cell.formula
    ]


def bid_sheet_names(
    checked: CheckedWorkbook,
    models: Sequence[type[Located]] = (*QUESTION_SHEETS.values(), *TABLE_SHEETS.values()),
) -> dict[str, str]:
    """The bid's sheets the workbook has: name in lower case -> as the workbook spells it.

    Only these are ever read, so the work is bounded by the bid, not by the file.
    """
    wanted = {model.sheet.lower() for model in models}
    names: dict[str, str] = {}
    for name in checked.sheets:
        key = name.strip().lower()
        if key not in wanted:
            alike = _looks_like(name)
            if alike in wanted:
                raise RefusedWorkbook(
                    f"the workbook has a sheet named {name!r}, which looks like '{alike}' "
                    "but is spelled with other or invisible characters, so the panel could "
                    "read one sheet and the scores come from another. Ask the provider to "
                    f"name the sheet exactly '{alike}' and resend it.",
                    cell=f"{name}!A1",
                )
            continue
        if name in checked.workbook.hidden_sheets:
            raise RefusedWorkbook(
                f"the sheet '{name}' is hidden, so the panel would not see the answers that "
                "are scored. Ask the provider to unhide it (or delete it) and resend it.",
                cell=f"{name}!A1",
            )
        if key in names:
            raise RefusedWorkbook(
                f"the workbook has two sheets that both read as '{key}': '{names[key]}' and "
                f"'{name}' (one has spaces or a tab around its name). Ask the provider to "
                "delete or rename one of them."
            )
        names[key] = name
    return names


_HOMOGLYPHS = str.maketrans(  # Cyrillic and Greek letters drawn like Latin ones
    "аеорсухіјѕАВЕКМНОРСТХαβεικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsABEKMHOPCTXabeikvoptuxABEHIKMNOPTYX",
)


def _looks_like(name: str) -> str:
    """A sheet name as it looks on its tab, in lower case: invisible characters (a
    zero-width space), accents and letters of other alphabets drawn like Latin ones
    taken out or made Latin, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name).translate(_HOMOGLYPHS)
    visible = "".join(character for character in decomposed
                      if unicodedata.category(character) not in {"Mn", "Me", "Cf", "Cc"})
    return " ".join(visible.split()).lower()


def _untrimmed_sheet_name(name: str) -> Problem:
    return Problem(
        f"{name}!A1",
        f"the sheet name {name!r} has spaces or a tab around it; it was read as the sheet "
        f"'{name.strip()}'",
        expected=f"a sheet named '{name.strip()}'", found=repr(name),
    )


def calamine_values(checked: CheckedWorkbook, names: list[str]) -> dict[str, list[list[Any]]]:
    """The named sheets' values, row by row from A1, as calamine reads them.

    calamine's own messages (e.g. "Cell string index not found") mean nothing to a
    commissioner; each becomes a plain one naming the sheet.
    """
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(checked.package))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # also a Rust panic, which pyo3 raises as a BaseException
        raise RefusedWorkbook(
            f"the file cannot be opened as an Excel workbook: it is damaged. {RESAVE}"
        ) from None
    grid = {}
    for name in names:
        try:
            grid[name] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            raise RefusedWorkbook(
                f"sheet '{name}' cannot be read: something in it is damaged. {RESAVE}",
                cell=f"{name}!A1",
            ) from None
    return grid


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Sheet:
    name: str  # as the workbook spells it
    rows: list[list[Any]]
    facts: SheetFacts
    stored: dict[tuple[int, int], Any]  # as Excel shows each cell (scoring.stored)
    styles: Styles
    _shown: dict[tuple[int, int], tuple[Shows, str]] = field(default_factory=dict)

    def ref(self, row: int, column: int) -> str:
        return f"{self.name}!{column_letters(column + 1)}{row + 1}"

    def value(self, row: int, column: int, kind: Kind) -> Any:
        raw = self.rows[row][column] if column < len(self.rows[row]) else None
        stored = self.stored.get((row, column))
        shows = self.shows(row, column)[0]
        if isinstance(raw, datetime | date | time | timedelta) and shows != Shows.DATE:
            raw = stored  # calamine took it for a date; Excel shows a number
        if kind == PERCENT and shows == Shows.PERCENT and isinstance(raw, float):
            return raw * 100
        return raw

    def shows(self, row: int, column: int) -> tuple[Shows, str]:
        """What Excel shows in the cell, by its number format (`scoring.guard.styles`);
        worked out once per cell, since reading an answer asks several times."""
        place = (row, column)
        if place not in self._shown:
            stored = self.stored.get(place)
            if not isinstance(stored, float | str) or isinstance(stored, bool) or stored == "":
                self._shown[place] = Shows.VALUE, ""
            else:
                code = self.styles.cell_format(self.facts.cell_formats.get(place, 0)).code
                self._shown[place] = what_it_shows(code, stored)
        return self._shown[place]

    def is_percent(self, row: int, column: int) -> bool:
        return self.shows(row, column)[0] == Shows.PERCENT

    def unreadable(self, row: int, column: int, kind: Kind) -> Problem | None:
        """Why a cell cannot be read as Excel shows it, if it cannot."""
        ref = self.ref(row, column)
        if (row, column) in self.facts.uncached_formulas:
            return Problem(
                ref,
                "expected a value, found a formula with no saved result: "
                "open the workbook in Excel and save it before sending",
                expected="a value",
                found="a formula with no saved result (save the workbook in Excel)",
            )
        stored = self.stored.get((row, column))
        if isinstance(stored, FormulaError):
            return Problem(
                ref,
                f"expected a value, found a formula whose result is the error {stored.code}: "
                "ask the provider to correct the formula or type the value",
                expected="a value", found=f"the formula error {stored.code}",
            )
        shows, literal = self.shows(row, column)
        if self.facts.in_conditional_format(row, column) or shows == Shows.CONDITIONAL:
            how = ("conditional formatting changes its number format"
                   if self.facts.in_conditional_format(row, column)
                   else "its number format shows it differently depending on its value")
            return Problem(
                ref,
                f"expected an answer Excel always shows the same way, found a cell where "
                f"{how}, so what the panel sees may not be what it holds: ask the provider "
                "to remove that format and type the answer",
                expected="a plain cell", found="a conditional number format",
            )
        if shows == Shows.OTHER:
            instead = f"'{literal}'" if literal else "something other than what it holds"
            return Problem(
                ref,
                f"expected an answer Excel shows as it is, found a cell holding "
                f"{shown(stored)} that its number format shows as {instead}: ask the provider "
                "to clear the cell's custom number format and type the answer",
                expected="an answer shown as it is", found=f"{shown(stored)} shown as {instead}",
            )
        if shows == Shows.DATE and isinstance(stored, float) and kind != TEXT:
            return Problem(
                ref,
                f"expected {kind.expected}, found a date: the cell holds {shown(stored)}, "
                "which its number format shows as a date or time. Ask the provider to format "
                "the cell as a number",
                expected=kind.expected, found=f"{shown(stored)} shown as a date",
            )
        if shows == Shows.PERCENT and kind != PERCENT and isinstance(stored, float):
            return Problem(
                ref,
                f"expected {kind.expected}, found {shown(stored)}, which its number format "
                f"shows as {shown(round(stored * 100, 6))} %: ask the provider to format the "
                "cell as a number",
                expected=kind.expected, found=f"{shown(round(stored * 100, 6))} %",
            )
        return None

    def hidden_from_view(self, row: int, column: int) -> str | None:
        """Why Excel does not show the cell's value, if it does not."""
        stored = self.stored.get((row, column))
        if stored is None or stored == "":
            return None
        reasons = []
        if row in self.facts.hidden_rows:
            reasons.append(f"row {row + 1} is hidden")
        if column in self.facts.hidden_columns:
            reasons.append(f"column {column_letters(column + 1)} is hidden")
        if self.shows(row, column)[0] == Shows.HIDDEN:
            reasons.append("its number format hides the value")
        cell_format = self.facts.cell_formats.get((row, column), 0)
        if self.styles.cell_format(cell_format).invisible:
            reasons.append("its text is the colour of its background")
        return " and ".join(reasons) or None

    def find_header(self, wanted: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
        """The first row (in the top rows) holding all `wanted` headers, any case."""
        for row_index, row in enumerate(self.rows[:HEADER_SEARCH_ROWS]):
            headers = {
                str(value).strip().lower(): column
                for column, value in reversed(list(enumerate(row)))
                if not _is_blank(value)
            }
            if all(name in headers for name in wanted):
                return row_index, headers
        return None


@dataclass
class _BidAssembly:
    """Turns a workbook's grid into the input of `Bid`, remembering cells for messages."""

    document: ClassVar[type[BaseModel]] = Bid
    question_sheets: ClassVar[dict[str, type[QuestionSheet]]] = QUESTION_SHEETS
    table_sheets: ClassVar[dict[str, type[TableRow]]] = TABLE_SHEETS

    sheets: dict[str, _Sheet]  # by name in lower case
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # pydantic error location -> cell, for translating validation errors
    cells: dict[tuple[Any, ...], str] = field(default_factory=dict)
    missing_sheets: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)  # cells with an error already
    cut_short: set[str] = field(default_factory=set)  # tables refused as too long

    def build(self) -> tuple[Any, list[Problem], list[Problem]]:
        payload: dict[str, Any] = {}
        answers = self._question_answers()
        for key, model in self.question_sheets.items():
            payload[key] = self._question_payload(key, model, answers)
        for key, model in self.table_sheets.items():
            sheet = self._sheet(model.sheet)
            if sheet is not None:
                payload[key] = self._table_payload(key, model, sheet)
        # Validated even after a structural error, so every problem is reported at once.
        bid = self._validate(payload)
        return (None if self.errors else bid), self.errors, self.warnings

    def _sheet(self, wanted: str) -> _Sheet | None:
        sheet = self.sheets.get(wanted.lower())
        if sheet is None and wanted not in OPTIONAL_SHEETS:
            self.missing_sheets.add(wanted)
            self.errors.append(Problem(None, f"the required sheet '{wanted}' is missing"))
        return sheet

    # ------------------------------------------------------------ question sheets

    def _question_answers(self) -> dict[str, tuple[_Sheet, int, int]]:
        """Question ID (in lower case) -> (sheet, row, answer column), from every question
        sheet."""
        known = {qid for model in self.question_sheets.values() for qid in question_ids(model)}
        found: dict[str, tuple[_Sheet, int, int]] = {}
        for model in self.question_sheets.values():
            sheet = self._sheet(model.sheet)
            if sheet is None:
                continue
            header = sheet.find_header(QUESTION_HEADERS)
            if header is None:
                self.errors.append(
                    Problem(
                        f"{sheet.name}!A1",
                        "expected a header row with the columns ID, Question and Answer, "
                        "found none in the first rows",
                    )
                )
                continue
            header_row, columns = header
            if self._header_errors(sheet, header_row, QUESTION_HEADERS):
                continue
            id_column, answer_column = columns["id"], columns["answer"]
            for row in range(header_row + 1, len(sheet.rows)):
                qid = sheet.value(row, id_column, TEXT)
                if isinstance(qid, FormulaError):
                    self.errors.append(Problem(
                        sheet.ref(row, id_column),
                        f"expected a question ID, found the formula error {qid.code}, so the "
                        "answer on this row cannot be matched to its question: ask the "
                        "provider to type the question ID",
                        expected="a question ID", found=f"the formula error {qid.code}",
                    ))
                    continue
                if _is_blank(qid):
                    continue
                qid = str(qid).strip().lower()
                if qid in found:
                    first_sheet, first_row, first_column = found[qid]
                    self.errors.append(
                        Problem(
                            sheet.ref(row, id_column),
                            f"question {qid} appears twice; it is already at "
                            f"{first_sheet.ref(first_row, first_column)}",
                        )
                    )
                elif qid not in known:
                    self.warnings.append(
                        Problem(
                            sheet.ref(row, id_column),
                            f"unknown question ID '{qid}' was ignored",
                        )
                    )
                else:
                    found[qid] = (sheet, row, answer_column)
        return found

    def _question_payload(
        self,
        key: str,
        model: type[QuestionSheet],
        answers: dict[str, tuple[_Sheet, int, int]],
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for qid, name in question_ids(model).items():
            if qid not in answers:
                continue
            sheet, row, column = answers[qid]
            cells[name] = self.cells[(key, name)] = sheet.ref(row, column)
            value = self._answer(sheet, row, column, model, name)
            if not _is_blank(value):
                payload[name] = value
        payload["cells"] = cells
        return payload

    # ------------------------------------------------------------ table sheets

    def _table_payload(
        self, key: str, model: type[TableRow], sheet: _Sheet
    ) -> list[dict[str, Any]]:
        headers = column_headers(model)
        required = [
            header
            for header, name in headers.items()
            if model.model_fields[name].is_required()
        ]
        found = self._table_header(model, sheet, required)
        if found is None:
            self.errors.append(
                Problem(
                    f"{sheet.name}!A1",
                    "expected a header row with the columns "
                    + ", ".join(required)
                    + ", found none in the first rows",
                )
            )
            return []
        header_row, columns = found
        if self._header_errors(sheet, header_row, ()):
            return []
        present = {headers[header]: column for header, column in columns.items()}
        records: list[dict[str, Any]] = []
        row = header_row + 1
        limit = TABLE_ROWS[(key,)][2] if (key,) in TABLE_ROWS else None
        while row < len(sheet.rows) and not all(_is_blank(v) for v in sheet.rows[row]):
            if len(records) == limit:  # no more is read: the work stays bounded
                end = self._table_end(sheet, row)
                self.errors.append(too_many_rows(key, end - header_row - 1, row + 1, end))
                self.cut_short.add(key)
                row = end
                break
            records.append(self._record(key, model, sheet, row, len(records), present))
            row += 1
        self._warn_rows_after_blank(sheet, row)
        if not records and key == "payment_lines":
            self.cells[(key,)] = sheet.ref(header_row + 1, 0)
        elif records and key == "payment_lines":
            share = present["share_pct"]
            self.cells[(key,)] = (
                f"{sheet.ref(header_row + 1, share)}:"
                f"{column_letters(share + 1)}{header_row + len(records) + 1}"
            )
        return records

    @staticmethod
    def _table_end(sheet: _Sheet, row: int) -> int:
        """The first blank row at or after `row` (or the sheet's end)."""
        while row < len(sheet.rows) and not all(_is_blank(v) for v in sheet.rows[row]):
            row += 1
        return row

    def _record(
        self,
        key: str,
        model: type[TableRow],
        sheet: _Sheet,
        row: int,
        index: int,
        present: dict[str, int],
    ) -> dict[str, Any]:
        record: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for name, column in present.items():
            cells[name] = self.cells[(key, index, name)] = sheet.ref(row, column)
            value = self._answer(sheet, row, column, model, name)
            if not _is_blank(value):
                record[name] = value
        record["cells"] = cells
        return record

    def _table_header(
        self, model: type[TableRow], sheet: _Sheet, required: list[str]
    ) -> tuple[int, dict[str, int]] | None:
        """The header row (in the top rows) and where each known column is in it.

        A renamed column that is a near miss of a known one (`Claw-back`) is read as
        that column, and every column read under another name or not read at all is a
        warning that names it, so no column is ever dropped without a word.
        """
        for row_index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
            columns: dict[str, int] = {}  # known header -> column
            for column, value in enumerate(row):
                known = None if _is_blank(value) else match_column(model, str(value))
                if known is not None and known not in columns:
                    columns[known] = column
            if all(header in columns for header in required):
                self._warn_renamed_columns(model, sheet, row_index, columns)
                return row_index, columns
        return None

    def _header_errors(self, sheet: _Sheet, row: int, repeatable: tuple[str, ...]) -> bool:
        """Errors for a header row that cannot be read as Excel shows it: a formula error
        in a header (its column would be dropped) or a header given twice (only one would
        be read). `repeatable` are the headers that must not repeat (a table checks its
        own as it matches them)."""
        errors = []
        seen: dict[str, int] = {}
        for column, value in enumerate(sheet.rows[row]):
            ref = sheet.ref(row, column)
            if isinstance(value, FormulaError):
                errors.append(Problem(
                    ref,
                    f"expected a column header, found the formula error {value.code}, so the "
                    "column cannot be read: ask the provider to type the header",
                    expected="a column header", found=f"the formula error {value.code}",
                ))
                continue
            header = "" if _is_blank(value) else str(value).strip().lower()
            if header in repeatable and header in seen:
                errors.append(Problem(
                    ref,
                    f"the column '{str(value).strip()}' is given twice (also at "
                    f"{sheet.ref(row, seen[header])}), so the panel could read one and the "
                    "scores come from the other: ask the provider to delete one of them",
                    expected="each column once", found=f"'{str(value).strip()}' twice",
                ))
            seen.setdefault(header, column)
        self.errors += errors
        return bool(errors)

    def _warn_renamed_columns(
        self, model: type[TableRow], sheet: _Sheet, row: int, columns: dict[str, int]
    ) -> None:
        for column, value in enumerate(sheet.rows[row]):
            if _is_blank(value):
                continue
            header = str(value).strip()
            known = match_column(model, header)
            if known is None:
                message = (f"the column '{header}' is not one the '{model.sheet}' sheet uses, "
                           "so it was not read; expected columns: "
                           + ", ".join(column_headers(model)))
            elif columns[known] != column:
                self.errors.append(Problem(
                    sheet.ref(row, column),
                    f"the column '{header}' gives '{known}' again (the column at "
                    f"{sheet.ref(row, columns[known])} already gives it), so the panel could "
                    "read one and the scores come from the other: ask the provider to delete "
                    "one of them",
                    subject=header, expected="each column once", found=f"'{known}' twice"))
                continue
            elif header.lower() != known.lower():
                message = f"the column '{header}' was read as the column '{known}'"
            else:
                continue
            self.warnings.append(Problem(sheet.ref(row, column), message, subject=header,
                                         expected="a column named as in the template",
                                         found=f"'{header}'"))

    def _answer(
        self, sheet: _Sheet, row: int, column: int, model: type[Located], name: str
    ) -> Any:
        """One answer cell's value as Excel shows it, with a warning if Excel hides it; or
        None with an error if it cannot be read as Excel shows it (in words, whatever
        went wrong)."""
        try:
            return self._answer_as_shown(sheet, row, column, model, name)
        except Exception:
            ref = sheet.ref(row, column)
            self.errors.append(Problem(
                ref, f"this answer cannot be read: the cell is not stored the way Excel stores "
                     f"one. {RESAVE}", expected="an answer", found="a cell that cannot be read"))
            self.reported.add(ref)
            return None

    def _answer_as_shown(
        self, sheet: _Sheet, row: int, column: int, model: type[Located], name: str
    ) -> Any:
        kind = kind_of_field(model, name)
        unreadable = sheet.unreadable(row, column, kind)
        if unreadable is not None:
            self.errors.append(unreadable)
            self.reported.add(unreadable.cell)
            return None
        value = sheet.value(row, column, kind)
        hidden = sheet.hidden_from_view(row, column)
        if hidden is not None:
            label = model.label(name)
            self.warnings.append(Problem(
                sheet.ref(row, column),
                f"{label} is {shown(value)}, but Excel does not show it ({hidden}), so the "
                "panel may not see what is scored: it was read. Ask the provider to show it.",
                subject=label, expected="an answer Excel shows", found=f"{shown(value)}, hidden",
            ))
        typed_percent = isinstance(value, str) and value.strip().endswith("%")
        if kind == PERCENT and not sheet.is_percent(row, column) and not typed_percent:
            typed = _plain_number(value)
            if typed is not None and 0 < typed < 1:
                label = model.label(name)
                self.warnings.append(Problem(
                    sheet.ref(row, column),
                    f"{label} is {shown(typed)}, read as {shown(typed)} %; if "
                    f"{shown(round(typed * 100, 6))} % was meant, ask the provider to type "
                    f"{shown(round(typed * 100, 6))}",
                    subject=label, expected="a percentage from 0 to 100",
                    found=shown(typed),
                ))
        return value

    def _warn_rows_after_blank(self, sheet: _Sheet, blank_row: int) -> None:
        for row in range(blank_row + 1, len(sheet.rows)):
            if not all(_is_blank(v) for v in sheet.rows[row]):
                self.warnings.append(
                    Problem(
                        sheet.ref(row, 0),
                        f"rows after the blank row {blank_row + 1} were ignored: "
                        "a table ends at its first blank row",
                    )
                )
                return

    # ------------------------------------------------------------ validation

    def _validate(self, payload: dict[str, Any]) -> Any:
        try:
            return self.document.model_validate(payload)
        except ValidationError as invalid:
            for error in invalid.errors(include_url=False):
                problem = self._explain(error)
                if problem is not None:
                    self.errors.append(problem)
            return None

    def _explain(self, error: Any) -> Problem | None:
        location = tuple(error["loc"])
        if len(location) > 1 and isinstance(location[-1], int) and isinstance(location[-2], str):
            location = location[:-1]  # one word of a list answer: the cell is the list's
        if location and location[0] in {*self.question_sheets, *self.table_sheets}:
            model = self.question_sheets.get(location[0]) or self.table_sheets[location[0]]
            if model.sheet in self.missing_sheets:
                return None  # already reported as a missing sheet
        else:
            model = None
        context = error.get("ctx") or {}
        if "fields" in context:  # a cross-field check names the fields it compared
            location = (*location, context["fields"][0])
        if location in {(key,) for key in self.cut_short}:
            return None  # a check over the whole table, which was not read whole
        cell = self.cells.get(location)
        if cell in self.reported:
            return None  # its formula has no value to read, which is already said
        return validation_problem(error, model, location, cell)


class _DesignAssembly(_BidAssembly):
    """The same, for a `Design`: the Bid sheet and the Payment and Targets tables only."""

    document = Design
    question_sheets = DESIGN_QUESTION_SHEETS
    table_sheets = DESIGN_TABLE_SHEETS


def _plain_number(value: Any) -> float | None:
    """A cell value as a number, if it is one, else None."""
    try:
        return parse_percent(value)
    except (PydanticCustomError, ValueError, TypeError):
        return None
