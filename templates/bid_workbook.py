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
    DESIGN_QUESTION_SHEETS,
    DESIGN_TABLE_SHEETS,
    MUTUAL_AID_TYPES,
    PROVIDER_FIELDS,
    QUESTION_SHEETS,
    TABLE_SHEETS,
    TEMPLATE_VERSION,
    Design,
    FieldSpec,
    Located,
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
        "Formulas are read from the value Excel saved with them: save the workbook in "
        "Excel before sending it. A workbook that tells Excel to work every formula out "
        "again when it opens (some other programs save it that way) is refused: type the "
        "values instead.",
    ),
    ("File", "Send the workbook as .xlsx, without macros and without a password."),
]


DESIGN_GUIDANCE = [
    ("Payment design", f"Template version {TEMPLATE_VERSION}"),
    (
        "What it is",
        "A commissioner's payment design before it goes out to tender: the contract value, "
        "term and cohort on the sheet Bid, how the value is paid on Payment, and the "
        "targets on Targets. Check it with `python -m scoring design` or the app's page "
        "Design a payment model. A full bid workbook is a valid design too.",
    ),
    *GUIDANCE[2:8],
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
    return _build(GUIDANCE, {model.sheet: fields_of(model) for model in QUESTION_SHEETS.values()},
                  TABLE_SHEETS.values(), answers, tables, percent_format)


def build_design_workbook(
    answers: Mapping[str, Any] | None = None,
    tables: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
) -> Workbook:
    """The design workbook: the Bid sheet's contract and cohort questions, Payment, Targets."""
    questions = {model.sheet: [spec for spec in fields_of(model) if spec.name not in
                               PROVIDER_FIELDS] for model in DESIGN_QUESTION_SHEETS.values()}
    return _build(DESIGN_GUIDANCE, questions, DESIGN_TABLE_SHEETS.values(), answers, tables)


def answers_of(sheet: Located) -> dict[str, Any]:
    """A question sheet's answers by question ID, as `build_workbook` takes them."""
    return {spec.label: getattr(sheet, spec.name) for spec in fields_of(type(sheet))}


def rows_of(rows: Iterable[Located]) -> list[dict[str, Any]]:
    """Table rows by column header, as `build_workbook` takes them."""
    return [{spec.label: getattr(row, spec.name) for spec in fields_of(type(row))}
            for row in rows]


def _build(
    guidance: list[tuple[str, str]],
    question_sheets: Mapping[str, list[FieldSpec]],
    table_models: Iterable[type[Located]],
    answers: Mapping[str, Any] | None,
    tables: Mapping[str, Iterable[Mapping[str, Any]]] | None,
    percent_format: bool = False,
) -> Workbook:
    answers = {"template.version": TEMPLATE_VERSION, **(answers or {})}
    tables = tables or {}
    workbook = Workbook()
    _write_guidance(workbook.active, guidance)
    lists = _ListSheet(workbook)
    for title, specs in question_sheets.items():
        _write_question_sheet(workbook, title, specs, answers, lists, percent_format)
    for model in table_models:
        rows = list(tables.get(model.sheet, ()))
        _write_table_sheet(workbook, model.sheet, fields_of(model), rows, lists, percent_format)
    lists.sheet.sheet_state = "hidden"
    workbook.move_sheet(lists.sheet, offset=len(workbook.sheetnames) - 2)  # last
    return workbook


def save_template(path: Path | str, design: bool = False) -> Path:
    """Write the blank template (or, with `design`, the blank design workbook) to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    (build_design_workbook() if design else build_workbook()).save(path)
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


def _write_guidance(sheet: Worksheet, guidance: list[tuple[str, str]]) -> None:
    sheet.title = "Guidance"
    sheet.append(["Topic", "Guidance"])
    for topic, text in guidance:
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
    return getattr(value, "value", value)  # any other enum as its code


def design_workbook(design: Design, for_bidders: bool = False) -> Workbook:
    """A design as a design workbook, or (`for_bidders`) as the bid workbook to send out.

    The bid workbook comes with the contract and cohort answers and the Payment and
    Targets sheets filled in; bidders answer the rest.
    """
    answers = answers_of(design.overview)
    tables = {"Payment": rows_of(design.payment_lines), "Targets": rows_of(design.targets)}
    if for_bidders:
        return build_workbook(answers, tables)
    return build_design_workbook(answers, tables)
