"""Work bounded by design: tables no longer than a real contract's (issue 19)."""

from __future__ import annotations

from scoring.limits import MAX_PAYMENT_LINES, MAX_TARGETS
from scoring.reader import read_bid, read_design
from scoring.stress import stress_test


def _lines(count: int) -> list[dict]:
    share = 100 / count
    return [{"Outcome": f"Outcome {n}", "Category": "retention" if n % 2 else "block",
             "Share %": share, "Window months": None, "Clawback": "No", "Cohort": "all"}
            for n in range(count)]


def _targets(count: int) -> list[dict]:
    return [{"KPI": f"Target {n}", "Measure": "retention", "Target": 80, "Unit": "percent",
             "Cohort": "all", "Consequence": "review"} for n in range(count)]


def test_the_most_payment_lines_and_targets_a_contract_may_have_are_read(bid_file):
    path = bid_file(tables={"Payment": _lines(MAX_PAYMENT_LINES),
                            "Targets": _targets(MAX_TARGETS)})
    result = read_bid(path)
    assert result.accepted, result.errors
    assert len(result.bid.payment_lines) == MAX_PAYMENT_LINES
    assert stress_test(result.bid, draws=200).verdict


def test_thousands_of_payment_lines_are_refused_naming_the_sheet_and_rows(bid_file):
    path = bid_file(tables={"Payment": _lines(4_999)})
    result = read_bid(path)
    assert not result.accepted
    (problem,) = result.errors  # the shares of the lines read are not checked
    first = MAX_PAYMENT_LINES + 2  # the header is row 1
    assert problem.cell == f"Payment!A{first}"
    assert problem.message == (
        f"the Payment sheet has 4,999 payment lines; a contract has tens, and at most "
        f"{MAX_PAYMENT_LINES} are accepted: combine or remove rows {first} to 5000")


def test_too_many_targets_are_refused_in_a_design_too(bid_file):
    path = bid_file(tables={"Targets": _targets(MAX_TARGETS + 1)})
    for result in (read_bid(path), read_design(path)):
        assert not result.accepted
        messages = [p.message for p in result.errors]
        assert any(m.startswith(f"the Targets sheet has {MAX_TARGETS + 1} targets") and
                   m.endswith(f"row {MAX_TARGETS + 2}") for m in messages), messages
