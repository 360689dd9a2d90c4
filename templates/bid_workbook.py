"""The bid workbook commissioners send out, generated from the bid models.

`build_workbook()` gives the blank template; given answers and table rows it gives a
filled-in bid, which is how the sample bids and the test fixtures are made. Either
way the layout is the one the reader expects: question sheets of ID / Question /
Answer / Guidance, table sheets with a header row, drop-downs for every Yes/No and
enum field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scoring.models import (
    MUTUAL_AID_TYPES,
    QUESTION_SHEETS,
    TABLE_SHEETS,
    TEMPLATE_VERSION,
    FieldSpec,
    PaymentCategory,
    fields_of,
)
from scoring.values import ENUM, PERCENT
from scoring.words import code_for, label

TABLE_ROWS = 60  # rows below a table header offered with drop-downs
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
LISTS_SHEET = "Lists"

CATEGORY_MEANINGS = {
    PaymentCategory.block: "fixed, not at risk",
    PaymentCategory.attachment: "paid on entry or engagement",
    PaymentCategory.retention: "paid for keeping people in treatment",
    PaymentCategory.successful_completion: "a planned exit free of the drug(s) of dependence",
    PaymentCategory.abstinence: "paid on abstinence",
    PaymentCategory.non_representation: "paid when people do not return to treatment",
    PaymentCategory.reduced_use: "paid on reduced use",
    PaymentCategory.harm_reduction: "paid on harm reduction",
    PaymentCategory.health_wellbeing: "paid on health and wellbeing",
    PaymentCategory.housing: "paid on housing outcomes",
    PaymentCategory.employment: "paid on employment outcomes",
    PaymentCategory.relationships: "paid on family and relationships",
    PaymentCategory.offending: "paid on reduced offending",
    PaymentCategory.user_experience: "paid on service users' experience",
    PaymentCategory.safety: "paid on safety outcomes, e.g. fewer drug-related deaths",
}

GUIDANCE = [
    ("Bid workbook", f"Template version {TEMPLATE_VERSION}"),
    (
        "How to fill it in",
        "Answer every question on the sheets Bid, Treatment, Safety and Voice in the "
        "yellow Answer column, and list your payment lines, targets, partnerships and "
        "recovery-capital offer on the table sheets, one a row, with no blank rows in "
        "between. Do not change the IDs or the column headers; you may add columns.",
    ),
    ("Yes/No", "Choose Yes or No from the drop-down."),
    (
        "Percentages",
        "Type a number from 0 to 100 (25 means 25 %). Cells formatted as a percentage "
        "are read correctly too.",
    ),
    ("Money", "Pounds sterling, a number; £ signs and thousands separators are fine."),
    ("Lists", "Choose from the drop-down; the words are listed on the sheet Lists."),
    ("Blank answers", "A blank optional answer takes the default shown in its guidance."),
    (
        "Payment",
        "How the contract value is paid. The Share % column must add up to 100. "
        "Categories: "
        + "; ".join(f"{c.value}: {meaning}" for c, meaning in CATEGORY_MEANINGS.items()),
    ),
    (
        "Partnerships",
        "Mutual-aid and recovery-community partners are types "
        + ", ".join(sorted(t.value for t in MUTUAL_AID_TYPES))
        + ". 12-step fellowships take no money and sign no agreements: that is expected.",
    ),
    (
        "Formulas",
        "Formulas are read from their saved value: save the workbook in Excel before "
        "sending it.",
    ),
    ("File", "Send the workbook as .xlsx, without macros and without a password."),
]


def build_workbook(
    answers: Mapping[str, Any] | None = None,
    tables: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    percent_format: bool = False,
) -> Workbook:
    """The bid workbook; blank, or filled with answers (by question ID) and table rows.

    Table rows are keyed by sheet name, each row a mapping of column header to value.
    With `percent_format`, percentage answers are written as fractions in cells
    formatted as percentages, as Excel stores them when a bidder types 25%.
    """
    answers = {"template.version": TEMPLATE_VERSION, **(answers or {})}
    tables = tables or {}
    workbook = Workbook()
    guidance = workbook.active
    _write_guidance(guidance)
    lists = _ListSheet(workbook)
    for model in QUESTION_SHEETS.values():
        _write_question_sheet(workbook, model.sheet, fields_of(model), answers, lists,
                              percent_format)
    for model in TABLE_SHEETS.values():
        rows = list(tables.get(model.sheet, ()))
        _write_table_sheet(workbook, model.sheet, fields_of(model), rows, lists, percent_format)
    lists.sheet.sheet_state = "hidden"
    workbook.move_sheet(lists.sheet, offset=len(workbook.sheetnames) - 2)  # last
    return workbook


def save_template(path: Path | str) -> Path:
    """Write the blank template to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook().save(path)
    return path


