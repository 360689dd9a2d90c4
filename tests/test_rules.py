"""Every rule, both ways, on real workbooks read through the reader the app uses.

The balanced sample (Northgate) raises no flag at all; each case below changes only
what it names and states the exact findings: rule, severity and cells.
"""

from __future__ import annotations

import pytest

from sample_tenders.bids import ALL_DOMAINS, domain, partner, payment, target
from scoring.engine import load_rules, score_bid
from scoring.reader import read_bid

BLOCK_ONLY = [payment("Core service", "block", 100)]


def scorecard(path):
    result = read_bid(path)
    assert result.errors == (), result.errors
    return score_bid(result.bid)


def findings(card, rule_id):
    """The (severity, cells) of each flag a rule raised."""
    return [(f.severity.value, f.cells) for f in card.flags if f.rule == rule_id]


def outcome(card, rule_id):
    return next(o for o in card.outcomes if o.rule.id == rule_id)


def case(name, rule_id, expected, answers=None, tables=None, score=None):
    return pytest.param(rule_id, expected, answers or {}, tables or {}, score, id=name)


CASES = [
    # ---------------------------------------------------------------- balance
    case("ost_not_open_to_all_is_red", "BAL-01", [("red", ("Treatment!C2",))],
         {"ost.maintenance_available": "No"}, score=0),
    case("time_cap_on_ost_is_red", "BAL-01", [("red", ("Treatment!C3",))],
         {"ost.max_duration_months": 24}, score=0),
    case("reduction_plan_at_entry_is_red", "BAL-02", [("red", ("Treatment!C4",))],
         {"ost.reduction_plan_required_at_entry": "Yes"}, score=0),
    case("target_led_reductions_are_red", "BAL-03", [("red", ("Treatment!C5",))],
         {"ost.reduction_decision": "target-led"}, score=0),
    case("clinician_led_reductions_are_amber", "BAL-03", [("amber", ("Treatment!C5",))],
         {"ost.reduction_decision": "Clinician led"}, score=0.5),
    case("shared_reduction_decisions_raise_nothing", "BAL-03", [],
         {"ost.reduction_decision": "shared"}, score=1),
    case("low_dose_exit_programme_is_red", "BAL-04", [("red", ("Treatment!C6",))],
         {"ost.low_dose_exit_programme": "Yes"}, score=0),
    case("gp_registration_needed_is_amber", "BAL-11", [("amber", ("Treatment!C8",))],
         {"ost.gp_registration_required": "Yes"}, score=0),
    case("no_gp_registration_needed_raises_nothing", "BAL-11", [],
         {"ost.gp_registration_required": "No"}, score=1),
    case("no_choice_of_goal_is_amber", "BAL-05", [("amber", ("Treatment!C11",))],
         {"pathway.choice_of_goal": "No"}, score=0),
    case("no_stepped_care_is_amber", "BAL-06", [("amber", ("Treatment!C10",))],
         {"pathway.stepped_care": "No"}, score=0),
    case("no_detox_at_all_is_red", "BAL-07", [("red", ("Treatment!C12", "Treatment!C13"))],
         {"pathway.community_detox_places": 0, "pathway.inpatient_detox_places": 0}, score=0),
    case("no_inpatient_detox_is_amber", "BAL-07", [("amber", ("Treatment!C13",))],
         {"pathway.inpatient_detox_places": 0}, score=0.5),
    case("rehab_below_two_percent_is_amber", "BAL-08", [("amber", ("Treatment!C14",))],
         {"pathway.residential_rehab_placements": 18.5}, score=0.5),
    case("rehab_for_almost_no_one_is_red", "BAL-08", [("red", ("Treatment!C14",))],
         {"pathway.residential_rehab_placements": 3}, score=3 / 37),
    case("rehab_at_two_percent_raises_nothing", "BAL-08", [],
         {"pathway.residential_rehab_placements": 37}, score=1),
    case("no_psychosocial_support_is_amber", "BAL-09", [("amber", ("Treatment!C16",))],
         {"pathway.psychosocial_interventions": "No"}, score=0),
    case("no_support_after_exit_and_no_reentry_promise_is_amber", "BAL-10",
         [("amber", ("Treatment!C19",)), ("amber", ("Treatment!C18",))],
         {"pathway.post_exit_support_months": 0, "pathway.rapid_reentry_days": None}, score=0),
    case("slow_reentry_is_amber", "BAL-10", [("amber", ("Treatment!C18",))],
         {"pathway.rapid_reentry_days": 14}, score=0.5 + 0.5 * 14 / 21),
    case("reentry_after_four_weeks_is_red", "BAL-10", [("red", ("Treatment!C18",))],
         {"pathway.rapid_reentry_days": 28}, score=0.5),
    # ---------------------------------------------------------------- incentives
    case("most_value_at_risk_is_amber", "INC-01",
         [("amber", ("Payment!C3", "Payment!C4"))],
         tables={"Payment": [payment("Core", "block", 60), payment("Retention", "retention", 20),
                             payment("Deaths", "safety", 20)]}, score=0.4),
    case("block_contract_puts_nothing_at_risk", "INC-01", [],
         tables={"Payment": BLOCK_ONLY}, score=1),
    case("large_share_on_drug_free_exits_is_red", "INC-02", [("red", ("Payment!C3",))],
         tables={"Payment": [payment("Core", "block", 75),
                             payment("Completion", "successful_completion", 25, 12, "Yes")]}),
    case("modest_share_on_non_representation_is_amber", "INC-02", [("amber", ("Payment!C3",))],
         tables={"Payment": [payment("Core", "block", 88),
                             payment("No return in 6 months", "non_representation", 12, 6)]}),
    case("in_treatment_abstinence_is_not_an_exit_payment", "INC-02", [],
         tables={"Payment": [payment("Core", "block", 70),
                             payment("Abstinent at review", "abstinence", 30)]}, score=1),
    case("in_treatment_abstinence_needs_no_exit_safeguards", "INC-03", [],
         tables={"Payment": [payment("Core", "block", 70),
                             payment("Abstinent at review", "abstinence", 30)]}),
    case("non_representation_with_a_short_window_is_amber", "INC-03",
         [("amber", ("Payment!D3", "Payment!E3"))],
         tables={"Payment": [payment("Core", "block", 95),
                             payment("No return", "non_representation", 5, 3)]}, score=0.5),
    case("non_representation_with_no_window_looks_six_months_ahead", "INC-03", [],
         tables={"Payment": [payment("Core", "block", 95),
                             payment("No return", "non_representation", 5)]}, score=1),
    case("completion_payment_without_window_or_clawback_is_red", "INC-03",
         [("red", ("Payment!D3", "Payment!E3"))],
         tables={"Payment": [payment("Core", "block", 95),
                             payment("Completion", "successful_completion", 5)]}, score=0),
    case("completion_payment_without_clawback_is_amber", "INC-03",
         [("amber", ("Payment!D3", "Payment!E3"))],
         tables={"Payment": [payment("Core", "block", 95),
                             payment("Completion", "successful_completion", 5, 6)]}, score=0.5),
    case("completion_payment_with_six_month_window_and_clawback_raises_nothing", "INC-03", [],
         tables={"Payment": [payment("Core", "block", 95),
                             payment("Completion", "successful_completion", 5, 6, "Yes")]},
         score=1),
    case("exit_payment_for_long_term_ost_cohort_is_red", "INC-04",
         [("red", ("Payment!F3", "Payment!C3"))],
         tables={"Payment": [payment("Core", "block", 95),
                             payment("OST exit", "successful_completion", 5, 6, "Yes",
                                     "long_term_ost")]}, score=0),
    case("ost_exit_target_with_penalty_is_red", "INC-05",
         [("red", ("Targets!B2", "Targets!C2", "Targets!F2"))],
         tables={"Targets": [target("OST exits", "ost_exits", 20,
                                    consequence="financial_penalty")]}, score=0),
    case("low_dose_exit_target_under_review_is_amber", "INC-05",
         [("amber", ("Targets!B2", "Targets!C2", "Targets!F2"))],
         tables={"Targets": [target("Low-dose exits", "low_dose_exits", 10)]}, score=0.5),
    case("ost_exit_target_as_a_count_is_amber", "INC-05",
         [("amber", ("Targets!B2", "Targets!C2", "Targets!F2"))],
         tables={"Targets": [target("OST exits", "ost_exits", 100, unit="count")]}, score=0.5),
    case("opiate_completion_target_beyond_reach_with_termination_is_red", "INC-06",
         [("red", ("Targets!B2", "Targets!C2", "Targets!F2"))],
         tables={"Targets": [target("Completions", "successful_completions", 30,
                                    cohort="opiate", consequence="termination")]}, score=0),
    case("count_target_of_15_percent_is_judged_as_15_percent", "INC-06",
         [("red", ("Targets!B2", "Targets!C2", "Targets!F2"))],
         tables={"Targets": [target("Completions", "successful_completions", 147, unit="count",
                                    cohort="opiate", consequence="financial_penalty")]},
         score=0),
    case("count_target_within_reach_raises_nothing", "INC-06", [],
         tables={"Targets": [target("Completions", "successful_completions", 49, unit="count",
                                    cohort="opiate", consequence="financial_penalty")]},
         score=1),
    case("target_above_national_rate_with_money_at_stake_is_amber", "INC-06",
         [("amber", ("Targets!B2", "Targets!C2", "Targets!F2"))],
         tables={"Targets": [target("Completions", "successful_completions", 8,
                                    cohort="opiate", consequence="financial_penalty")]},
         score=0.5),
    case("same_target_under_review_raises_nothing", "INC-06", [],
         tables={"Targets": [target("Completions", "successful_completions", 8,
                                    cohort="opiate", consequence="review")]}, score=1),
    case("target_beyond_twice_national_under_review_is_amber", "INC-06",
         [("amber", ("Targets!B2", "Targets!C2", "Targets!F2"))],
         tables={"Targets": [target("Completions", "successful_completions", 12,
                                    cohort="long_term_ost")]}, score=0.5),
    case("opiate_completion_target_at_national_rate_raises_nothing", "INC-06", [],
         tables={"Targets": [target("Completions", "successful_completions", 5,
                                    cohort="opiate", consequence="termination")]}, score=1),
    case("much_at_risk_with_nothing_for_retention_or_safety_is_amber", "INC-07",
         [("amber", ("Payment!C3",))],
         tables={"Payment": [payment("Core", "block", 60),
                             payment("Wellbeing", "health_wellbeing", 40)]}, score=0),
    case("half_at_risk_with_nothing_protective_is_red", "INC-07",
         [("red", ("Payment!C3",))],
         tables={"Payment": [payment("Core", "block", 50),
                             payment("Wellbeing", "health_wellbeing", 50)]}, score=0),
    case("prescription_sanctions_are_red", "INC-08", [("red", ("Treatment!C7",))],
         {"ost.prescription_sanctions": "Yes"}, score=0),
    case("outcome_prices_without_safeguards_are_amber", "INC-09",
         [("amber", ("Bid!C12",)), ("amber", ("Bid!C13",)), ("amber", ("Bid!C14",))],
         {"payment.case_mix_adjusted": "No", "payment.independent_assessment": None,
          "payment.stepped_triggers": False}, score=0),
    case("safeguards_do_not_apply_to_a_block_contract", "INC-09", [],
         {"payment.case_mix_adjusted": "No"}, tables={"Payment": BLOCK_ONLY}),
    case("two_year_term_is_red", "INC-10", [("red", ("Bid!C8",))],
         {"contract.term_years": 2}, score=0),
    case("four_year_term_is_amber", "INC-10", [("amber", ("Bid!C8",))],
         {"contract.term_years": 4}),
    case("heavy_payment_on_entry_is_amber", "INC-11", [("amber", ("Payment!C3",))],
         tables={"Payment": [payment("Core", "block", 65), payment("Starts", "attachment", 30),
                             payment("Retention", "retention", 5)]}),
    # ---------------------------------------------------------------- mutual aid
    case("no_recovery_partners_is_amber", "MUT-01", [("amber", ("Partnerships!A1",))],
         tables={"Partnerships": [partner("Homes", "housing", "Yes", 0, "Yes")]}, score=0),
    case("one_kind_of_recovery_partner_scores_half", "MUT-01", [],
         tables={"Partnerships": [partner("SMART", "smart_recovery", "Yes", 1000, "Yes")]},
         score=0.5),
    case("token_partner_without_agreement_or_funding_is_amber", "MUT-02",
         [("amber", ("Partnerships!C3", "Partnerships!D3"))],
         tables={"Partnerships": [partner("SMART", "smart_recovery", "Yes", 5000, "Yes"),
                                  partner("Peers", "peer_support", "No", 0, "Yes")]},
         score=0.5),
    case("every_recovery_partner_promised_without_money_is_red", "MUT-02",
         [("red", ("Partnerships!C2", "Partnerships!D2"))],
         tables={"Partnerships": [partner("Peers", "peer_support", "No", 0, "Yes")]}, score=0),
    case("twelve_step_fellowship_is_not_marked_down_for_no_agreement", "MUT-02", [],
         tables={"Partnerships": [partner("NA", "mutual_aid_12_step", "No", 0, "Yes"),
                                  partner("LERO", "lero", "Yes", 9000, "Yes")]}, score=1),
    case("leaflet_only_mutual_aid_is_amber", "MUT-03", [("amber", ("Partnerships!E2",))],
         tables={"Partnerships": [partner("AA", "mutual_aid_12_step", "No", 0, "No"),
                                  partner("LERO", "lero", "Yes", 9000, "Yes")]}, score=0.5),
    case("no_recovery_partner_in_governance_is_amber", "MUT-04",
         [("amber", ("Partnerships!F2",))],
         tables={"Partnerships": [partner("LERO", "lero", "Yes", 9000, "Yes")]}, score=0),
    case("no_continuity_after_exit_is_amber", "MUT-05", [("amber", ("Partnerships!G2",))],
         tables={"Partnerships": [partner("LERO", "lero", "Yes", 9000, "Yes", "Yes")]},
         score=0),
    case("unfunded_lero_is_amber", "MUT-06", [("amber", ("Partnerships!D2",))],
         tables={"Partnerships": [partner("LERO", "lero", "Yes", 0, "Yes", "Yes", "Yes")]},
         score=0.5),
    # ---------------------------------------------------------------- recovery capital
    case("missing_domains_are_amber", "RCP-01", [("amber", ("Recovery capital!B2",))],
         tables={"Recovery capital": [domain("housing", "No")] + [
             domain(name, partner_name="P", measure="BARC-10") for name in ALL_DOMAINS[1:]]},
         score=7 / 8),
    case("most_domains_missing_is_red", "RCP-01", [("red", ("Recovery capital!A1",))],
         tables={"Recovery capital": [domain(name, partner_name="P", measure="BARC-10")
                                      for name in ALL_DOMAINS[:3]]}, score=3 / 8),
    case("domains_without_partner_or_measure_are_amber", "RCP-01",
         [("amber", ("Recovery capital!C2", "Recovery capital!D3"))],
         tables={"Recovery capital": [domain("housing", measure="ARC"),
                                      domain("offending", partner_name="Probation")] + [
             domain(name, partner_name="P", measure="BARC-10") for name in ALL_DOMAINS[1:7]]}),
    case("token_recovery_support_share_is_amber", "RCP-02", [("amber", ("Treatment!C17",))],
         {"pathway.recovery_support_pct": 3}, score=0.2),
    # ---------------------------------------------------------------- safety
    case("no_naloxone_is_red", "SAF-01", [("red", ("Safety!C2",))],
         {"safety.naloxone_supply": "No"}, score=0),
    case("no_needle_exchange_is_red", "SAF-02", [("red", ("Safety!C3",))],
         {"safety.needle_syringe_programme": "no"}, score=0),
    case("no_bbv_testing_is_amber", "SAF-03", [("amber", ("Safety!C4",))],
         {"safety.bbv_testing_vaccination": "No"}, score=0),
    case("deaths_not_reviewed_is_amber", "SAF-04", [("amber", ("Safety!C5",))],
         {"safety.drug_death_review": "No"}, score=0),
    case("no_risk_assessment_before_reduction_is_red", "SAF-05", [("red", ("Safety!C6",))],
         {"safety.pre_reduction_risk_assessment": "No"}, score=0),
    case("no_follow_up_after_leaving_ost_is_red", "SAF-06", [("red", ("Safety!C7",))],
         {"safety.post_exit_followup": False}, score=0),
    case("no_high_risk_register_is_amber", "SAF-07", [("amber", ("Safety!C8",))],
         {"safety.high_risk_register": None}, score=0),
    case("no_health_checks_is_amber", "SAF-08", [("amber", ("Safety!C9",))],
         {"safety.physical_health_checks": "No"}, score=0),
    # ---------------------------------------------------------------- voice
    case("little_lived_experience_and_no_peers_is_amber", "VOI-01",
         [("amber", ("Voice!C2",)), ("amber", ("Voice!C3",))],
         {"workforce.lived_experience_pct": 5, "workforce.peer_workers_fte": None},
         score=0.7 * 5 / 20),
    case("no_lived_experience_at_all_is_red", "VOI-01", [("red", ("Voice!C2", "Voice!C3"))],
         {"workforce.lived_experience_pct": 0, "workforce.peer_workers_fte": None}, score=0),
    case("no_consultation_is_amber", "VOI-02", [("amber", ("Voice!C4",))],
         {"voice.service_user_consultation": "No"}, score=0),
    case("no_service_users_in_governance_is_amber", "VOI-03", [("amber", ("Voice!C5",))],
         {"voice.service_users_in_governance": "No"}, score=0),
    case("design_not_co_produced_is_amber", "VOI-04", [("amber", ("Voice!C6",))],
         {"voice.co_produced_design": "No"}, score=0),
    case("large_caseload_is_amber", "VOI-05", [("amber", ("Voice!C7",))],
         {"caseload.clients_per_keyworker": 70}, score=0.25),
    case("caseload_of_80_is_red", "VOI-05", [("red", ("Voice!C7",))],
         {"caseload.clients_per_keyworker": 80}, score=0),
    case("nearly_no_recovery_support_is_red", "RCP-02", [("red", ("Treatment!C17",))],
         {"pathway.recovery_support_pct": 0.5}, score=0.5 / 15),
    case("value_mostly_at_risk_is_red", "INC-01", [("red", ("Payment!C3", "Payment!C4"))],
         tables={"Payment": [payment("Core", "block", 40), payment("Retention", "retention", 30),
                             payment("Deaths", "safety", 30)]}, score=0),
    case("forty_percent_on_entry_is_red", "INC-11", [("red", ("Payment!C3",))],
         tables={"Payment": [payment("Core", "block", 60), payment("Starts", "attachment", 40)]},
         score=1 / 3),
    case("caseload_not_stated_is_amber", "VOI-05", [("amber", ("Voice!C7",))],
         {"caseload.clients_per_keyworker": None}, score=0.5),
]


