"""The reader: the workbook contract, every class of error, all reported together."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from sample_tenders.bids import DALES, payment
from scoring.models import Cohort, PaymentCategory, ReductionDecision
from scoring.reader import read_bid


def problems(result):
    return {(p.cell, p.message) for p in result.errors}


def error_at(result, cell):
    """The one error message at a cell."""
    messages = [p.message for p in result.errors if p.cell == cell]
    assert len(messages) == 1, (cell, result.errors)
    return messages[0]


def edit_workbook(path, edit):
    """Open a written bid with openpyxl, let `edit` change it, save it back."""
    workbook = load_workbook(path)
    edit(workbook)
    workbook.save(path)
    return path


def test_balanced_bid_reads_with_no_errors_or_warnings(bid_file):
    result = read_bid(bid_file())
    assert result.accepted
    assert result.errors == () and result.warnings == ()
    bid = result.bid
    assert bid.provider == "Northgate Recovery Partnership"
    assert bid.overview.contract_annual_value_gbp == 6_400_000
    assert bid.treatment.ost_reduction_decision == ReductionDecision.patient_led
    assert [line.category for line in bid.payment_lines][:2] == [
        PaymentCategory.block, PaymentCategory.retention]
    assert bid.treatment.cell("ost_maintenance_available") == "Treatment!C2"
    assert bid.payment_lines[1].cell("share_pct") == "Payment!C3"


def test_values_are_normalised(bid_file):
    path = bid_file(
        answers={"ost.reduction_decision": " Clinician-Led ", "contract.annual_value_gbp":
                 "£1,250,000", "cohort.in_treatment": "1,200", "safety.naloxone_supply": "yes",
                 "pathway.recovery_support_pct": "12.5%", "service.area": "  Northgate  "},
        tables={"Payment": [payment("Core", "Block", 90),
                            payment("Exit", "successful completion", 10, 6, "YES",
                                    "Long-Term OST")]},
    )
    bid = read_bid(path).bid
    assert bid.treatment.ost_reduction_decision == ReductionDecision.clinician_led
    assert bid.overview.contract_annual_value_gbp == 1_250_000
    assert bid.overview.cohort_in_treatment == 1200
    assert bid.safety.safety_naloxone_supply is True
    assert bid.treatment.pathway_recovery_support_pct == 12.5
    assert bid.overview.service_area == "Northgate"
    assert bid.payment_lines[1].cohort == Cohort.long_term_ost
    assert bid.payment_lines[1].clawback is True


def test_excel_true_false_cells_are_yes_no(bid_file):
    bid = read_bid(bid_file(answers={"safety.naloxone_supply": True,
                                     "ost.low_dose_exit_programme": False})).bid
    assert bid.safety.safety_naloxone_supply is True
    assert bid.treatment.ost_low_dose_exit_programme is False


def test_percent_formatted_cells_are_scaled(tmp_path):
    from tests.bidfiles import write_bid

    result = read_bid(write_bid(tmp_path, base=DALES, percent_format=True))
    assert result.errors == ()
    assert result.bid.voice.workforce_lived_experience_pct == pytest.approx(20)
    assert result.bid.payment_lines[0].share_pct == pytest.approx(90)


def test_blank_optional_answers_take_their_defaults(bid_file):
    bid = read_bid(bid_file(answers={"payment.case_mix_adjusted": None,
                                     "pathway.post_exit_support_months": None,
                                     "ost.max_duration_months": None})).bid
    assert bid.overview.payment_case_mix_adjusted is False
    assert bid.treatment.pathway_post_exit_support_months == 0
    assert bid.treatment.ost_max_duration_months is None


def test_wrong_values_name_cell_expected_and_found_and_are_all_reported(bid_file):
    result = read_bid(bid_file(answers={
        "safety.naloxone_supply": "Maybe",
        "cohort.in_treatment": "lots",
        "contract.term_years": 40,
        "pathway.recovery_support_pct": 140,
        "ost.reduction_decision": "whoever",
        "pathway.community_detox_places": -3,
        "provider.name": None,
    }))
    assert not result.accepted
    assert error_at(result, "Safety!C2") == (
        "safety.naloxone_supply: expected Yes or No, found 'Maybe'")
    assert "expected a number, found 'lots'" in error_at(result, "Bid!C9")
    assert "at most 15; found 40" in error_at(result, "Bid!C8")
    assert "at most 100; found 140" in error_at(result, "Treatment!C17")
    assert re.search(r"expected one of .*Patient-led.*found 'whoever'",
                     error_at(result, "Treatment!C5"))
    assert "at least 0; found -3" in error_at(result, "Treatment!C12")
    assert "required" in error_at(result, "Bid!C3")
    assert len(result.errors) == 7


def test_a_date_where_a_number_belongs_is_an_error(bid_file):
    from datetime import date

    result = read_bid(bid_file(answers={"contract.term_years": date(2027, 4, 1)}))
    assert "found a date" in error_at(result, "Bid!C8")


def test_cohorts_must_nest(bid_file):
    result = read_bid(bid_file(answers={"cohort.long_term_ost_clients": 2000}))
    message = error_at(result, "Bid!C11")
    assert "long-term OST clients (2000) ≤ opiate clients (980)" in message


def test_payment_shares_must_sum_to_100(bid_file):
    result = read_bid(bid_file(tables={"Payment": [payment("Core", "block", 80),
                                                   payment("Ret", "retention", 15)]}))
    assert error_at(result, "Payment!C2:C3") == (
        "expected the Share % column to add up to 100, found 95")


def test_shares_within_half_a_point_of_100_are_accepted(bid_file):
    result = read_bid(bid_file(tables={"Payment": [payment("Core", "block", 80.3),
                                                   payment("Ret", "retention", 19.5)]}))
    assert result.accepted


def test_a_payment_table_with_no_lines_is_an_error(bid_file):
    result = read_bid(bid_file(tables={"Payment": []}))
    assert "at least one payment line" in error_at(result, "Payment!A2")


def test_missing_required_answer_in_a_table_row(bid_file):
    row = payment(None, "retention", 15)
    result = read_bid(bid_file(tables={"Payment": [payment("Core", "block", 85), row]}))
    assert "Outcome is required" in error_at(result, "Payment!A3")


def test_missing_sheet_is_one_error_not_one_per_question(bid_file):
    path = edit_workbook(bid_file(), lambda wb: wb.remove(wb["Safety"]))
    result = read_bid(path)
    assert problems(result) == {(None, "the required sheet 'Safety' is missing")}


def test_missing_question_row_is_named(bid_file):
    path = edit_workbook(bid_file(), lambda wb: wb["Safety"].delete_rows(2))
    result = read_bid(path)
    assert problems(result) == {
        (None, "the required question safety.naloxone_supply is missing from sheet 'Safety'")}


def test_optional_narrative_sheet_may_be_missing(bid_file):
    path = edit_workbook(bid_file(), lambda wb: wb.remove(wb["Narrative"]))
    assert read_bid(path).accepted


def test_question_sheet_without_header_row(bid_file):
    def drop_header(wb):
        wb["Voice"]["A1"] = "Identifier"

    result = read_bid(edit_workbook(bid_file(), drop_header))
    assert "expected a header row with the columns ID, Question and Answer" in error_at(
        result, "Voice!A1")


def test_table_without_a_required_column(bid_file):
    def rename(wb):
        wb["Payment"]["C1"] = "Percentage"

    result = read_bid(edit_workbook(bid_file(), rename))
    assert "Outcome, Category, Share %" in error_at(result, "Payment!A1")


def test_unknown_question_id_is_a_warning(bid_file):
    def add(wb):
        wb["Voice"].append(["voice.favourite_colour", "?", "Blue"])

    result = read_bid(edit_workbook(bid_file(), add))
    assert result.accepted
    assert [(w.cell, w.message) for w in result.warnings] == [
        ("Voice!A8", "unknown question ID 'voice.favourite_colour' was ignored")]


def test_duplicate_question_id_is_an_error_naming_both_cells(bid_file):
    def duplicate(wb):
        wb["Voice"].append(["safety.naloxone_supply", "Again?", "No"])

    result = read_bid(edit_workbook(bid_file(), duplicate))
    assert error_at(result, "Voice!A8") == (
        "question safety.naloxone_supply appears twice; it is already at Safety!C2")


def test_rows_after_the_first_blank_row_are_ignored_with_a_warning(bid_file):
    def add_after_gap(wb):
        sheet = wb["Targets"]
        sheet.cell(row=sheet.max_row + 2, column=1, value="Stray KPI")

    result = read_bid(edit_workbook(bid_file(), add_after_gap))
    assert result.accepted
    assert "a table ends at its first blank row" in result.warnings[0].message


def test_sheets_headers_and_ids_match_in_any_case_and_with_title_rows(bid_file):
    def shuffle(wb):
        wb["Treatment"].title = "renamed"  # openpyxl would dedupe a case-only rename
        wb["renamed"].title = "TREATMENT"
        wb["Payment"]["C1"] = "share %"
        wb["Bid"].insert_rows(1, 2)
        wb["Bid"]["A1"] = "Northgate tender, lot 1"
        wb.move_sheet("Payment", offset=-3)

    result = read_bid(edit_workbook(bid_file(), shuffle))
    assert result.errors == ()
    assert result.bid.overview.cell("provider_name") == "Bid!C5"


def test_extra_columns_are_allowed(bid_file):
    def add_column(wb):
        wb["Payment"].insert_cols(1)
        wb["Payment"]["A1"] = "Notes"

    result = read_bid(edit_workbook(bid_file(), add_column))
    assert result.errors == ()
    assert result.bid.payment_lines[0].cell("share_pct") == "Payment!D2"


def test_wrong_template_version_is_an_error(bid_file):
    result = read_bid(bid_file(answers={"template.version": "2"}))
    assert error_at(result, "Bid!C2") == (
        "template.version: expected template version 1, found '2'")


def _set_formula(path, sheet_part, cell, formula, cached):
    """Give a cell a formula, with or without a saved value, as Excel would write it."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts[sheet_part].decode()
    value = f"<v>{cached}</v>" if cached is not None else ""
    xml, count = re.subn(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)',
                         f'<c r="{cell}"><f>{formula}</f>{value}</c>', xml)
    assert count == 1
    parts[sheet_part] = xml.encode()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    with zipfile.ZipFile(path, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)


