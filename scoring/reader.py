"""Read a bid workbook into a validated `Bid`, or into every problem that stops it.

Reading never raises for bad input: a refused or invalid file becomes a `ReadResult`
with errors that name the sheet and cell, say what was expected and what was found,
and are all reported together.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import python_calamine
from pydantic import BaseModel, ValidationError

from scoring.guard import CheckedWorkbook, RefusedWorkbook, check_workbook, column_letters
from scoring.limits import DEFAULT_LIMITS, Limits
from scoring.models import (
    DESIGN_QUESTION_SHEETS,
    DESIGN_TABLE_SHEETS,
    OPTIONAL_SHEETS,
    QUESTION_SHEETS,
    TABLE_SHEETS,
    Bid,
    Design,
    QuestionSheet,
    TableRow,
    column_headers,
    fields_of,
    kind_of_field,
    question_ids,
)
from scoring.values import ENUM, PERCENT, TEXT, Kind, shown

HEADER_SEARCH_ROWS = 20
QUESTION_HEADERS = ("id", "question", "answer")


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


def read_bid_bytes(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    """Read one workbook from its bytes, e.g. an upload; `source` names it in messages."""
    return ReadResult(source, *_read(data, source, limits, _BidAssembly))


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


def _read(data: bytes, source: str, limits: Limits, assembly: type[_BidAssembly]) -> tuple:
    """(document or None, errors, warnings, digest) for one workbook's bytes."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        checked = check_workbook(data, source, limits)
        grid = _load_values(checked)
    except RefusedWorkbook as refusal:
        return None, (Problem(refusal.cell, refusal.message),), (), digest
    document, errors, warnings = assembly(checked, grid).build()
    return document, tuple(errors), tuple(warnings), digest


