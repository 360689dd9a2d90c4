"""The stress test's rulings of 2026-12-04 (shared/domain.md): how sure a verdict is, what
a push changes, each line priced by its unit, and what undoes an exit payment held for a
window. Designs are real workbooks read through the reader the app uses.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook

from sample_tenders.bids import NORTHGATE, payment
from scoring.engine import score_bid
from scoring.models import FailureEvent, PaidUnit
from scoring.reader import read_bid_bytes
from scoring.stress import NEUTRAL, PENALISES_PUSH, REWARDS_PUSH, stress_test
from templates.bid_workbook import build_workbook
from tests.test_stress import bid


def line(outcome, category, share, window=None, clawback="No", paid=None, failed=None):
    row = payment(outcome, category, share, window, clawback)
    if paid:
        row["Paid"] = paid
    if failed:
        row["Counts as failed"] = failed
    return row


def inc_12(payments):
    outcome = next(o for o in score_bid(bid(payments)).outcomes if o.rule.id == "INC-12")
    assert outcome.error is None, outcome.error
    return [flag.severity.value for flag in outcome.finding.flags if "Target" not in
            flag.message]


MILESTONES = [  # paid at each step of a person's treatment
    line("Core service", "block", 80),
    line("Engaged in treatment", "attachment", 5),
    line("Retained 12 weeks", "retention", 5, paid="Once per person"),
    line("Planned exit", "successful_completion", 5, window=6, clawback="Yes"),
    line("Not back within 12 months", "non_representation", 5, window=12),
]
BLACKPOOL_STYLE = [  # recovery-first: paid on starts, completions and staying out
    line("Core service", "block", 70),
    line("New starts", "attachment", 10),
    line("Drug-free completion", "successful_completion", 10, window=3),
    line("Not back within 6 months", "non_representation", 10),
]


def test_a_milestone_design_is_red_on_inc_12():
    result = stress_test(bid(MILESTONES))
    assert result.level == "red" and result.p_gain >= 0.9 and result.mean_gain_pct >= 0.25
    assert inc_12(MILESTONES) == ["red"]


def test_a_blackpool_style_design_is_red_on_inc_12():
    result = stress_test(bid(BLACKPOOL_STYLE))
    assert result.level == "red" and result.p_gain >= 0.9
    assert inc_12(BLACKPOOL_STYLE) == ["red"]


def test_a_caseload_payment_is_retention_not_a_reward():
    """Paying for caseload held against capacity pays for people staying (Delaware)."""
    caseload = [line("Core", "block", 80), line("Caseload held", "attachment", 20,
                                                 paid="On caseload")]
    as_entry = [line("Core", "block", 80), line("Caseload held", "attachment", 20)]
    result = stress_test(bid(caseload))
    assert result.verdict == PENALISES_PUSH and result.p_gain < 0.05
    assert inc_12(caseload) == []
    assert stress_test(bid(as_entry)).verdict == REWARDS_PUSH  # typed as a per-entry fee


def test_the_same_design_priced_per_client_and_per_month_gets_its_units_verdict():
    """The pilots paid outcomes once per client: a person pushed out who relapses and
    returns can earn the line again. Measured every month in treatment, pushing loses."""
    def pilot(unit):
        return [line("Core", "block", 50),
                line("Not back within 12 months", "non_representation", 20, 12, "Yes"),
                line("Abstinent in treatment", "abstinence", 10, paid=unit),
                line("Reduced offending", "offending", 10, paid=unit),
                line("Health and wellbeing", "health_wellbeing", 10, paid=unit)]

    per_client = stress_test(bid(pilot("Once per person")))
    per_month = stress_test(bid(pilot("Per month in treatment")))
    assert per_client.verdict == REWARDS_PUSH and per_client.level == "red"
    assert per_month.verdict == PENALISES_PUSH
    assert inc_12(pilot("Per month in treatment")) == []


def test_a_window_that_counts_death_as_failure_pays_less_for_pushing():
    def held(failed):
        return bid([line("Core", "block", 80),
                    line("Completion", "successful_completion", 20, 12, "Yes", failed=failed)])

    returns_only = stress_test(held("Re-presentation"))
    with_death = stress_test(held("Re-presentation, Death"))
    everything = stress_test(held("Re-presentation, Death, Custody, Unplanned exit"))
    assert with_death.mean_gain_gbp < returns_only.mean_gain_gbp
    assert everything.mean_gain_gbp < with_death.mean_gain_gbp


def test_a_tiny_gain_is_no_material_incentive_whatever_its_sign():
    for share in (0.2, 0.05):
        result = stress_test(bid([line("Core", "block", 100 - share),
                                  line("Starts", "attachment", share)]))
        assert result.verdict == NEUTRAL and abs(result.mean_gain_pct) < 0.1


# ---------------------------------------------------------------- the workbook columns


def workbook_bytes(payments, drop=()):
    workbook = build_workbook(NORTHGATE.answers, {**NORTHGATE.tables, "Payment": payments})
    sheet = workbook["Payment"]
    for header in drop:
        column = next(c.column for c in sheet[1] if c.value == header)
        sheet.delete_cols(column)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_a_workbook_without_the_new_columns_reads_with_their_defaults():
    payments = [line("Core", "block", 80), line("Completion", "successful_completion", 10,
                                                6, "Yes"), line("Abstinent", "abstinence", 10)]
    result = read_bid_bytes(workbook_bytes(payments, drop=("Paid", "Counts as failed")),
                            "old.xlsx")
    assert result.errors == ()
    completion, abstinence = result.bid.payment_lines[1:]
    assert completion.unit == PaidUnit.once_per_person
    assert completion.failures == {FailureEvent.re_presentation}
    assert abstinence.unit == PaidUnit.per_review and abstinence.failures == frozenset()


def test_the_new_columns_read_words_and_a_wrong_word_names_its_cell():
    payments = [line("Core", "block", 90),
                line("Completion", "successful_completion", 10, 6, "Yes",
                     paid="Once per person", failed="Death; custody")]
    read = read_bid_bytes(workbook_bytes(payments), "new.xlsx")
    assert read.errors == ()
    assert read.bid.payment_lines[1].failures == {FailureEvent.death, FailureEvent.custody}
    payments[1]["Counts as failed"] = "Death, prison"
    refused = read_bid_bytes(workbook_bytes(payments), "bad.xlsx")
    [error] = refused.errors
    assert error.cell == "Payment!H3" and "prison" in error.message
    assert "Re-presentation, Death, Custody, Unplanned exit" in error.message


def test_the_template_carries_the_two_new_payment_columns_last():
    sheet = load_workbook(io.BytesIO(workbook_bytes([line("Core", "block", 100)])))["Payment"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-2:] == ["Paid", "Counts as failed"]


def test_the_rule_and_the_page_say_the_same_for_a_bid_with_a_cap():
    """The rule follows the capped course on the central column alone; the words match."""
    from scoring.reader import read_bid
    from scoring.stress import stress_many
    from scoring.stress.summary import headline

    swift = read_bid("sample_tenders/swift_outcomes.xlsx").bid
    page = stress_test(swift)
    (rule,) = stress_many([swift], ranges=False)
    assert headline(rule) == headline(page) and "Its cap of 24 months" in headline(rule)
    assert rule.cap.extra_deaths.central == page.cap.extra_deaths.central