def describe(spec: FieldSpec) -> str:
    """The guidance a bidder reads beside a field."""
    parts = ["Required." if spec.required else _optional(spec)]
    if spec.choices and spec.kind.name == "enum":
        parts.append("One of: " + ", ".join(spec.choices) + ".")
    else:
        parts.append(spec.kind.expected[0].upper() + spec.kind.expected[1:] + ".")
    if spec.guidance:
        parts.append(spec.guidance)
    return " ".join(parts)


def _optional(spec: FieldSpec) -> str:
    if spec.default is None:
        return "Optional."
    default = spec.default
    if isinstance(default, bool):
        default = "Yes" if default else "No"
    elif isinstance(default, float) and default.is_integer():
        default = int(default)
    return f"Optional (blank means {label(default) if isinstance(default, StrEnum) else default})."


class _ListSheet:
    """A hidden sheet holding every drop-down's choices, one named list a column."""

    def __init__(self, workbook: Workbook):
        self.workbook = workbook
        self.sheet = workbook.create_sheet(LISTS_SHEET)
        self.names: dict[tuple[str, ...], str] = {}

    def validation(self, choices: tuple[str, ...]) -> DataValidation:
        if choices not in self.names:
            column = len(self.names) + 1
            letter = get_column_letter(column)
            for row, choice in enumerate(choices, start=1):
                self.sheet.cell(row=row, column=column, value=choice)
            name = f"choices_{column}"
            reference = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(choices)}"
            self.workbook.defined_names[name] = DefinedName(name, attr_text=reference)
            self.names[choices] = name
        rule = DataValidation(type="list", formula1=f"={self.names[choices]}", allow_blank=True)
        rule.error = "Choose a value from the list."
        rule.errorTitle = "Not in the list"
        return rule


def _style_header(sheet: Worksheet, columns: int) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(row=1, column=column)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = WRAP
    sheet.freeze_panes = "A2"


def _write_guidance(sheet: Worksheet) -> None:
    sheet.title = "Guidance"
    sheet.append(["Topic", "Guidance"])
    for topic, text in GUIDANCE:
        sheet.append([topic, text])
    _style_header(sheet, 2)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 110
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP


def _write_question_sheet(
    workbook: Workbook,
    title: str,
    specs: list[FieldSpec],
    answers: Mapping[str, Any],
    lists: _ListSheet,
    percent_format: bool,
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(["ID", "Question", "Answer", "Guidance"])
    _style_header(sheet, 4)
    for row, spec in enumerate(specs, start=2):
        value = answers.get(spec.label)
        sheet.cell(row=row, column=1, value=spec.label)
        sheet.cell(row=row, column=2, value=spec.question).alignment = WRAP
        answer = sheet.cell(row=row, column=3, value=_cell_value(value, spec))
        answer.fill = ANSWER_FILL
        if percent_format and spec.kind == PERCENT and isinstance(value, int | float):
            answer.value = value / 100
            answer.number_format = "0%"
        sheet.cell(row=row, column=4, value=describe(spec)).alignment = WRAP
        if spec.choices:
            rule = lists.validation(spec.choices)
            sheet.add_data_validation(rule)
            rule.add(answer.coordinate)
    for letter, width in zip("ABCD", (38, 60, 22, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def _write_table_sheet(
    workbook: Workbook,
    title: str,
    specs: list[FieldSpec],
    rows: list[Mapping[str, Any]],
    lists: _ListSheet,
    percent_format: bool,
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([spec.label for spec in specs])
    _style_header(sheet, len(specs))
    for record in rows:
        sheet.append([_cell_value(record.get(spec.label), spec) for spec in specs])
    for column, spec in enumerate(specs, start=1):
        letter = get_column_letter(column)
        width = max(len(spec.label), *(len(str(r.get(spec.label, ""))) for r in rows), 12)
        sheet.column_dimensions[letter].width = min(width + 4, 60)
        if spec.choices:
            rule = lists.validation(spec.choices)
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{TABLE_ROWS + 1}")
        if percent_format and spec.kind == PERCENT:
            for row in range(2, len(rows) + 2):
                cell = sheet.cell(row=row, column=column)
                if isinstance(cell.value, int | float):
                    cell.value = cell.value / 100
                    cell.number_format = "0.0%"


def _cell_value(value: Any, spec: FieldSpec) -> Any:
    """A value as the workbook shows it: Yes/No, and a listed answer as its drop-down words."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if spec.kind == ENUM and isinstance(value, str) and label(code_for(value)) in spec.choices:
        return label(code_for(value))
    return value