def _load_values(checked: CheckedWorkbook) -> dict[str, list[list[Any]]]:
    """Every sheet's values, row by row from A1, as calamine reads them."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(checked.package))
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in checked.sheets
        }
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # also a Rust panic, which pyo3 raises as a BaseException
        raise RefusedWorkbook(f"the workbook cannot be read ({error})") from None


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class _Sheet:
    name: str  # as the workbook spells it
    rows: list[list[Any]]
    percent_cells: frozenset[tuple[int, int]]
    uncached_formulas: frozenset[tuple[int, int]]

    def ref(self, row: int, column: int) -> str:
        return f"{self.name}!{column_letters(column + 1)}{row + 1}"

    def value(self, row: int, column: int, kind: Kind) -> Any:
        raw = self.rows[row][column] if column < len(self.rows[row]) else None
        if kind == PERCENT and (row, column) in self.percent_cells and isinstance(raw, float):
            return raw * 100
        return raw

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

    checked: CheckedWorkbook
    grid: dict[str, list[list[Any]]]
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # pydantic error location -> cell, for translating validation errors
    cells: dict[tuple[Any, ...], str] = field(default_factory=dict)
    missing_sheets: set[str] = field(default_factory=set)

    def build(self) -> tuple[Any, list[Problem], list[Problem]]:
        sheets = {name.strip().lower(): name for name in self.grid}
        payload: dict[str, Any] = {}
        answers = self._question_answers(sheets)
        for key, model in self.question_sheets.items():
            payload[key] = self._question_payload(key, model, answers)
        for key, model in self.table_sheets.items():
            sheet = self._sheet(sheets, model.sheet)
            if sheet is not None:
                payload[key] = self._table_payload(key, model, sheet)
        # Validated even after a structural error, so every problem is reported at once.
        bid = self._validate(payload)
        return (None if self.errors else bid), self.errors, self.warnings

    def _sheet(self, sheets: dict[str, str], wanted: str) -> _Sheet | None:
        name = sheets.get(wanted.lower())
        if name is None:
            if wanted not in OPTIONAL_SHEETS:
                self.missing_sheets.add(wanted)
                self.errors.append(Problem(None, f"the required sheet '{wanted}' is missing"))
            return None
        facts = self.checked.sheets[name]
        return _Sheet(name, self.grid[name], facts.percent_cells, facts.uncached_formulas)

    # ------------------------------------------------------------ question sheets

    def _question_answers(self, sheets: dict[str, str]) -> dict[str, tuple[_Sheet, int, int]]:
        """Question ID -> (sheet, row, answer column), from every question sheet."""
        known = {qid for model in self.question_sheets.values() for qid in question_ids(model)}
        found: dict[str, tuple[_Sheet, int, int]] = {}
        for model in self.question_sheets.values():
            sheet = self._sheet(sheets, model.sheet)
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
            id_column, answer_column = columns["id"], columns["answer"]
            for row in range(header_row + 1, len(sheet.rows)):
                qid = sheet.value(row, id_column, TEXT)
                if _is_blank(qid):
                    continue
                qid = str(qid).strip()
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
            ref = sheet.ref(row, column)
            cells[name] = ref
            self.cells[(key, name)] = ref
            if (row, column) in sheet.uncached_formulas:
                self.errors.append(_uncached_formula(ref))
                continue
            value = sheet.value(row, column, kind_of_field(model, name))
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
        found = sheet.find_header(tuple(h.lower() for h in required))
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
        present = {
            name: columns[header.lower()]
            for header, name in headers.items()
            if header.lower() in columns
        }
        records: list[dict[str, Any]] = []
        row = header_row + 1
        while row < len(sheet.rows) and not all(_is_blank(v) for v in sheet.rows[row]):
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
            ref = sheet.ref(row, column)
            cells[name] = ref
            self.cells[(key, index, name)] = ref
            if (row, column) in sheet.uncached_formulas:
                self.errors.append(_uncached_formula(ref))
                continue
            value = sheet.value(row, column, kind_of_field(model, name))
            if not _is_blank(value):
                record[name] = value
        record["cells"] = cells
        return record

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
        if location and location[0] in {*self.question_sheets, *self.table_sheets}:
            model = self.question_sheets.get(location[0]) or self.table_sheets[location[0]]
            if model.sheet in self.missing_sheets:
                return None  # already reported as a missing sheet
        else:
            model = None
        context = error.get("ctx") or {}
        if "fields" in context:  # a cross-field check names the fields it compared
            location = (*location, context["fields"][0])
        cell = self.cells.get(location)
        return _problem(error, model, location, cell)


class _DesignAssembly(_BidAssembly):
    """The same, for a `Design`: the Bid sheet and the Payment and Targets tables only."""

    document = Design
    question_sheets = DESIGN_QUESTION_SHEETS
    table_sheets = DESIGN_TABLE_SHEETS


def _uncached_formula(ref: str) -> Problem:
    return Problem(
        ref,
        "expected a value, found a formula with no saved result: "
        "open the workbook in Excel and save it before sending",
        expected="a value",
        found="a formula with no saved result (save the workbook in Excel)",
    )


def _problem(error: Any, model: Any, location: tuple[Any, ...], cell: str | None) -> Problem:
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
        bound = {
            "greater_than_equal": f"at least {shown(context.get('ge'))}",
            "greater_than": f"more than {shown(context.get('gt'))}",
            "less_than_equal": f"at most {shown(context.get('le'))}",
            "less_than": f"less than {shown(context.get('lt'))}",
        }[kind]
        return parts(f"{label}: expected {expected}, {bound}; found {found}",
                     f"{expected}, {bound}", found)
    if kind == "enum":
        return parts(f"{label}: expected {expected}; found {found}", expected, found)
    if kind == "too_short" and location == ("payment_lines",):
        return parts("expected at least one payment line below the header, found none",
                     "at least one payment line", "none")
    prefix = f"{label}: " if label else ""
    return parts(f"{prefix}{error['msg']}", context.get("expected"), context.get("found"))
