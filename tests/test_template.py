"""The generated template: it reads back as an empty bid, and filled in code it is valid."""

from __future__ import annotations

from openpyxl import load_workbook

from sample_tenders.bids import NORTHGATE
from scoring.models import QUESTION_SHEETS, TABLE_SHEETS, fields_of
from scoring.reader import read_bid
from scoring.values import LIST
from templates.bid_workbook import build_workbook, save_template


def required_question_ids():
    return {spec.label for model in QUESTION_SHEETS.values() for spec in fields_of(model)
            if spec.required and spec.label != "template.version"}


def test_blank_template_reads_back_with_exactly_the_required_errors(tmp_path):
    result = read_bid(save_template(tmp_path / "template.xlsx"))
    assert not result.accepted
    assert result.warnings == ()
    missing = {p.message.split()[1] for p in result.errors if "is required" in p.message}
    assert missing == required_question_ids()
    others = [p for p in result.errors if "is required" not in p.message]
    assert [(p.cell, p.message) for p in others] == [
        ("Payment!A2", "expected at least one payment line below the header, found none")]
    assert all(p.cell and "!C" in p.cell for p in result.errors if p not in others)


def test_template_filled_in_code_is_a_valid_bid(tmp_path):
    path = tmp_path / "filled.xlsx"
    build_workbook(NORTHGATE.answers, NORTHGATE.tables).save(path)
    result = read_bid(path)
    assert result.errors == () and result.warnings == ()
    assert result.bid.provider == "Northgate Recovery Partnership"
    assert len(result.bid.partnerships) == len(NORTHGATE.tables["Partnerships"])


def test_template_offers_a_drop_down_for_every_yes_no_and_enum_field(tmp_path):
    workbook = load_workbook(save_template(tmp_path / "template.xlsx"))
    for model in QUESTION_SHEETS.values():
        sheet = workbook[model.sheet]
        validated = {str(cell) for dv in sheet.data_validations.dataValidation
                     for cell in dv.sqref.ranges}
        for row, spec in enumerate(fields_of(model), start=2):
            assert sheet.cell(row=row, column=1).value == spec.label
            if spec.choices:
                assert f"C{row}" in validated, spec.label
    for model in TABLE_SHEETS.values():
        sheet = workbook[model.sheet]
        validated = {str(cell)[0] for dv in sheet.data_validations.dataValidation
                     for cell in dv.sqref.ranges}
        for column, spec in enumerate(fields_of(model), start=1):
            assert sheet.cell(row=1, column=column).value == spec.label
            if spec.choices and spec.kind != LIST:  # several words: no single-choice list
                assert chr(64 + column) in validated, spec.label


def test_template_has_guidance_first_frozen_styled_headers_and_hidden_lists(tmp_path):
    workbook = load_workbook(save_template(tmp_path / "template.xlsx"))
    assert workbook.sheetnames[0] == "Guidance"
    assert workbook["Lists"].sheet_state == "hidden"
    for name in ("Bid", "Treatment", "Payment", "Partnerships"):
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
    assert workbook["Treatment"].column_dimensions["B"].width >= 40


def test_committed_template_matches_the_code(tmp_path):
    """templates/bid-workbook-v1.xlsx is regenerated with `make template`."""
    from pathlib import Path

    committed = Path(__file__).resolve().parent.parent / "templates" / "bid-workbook-v1.xlsx"
    fresh = save_template(tmp_path / "fresh.xlsx")
    assert _cells(committed) == _cells(fresh)


def _cells(path):
    workbook = load_workbook(path)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
            for sheet in workbook.worksheets}
