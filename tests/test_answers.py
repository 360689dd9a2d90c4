"""Each list answer of a bid, and its scorecard under every other choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.answers import answer_changes, list_answers, with_answer
from scoring.engine import score_bid
from scoring.reader import read_bid

SAMPLES = Path(__file__).resolve().parents[1] / "sample_tenders"


@pytest.mark.parametrize("name", ["northgate.xlsx", "swift_outcomes.xlsx"])
def test_re_running_only_the_rules_that_read_an_answer_scores_as_re_running_them_all(name):
    bid = read_bid(SAMPLES / name).bid
    changes = list(answer_changes(bid))
    assert len(changes) > 50
    for change in changes:
        whole = score_bid(with_answer(bid, change.answer, change.value))
        assert whole.areas == change.scorecard.areas, (change.answer.cell, change.value)
        assert whole.gates_failed == change.scorecard.gates_failed
        assert [o.finding for o in whole.outcomes] == [
            o.finding for o in change.scorecard.outcomes]


def test_list_answers_name_their_cell_the_answer_read_and_the_other_choices():
    bid = read_bid(SAMPLES / "swift_outcomes.xlsx").bid
    answers = {a.cell: a for a in list_answers(bid)}
    plan = answers["Treatment!C4"]
    assert (plan.label, plan.read, plan.alternatives) == (
        "ost.reduction_plan_required_at_entry", "Yes", (False,))
    assert plan.question == "Does starting treatment require an agreed dose-reduction plan?"
    category = next(a for a in answers.values() if a.cell.startswith("Payment!B"))
    assert category.question.startswith("Category of “")
    assert len(category.alternatives) == 14  # every other payment category
