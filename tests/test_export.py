"""The comparison workbook: what a panel downloads, and that no bid text can run in Excel."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scoring.batch import BidReport, report_for
from scoring.export import StressFigures, comparison_workbook, comparison_xlsx
from scoring.ranking import ranking
from scoring.reader import read_bid, read_bid_bytes
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_SCHEME
from tests.bidfiles import write_bid

SAMPLES = Path(__file__).resolve().parent.parent / "sample_tenders"
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)",
            "=cmd|' /C calc'!A0.xlsx"]


@pytest.fixture(scope="module")
def samples() -> list[BidReport]:
    return [report_for(read_bid(path)) for path in sorted(SAMPLES.glob("*.xlsx"))]


def read_back(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_summary_puts_the_bids_side_by_side_best_first(samples):
    summary = read_back(comparison_xlsx(samples))["Summary"]
    labels = [row[0].value for row in summary.iter_rows(min_row=5)]
    assert labels[:5] == ["Rank", "Provider", "Bid reference", "File", "Overall score"]
    assert labels[-2:] == ["Red flags", "Amber flags"]
    rows = {row[0].value: [cell.value for cell in row[1:]] for row in summary.iter_rows(min_row=5)}
    assert rows["Rank"] == [1, 2, 3, 4, 5, 6]
    assert rows["Provider"][0] == "Northgate Recovery Partnership"
    assert rows["Provider"][-1] == "Swift Outcomes Ltd"
    assert rows["Overall score"] == sorted(rows["Overall score"], reverse=True)
    assert rows["Red flags"][-1] == 19  # INC-12 and the red ends of the graded rules
    assert sum(label.startswith("Safety (20% of overall)") for label in rows) == 1


def test_every_flag_is_listed_with_its_cells_and_reason(samples):
    flags = read_back(comparison_xlsx(samples))["Flags"]
    header = [cell.value for cell in flags[1]]
    assert header == ["Rank", "Provider", "Severity", "Area", "Rule", "Rule title",
                      "What was found", "Cells", "Why it matters", "Evidence"]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in flags.iter_rows(min_row=2)]
    assert len(rows) == sum(len(report.scorecard.flags) for report in samples)
    capped = next(r for r in rows if r["What was found"] == "Time on OST is capped at 24 months")
    assert capped["Severity"] == "RED"
    assert capped["Cells"] == "Treatment!C3"
    assert capped["Rule"] == "BAL-01"
    assert "R-ACMD14" in capped["Evidence"]
    assert capped["Why it matters"]


def test_each_bid_has_its_own_sheet_with_every_rule(samples):
    workbook = read_back(comparison_xlsx(samples))
    bid_sheets = workbook.sheetnames[3:]
    assert bid_sheets[0] == "1. Northgate Recovery Partnersh"
    assert len(bid_sheets) == 6
    swift = workbook[bid_sheets[-1]]
    assert swift["B1"].value == "Swift Outcomes Ltd"
    rules = [row[1].value for row in swift.iter_rows(min_row=16) if row[1].value]
    assert len(rules) == len(samples[0].scorecard.outcomes)
    bal01 = next(row for row in swift.iter_rows(min_row=16) if row[1].value == "BAL-01")
    assert bal01[3].value == 0
    assert ("Treatment!C3: Maximum time a person may stay on OST (months) = 24 "
            "(ost.max_duration_months)") in bal01[6].value


def test_the_weights_decide_the_order(samples):
    voice_only = DEFAULT_SCHEME.with_area_weights({area: 0 for area in Area} | {Area.voice: 1})
    summary = read_back(comparison_xlsx(samples, voice_only))["Summary"]
    providers = [cell.value for cell in summary[6][1:]]
    assert providers[:2] == ["Northgate Recovery Partnership", "Brightpath Recovery CIC"]
    assert "Service-user voice (100% of overall)" in [row[0].value for row in summary.rows]


def test_refused_files_are_listed_with_sheet_cell_and_problem(tmp_path, samples):
    broken = report_for(read_bid(write_bid(tmp_path, "broken.xlsx",
                                           answers={"ost.maintenance_available": "Maybe"})))
    workbook = read_back(comparison_xlsx([*samples[:1], broken]))
    refused = workbook["Refused files"]
    rows = [[cell.value for cell in row] for row in refused.iter_rows(min_row=2)]
    assert [row[1:3] for row in rows] == [["Treatment", "C2"]]
    assert "expected Yes or No" in rows[0][3]
    assert len(workbook.sheetnames) == 5  # Summary, Flags, Stress, the bid, Refused files


def test_no_refused_sheet_when_every_file_was_accepted(samples):
    assert "Refused files" not in comparison_workbook(samples).sheetnames


def test_text_from_a_bid_can_never_run_as_a_formula(tmp_path):
    path = write_bid(tmp_path, "formulas.xlsx")
    workbook = load_workbook(path)
    workbook["Bid"]["C3"].value = FORMULAS[0]  # the provider's name
    workbook["Bid"]["C3"].data_type = "s"
    for row, name in enumerate(FORMULAS[1:], start=2):  # partners' names
        workbook["Partnerships"].cell(row=row, column=1).value = name
        workbook["Partnerships"].cell(row=row, column=1).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = report_for(read_bid_bytes(buffer.getvalue(), FORMULAS[4]))
    assert report.scorecard is not None, report.errors
    assert report.provider == FORMULAS[0]

    data = comparison_xlsx([report])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheets = [name for name in package.namelist() if name.startswith("xl/worksheets/")]
        assert not any(b"<f>" in package.read(name) or b"<f " in package.read(name)
                       for name in sheets)
    written = read_back(data)
    risky = [cell for sheet in written for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))]
    assert {FORMULAS[0], FORMULAS[4]} <= {cell.value for cell in risky}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky)


def test_characters_an_xlsx_cannot_hold_are_dropped(samples):
    card = samples[0].scorecard
    odd = BidReport(samples[0].read, type(card)("Bell\x07 Ltd", "R\x00EF", card.outcomes,
                                                card.areas, card.overall))
    summary = read_back(comparison_xlsx([odd]))["Summary"]
    assert summary["B6"].value == "Bell Ltd"


def test_sheet_names_are_valid_and_unique_whatever_the_provider_is_called(samples):
    card = samples[0].scorecard
    awkward = [
        BidReport(samples[0].read, type(card)(name, "X", card.outcomes, card.areas, 50.0))
        for name in ("A/B: [Partners]*?", "A/B: [Partners]*?", "'Quoted'", "x" * 60)
    ]
    names = comparison_workbook(awkward).sheetnames[3:]
    assert len(set(name.lower() for name in names)) == 4
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names)
    assert not any(name.endswith("'") for name in names)


def test_equal_scores_share_a_rank(samples):
    same = [samples[0], samples[0]]
    assert [entry.rank for entry in ranking(same, DEFAULT_SCHEME)] == [1, 1]


def test_gate_failure_ranks_below_every_passing_bid_in_the_export(tmp_path, samples):
    nightwater = report_for(read_bid(write_bid(
        tmp_path, "nightwater.xlsx",
        answers={"safety.naloxone_supply": "No", "provider.name": "Nightwater Care"})))
    workbook = read_back(comparison_xlsx([nightwater, *samples]))
    summary = workbook["Summary"]
    rows = {row[0].value: [cell.value for cell in row[1:]] for row in summary.iter_rows(min_row=5)}
    assert rows["Provider"][-2:] == ["Nightwater Care", "Swift Outcomes Ltd"]
    assert rows["Rank"] == [1, 2, 3, 4, 5, 6, 7]
    requirements = rows["Minimum requirements"]
    assert requirements[:5] == ["Meets every minimum requirement"] * 5
    assert requirements[5] == "Fails a minimum requirement: No take-home naloxone"
    assert "Time on OST is capped at 24 months" in requirements[6]
    assert "ranks below every bid that meets them all" in summary["A2"].value
    sheet = workbook[workbook.sheetnames[-2]]
    assert sheet["B1"].value == "Nightwater Care"
    assert (sheet["A6"].value, sheet["B6"].value) == (
        "Minimum requirements", "Fails a minimum requirement: No take-home naloxone")


def test_the_summary_names_the_scheme_as_used_the_date_and_the_stress_assumptions(samples):
    voice = DEFAULT_SCHEME.with_area_weights({Area.voice: 15})
    summary = read_back(comparison_xlsx(samples, voice, made_on=date(2027, 3, 4)))["Summary"]
    assert summary["A2"].value.startswith(
        "Evaluation scheme: Default scheme, with area weights changed: "
        "Service-user voice 15 (published 10).")
    assert summary["A3"].value.startswith("Made on 4 March 2027. Stress test: the published "
                                          "assumptions, as the scores use; verdicts from the "
                                          "joint draws")
    published = read_back(comparison_xlsx(samples))["Summary"]
    assert published["A2"].value.startswith("Evaluation scheme: Default scheme. Scores")


def test_the_stress_sheet_has_each_bids_verdict_in_ranked_order(samples):
    stress = read_back(comparison_xlsx(samples))["Stress"]
    header = [cell.value for cell in stress[2]]
    assert header[:4] == ["Rank", "Provider", "Verdict",
                          "Share of joint draws in which pushing pays (p_gain)"]
    rows = [dict(zip(header, (c.value for c in row), strict=False))
            for row in stress.iter_rows(min_row=3, max_row=8)]
    assert rows[0]["Provider"] == "Northgate Recovery Partnership"
    swift = rows[-1]
    assert swift["Provider"] == "Swift Outcomes Ltd"
    assert "pays the provider to push people out" in swift["Verdict"].lower()
    assert swift["Change in income if people are pushed out (£, over the term)"] > 0
    assert swift["Share of joint draws in which pushing pays (p_gain)"] == 1
    assert swift["Cap on time in OST"].startswith("24 months")
    assert swift["In plain words"].startswith("Under its own payment table")
    labels = [row[0].value for row in stress.iter_rows(min_row=9)]
    assert "The assumptions" in labels


def test_the_export_uses_stress_results_it_is_given_and_says_how_they_were_made(samples):
    from scoring.stress import DEFAULT_ASSUMPTIONS, stress_many

    ranked = ranking(samples, DEFAULT_SCHEME)
    results = stress_many([e.report.read.bid for e in ranked], DEFAULT_ASSUMPTIONS, draws=200)
    figures = StressFigures({e.report.read.digest: r for e, r in zip(ranked, results,
                                                                     strict=True)},
                            DEFAULT_ASSUMPTIONS, draws=200)
    workbook = read_back(comparison_xlsx(samples, stress=figures))
    assert "likely ranges from 200 joint draws" in workbook["Summary"]["A3"].value
    swift = next(row for row in workbook["Stress"].iter_rows(min_row=3)
                 if row[1].value == "Swift Outcomes Ltd")
    central, low, high = (cell.value for cell in swift[5:8])
    assert low <= central <= high and low < high
