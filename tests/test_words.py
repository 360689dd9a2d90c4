"""Words, not codes: coded answers read as words everywhere, and a blank answer says so."""

from __future__ import annotations

from enum import StrEnum

from openpyxl import load_workbook

from scoring import models
from scoring.batch import report_for
from scoring.engine import score_bid
from scoring.reader import read_bid
from scoring.rulebook import read
from scoring.words import code_for, label, words
from templates.bid_workbook import LISTS_SHEET, save_template
from tests.bidfiles import write_bid

ENUMS = [
    value for value in vars(models).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    and value.__module__ == models.__name__ and value is not models.PaidWhen
]


def test_every_coded_answer_has_words_that_read_back_as_its_code():
    for enum in ENUMS:
        for member in enum:
            shown = label(member)
            assert "_" not in shown, shown
            assert shown[:1].isupper() or shown[:1].isdigit(), shown
            for typed in (shown, shown.upper(), shown.lower(), f"  {shown} "):
                assert code_for(typed) == member.value, (typed, member)


def test_words_for_a_sentence_and_for_a_table():
    assert label(models.PaymentCategory.successful_completion) == "Successful completion"
    assert label(models.Domain.finance_debt) == "Finance and debt"
    assert label(models.Cohort.long_term_ost) == "Long-term OST"
    assert words(models.Cohort.long_term_ost) == "long-term OST"
    assert words(models.PaymentCategory.successful_completion) == "successful completion"
    assert words(models.PartnerType.lero).startswith("LERO")


def test_the_template_drop_downs_offer_words_not_codes(tmp_path):
    workbook = load_workbook(save_template(tmp_path / "template.xlsx"))
    offered = {cell.value for row in workbook[LISTS_SHEET].iter_rows() for cell in row
               if cell.value is not None}
    assert {"Successful completion", "Patient-led", "Long-term OST", "Finance and debt",
            "Yes", "No"} <= offered
    assert not any("_" in str(choice) for choice in offered), offered


def test_the_reader_accepts_the_drop_down_words_in_any_case(tmp_path):
    path = write_bid(tmp_path, answers={"ost.reduction_decision": "SHARED"}, tables={
        "Recovery capital": [
            {"Domain": "finance AND debt", "Offered": "Yes"},
            {"Domain": "Employment, education and training", "Offered": "Yes"},
            {"Domain": "relationships-family", "Offered": "No"},
        ],
    })
    result = read_bid(path)
    assert result.errors == ()
    domains = [row.domain for row in result.bid.recovery_capital]
    assert domains == [models.Domain.finance_debt, models.Domain.employment_education_training,
                       models.Domain.relationships_family]


def test_a_rule_reading_shows_a_coded_answer_in_words(tmp_path):
    bid = read_bid(write_bid(tmp_path)).bid
    (reading,) = read(bid.treatment, "ost_reduction_decision")
    assert reading.value == label(bid.treatment.ost_reduction_decision)
    assert "_" not in reading.value


def _safeguards(card):
    return next(o for o in card.outcomes if o.rule.id == "INC-09")


def test_a_blank_yes_no_answer_names_its_cell_and_says_not_answered(tmp_path):
    path = write_bid(tmp_path, answers={"payment.case_mix_adjusted": None})
    bid = read_bid(path).bid
    assert not bid.overview.answered("payment_case_mix_adjusted")
    finding = _safeguards(score_bid(bid)).finding
    (flag,) = finding.flags
    cell = bid.overview.cell("payment_case_mix_adjusted")
    assert cell.startswith("Bid!C")
    assert flag.message.startswith(
        f"Not answered: {cell} (payment.case_mix_adjusted) was left blank, so it counts as No")
    assert flag.cells == (cell,)
    shown = {r.field: r.value for r in finding.readings}
    assert shown["payment.case_mix_adjusted"] == "not answered (counts as No)"


def test_a_missing_question_row_is_named_by_sheet_and_question(tmp_path):
    path = write_bid(tmp_path, answers={"payment.case_mix_adjusted": None})
    workbook = load_workbook(path)
    sheet = workbook["Bid"]
    row = next(c.row for c in sheet["A"] if c.value == "payment.case_mix_adjusted")
    sheet.delete_rows(row)
    workbook.save(path)
    report = report_for(read_bid(path))
    (flag,) = _safeguards(report.scorecard).finding.flags
    where = "Bid sheet, question payment.case_mix_adjusted (no row for it)"
    assert flag.cells == (where,)
    assert f"Not answered: {where}: not answered, so it counts as No" in flag.message
    assert "Bid:payment" not in flag.message


def test_an_answered_no_is_a_plain_claim_about_the_bid(tmp_path):
    path = write_bid(tmp_path, answers={"payment.case_mix_adjusted": "No"})
    (flag,) = _safeguards(score_bid(read_bid(path).bid)).finding.flags
    assert flag.message.startswith("Outcome prices are not adjusted")
