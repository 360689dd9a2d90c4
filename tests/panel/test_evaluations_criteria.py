"""Criteria, blending, reason checks and gates: pure functions, no database."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from documents.checks import NO_REASON, ReasonContext, reason_problems
from evaluations.bids import gate_failures
from evaluations.criteria import (
    DEFAULT_GATES,
    Criterion,
    Kind,
    PanelScheme,
    blended_score,
    psr_scheme,
    rule_areas_scheme,
    rule_score,
)
from scoring.plain_words import without_money_sentences
from scoring.rulebook import Area

BALANCE = rule_areas_scheme().criterion("balance").for_documents()


def test_the_default_criteria_are_the_six_rule_areas_with_half_panel_share():
    scheme = rule_areas_scheme()
    assert [c.id for c in scheme.criteria] == [area.value for area in Area]
    assert {c.share for c in scheme.criteria} == {0.5}
    assert scheme.gates == DEFAULT_GATES


def test_the_psr_scheme_has_its_five_key_criteria_and_social_value_is_panel_only():
    scheme = psr_scheme()
    assert [c.id for c in scheme.criteria] == [
        "quality_innovation", "value", "integration", "access", "social_value"]
    assert scheme.criterion("social_value").panel_only
    assert all(c.areas for c in scheme.criteria if c.id != "social_value")
    assert sum(c.weight for c in scheme.criteria) == 100


def test_the_area_score_blends_rules_and_panel_by_the_panel_share():
    criterion = Criterion(id="safety", title="Safety", weight=1, areas=(Area.safety,),
                          panel_share=0.25)
    assert blended_score(criterion, 80.0, 2) == pytest.approx(0.75 * 80 + 0.25 * 50)
    assert blended_score(criterion, 80.0, None) == 80.0
    rules_only = criterion.model_copy(update={"panel_share": 0})
    assert blended_score(rules_only, 80.0, 4) == 80.0 and not rules_only.panel_scored
    panel_only = Criterion(id="price", title="Price", weight=1)
    assert blended_score(panel_only, None, 3) == 75.0
    assert blended_score(panel_only, None, None) is None


def test_a_criterion_fed_by_several_areas_takes_their_mean():
    criterion = psr_scheme().criterion("access")
    assert rule_score(criterion, {"balance": 60.0, "voice": 80.0}) == 70.0
    assert rule_score(criterion, {"balance": None, "voice": 80.0}) == 80.0


def test_headings_weigh_their_groups_and_pass_fail_criteria_carry_no_weight():
    scheme = PanelScheme(
        criteria=(
            Criterion(id="quality", title="Q", weight=1, heading="quality"),
            Criterion(id="safety", title="S", weight=1, heading="quality"),
            Criterion(id="price", title="P", weight=1, heading="price"),
            Criterion(id="cqc", title="CQC registered", kind=Kind.pass_fail),
        ),
        headings={"quality": 80, "price": 20},
    )
    assert scheme.overall({"quality": 100, "safety": 50, "price": 0, "cqc": 0}) == 60.0
    assert scheme.criterion("cqc").allowed_scores == (0, 1)
    # the documents state each criterion's weight with its heading's multiplied out
    assert [scheme.overall_weight(c) for c in scheme.criteria] == [40, 40, 20, 0]


def test_a_scheme_refuses_duplicate_ids_unknown_headings_and_no_weight():
    with pytest.raises(ValidationError):
        PanelScheme(criteria=(Criterion(id="a", title="A", weight=1),) * 2)
    with pytest.raises(ValidationError):
        PanelScheme(criteria=(Criterion(id="a", title="A", weight=1, heading="x"),))
    with pytest.raises(ValidationError):
        PanelScheme(criteria=(Criterion(id="a", title="A", weight=0),))


def test_gate_failures_are_the_schemes_gate_rules_that_raised_a_red_flag():
    result = {"flags": [{"rule": "BAL-01", "severity": "red", "area": "balance"},
                        {"rule": "SAF-01", "severity": "amber", "area": "safety"},
                        {"rule": "INC-03", "severity": "red", "area": "incentives"}]}
    assert gate_failures(result, rule_areas_scheme()) == ["BAL-01"]
    assert gate_failures(result, object()) == ["BAL-01"]  # a scheme without gates: defaults


@pytest.mark.parametrize("reason", [
    "Better than Bid B on every count.", "It is the strongest of the bids we read.",
    "Stronger than Northgate's offer.", "Compared with the other bidders it is weak.",
])
def test_a_reason_comparing_bidders_is_flagged(reason):
    assert any("compares bidders" in w for w in reason_problems(reason, BALANCE))


def test_a_full_reason_addressing_everything_has_no_warnings():
    reason = ("The panel discussed the spread between evaluators and agreed 2: the rules' red "
              "flag on exit payments stands, and the service-user panel's concern about "
              "people being pushed off treatment is answered by the provider's clawback.")
    context = ReasonContext(spread=2, rules_disagreement=True, serious_concern=True,
                            flag_rules=("INC-08",))
    assert reason_problems(reason, BALANCE, context=context) == []
    assert len(reason_problems("Good.", BALANCE, context=context)) == 5
    assert reason_problems("  ", BALANCE) == [NO_REASON]


@pytest.mark.parametrize("text", [
    "funding of £12,000 a year", "£1.2m in all", "a £250k payment", "GBP 40,000", "£"])
def test_a_sentence_with_money_is_left_out_of_plain_words_whole(text):
    cleaned = without_money_sentences(f"We keep both doors open. It has {text}. Detox is "
                                      "funded.")
    assert cleaned == "We keep both doors open. Detox is funded."