def _sheet_part(path, title):
    workbook = load_workbook(path, read_only=True)
    index = workbook.sheetnames.index(title) + 1
    workbook.close()
    return f"xl/worksheets/sheet{index}.xml"


def test_formula_is_read_from_its_saved_value(bid_file):
    path = bid_file()
    _set_formula(path, _sheet_part(path, "Voice"), "C7", "30+8", 38)
    result = read_bid(path)
    assert result.errors == ()
    assert result.bid.voice.caseload_clients_per_keyworker == 38


def test_formula_without_saved_value_tells_the_bidder_to_save_in_excel(bid_file):
    path = bid_file()
    _set_formula(path, _sheet_part(path, "Voice"), "C7", "30+8", None)
    result = read_bid(path)
    assert "save it before sending" in error_at(result, "Voice!C7")


def test_refused_file_is_reported_not_raised(tmp_path):
    path = tmp_path / "bid.csv"
    path.write_text("provider,score\nA,1\n")
    result = read_bid(path)
    assert not result.accepted
    assert "CSV" in result.errors[0].message


def test_errors_carry_their_parts_for_tables(bid_file):
    result = read_bid(bid_file(answers={"safety.naloxone_supply": "Maybe",
                                        "contract.term_years": 40}))
    parts = {(p.cell, p.subject, p.expected, p.found) for p in result.errors}
    assert parts == {
        ("Safety!C2", "safety.naloxone_supply", "Yes or No", "'Maybe'"),
        ("Bid!C8", "contract.term_years", "a number, at most 15", "40"),
    }