@pytest.mark.parametrize(("rule_id", "expected", "answers", "tables", "score"), CASES)
def test_rule(bid_file, rule_id, expected, answers, tables, score):
    card = scorecard(bid_file(answers=answers, tables=tables))
    assert findings(card, rule_id) == expected
    if score is not None:
        assert outcome(card, rule_id).score == pytest.approx(score)


def test_balanced_bid_raises_no_flag_and_every_rule_runs(bid_file):
    card = scorecard(bid_file())
    assert card.flags == ()
    assert all(o.error is None for o in card.outcomes)
    assert all(o.score in (None, 1.0) for o in card.outcomes if o.rule.id != "INC-01")


def test_every_rule_has_a_case_that_flags_it():
    flagged = {param.values[0] for param in CASES if param.values[1]}
    assert flagged >= {rule.id for rule in load_rules()} - _rules_tested_elsewhere()


def _rules_tested_elsewhere() -> set[str]:
    """Rules whose both-way tests live in their own test module."""
    return {"INC-12"}  # the stress-test verdict: tests/test_stress.py


def test_a_count_target_is_named_with_the_share_of_its_cohort(bid_file):
    targets = [target("Completions", "successful_completions", 147, unit="count",
                      cohort="opiate", consequence="financial_penalty")]
    card = scorecard(bid_file(tables={"Targets": targets}))
    message = next(f.message for f in card.flags if f.rule == "INC-06")
    assert "147 completions a year (15% of the 980 opiate clients)" in message
    assert "against 5% of opiate clients nationally (2022 to 2023)" in message
