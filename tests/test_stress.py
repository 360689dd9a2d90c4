"""The incentive stress test: what a payment table pays a provider to do, and what it costs.

Bids are real workbooks read through the reader the app uses: a sample bid with the
payment table, targets or cohort each test names. Most tests use fewer draws than the
full test; the verdicts of the sample bids use the full 10,000.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sample_tenders.bids import NORTHGATE, SAMPLE_BIDS, SampleBid, payment, target
from scoring.engine import score_bid
from scoring.reader import read_bid_bytes
from scoring.stress import (
    DEFAULT_ASSUMPTIONS,
    NEUTRAL,
    PENALISES_PUSH,
    REWARDS_PUSH,
    AssumptionsError,
    Interval,
    StressResult,
    load_assumptions,
    stress_many,
    stress_test,
)
from scoring.stress.model import sample
from scoring.stress.summary import headline
from templates.bid_workbook import build_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_tenders"
DRAWS = 2_000
ZERO = Interval(0.0, 0.0, 0.0)


def bid(payments=None, targets=None, answers=None, base: SampleBid = NORTHGATE):
    """A sample bid with its payment table, targets or answers replaced."""
    tables = {**base.tables}
    if payments is not None:
        tables["Payment"] = payments
    if targets is not None:
        tables["Targets"] = targets
    workbook = build_workbook({**base.answers, **(answers or {})}, tables, base.percent_format)
    data = io.BytesIO()
    workbook.save(data)
    result = read_bid_bytes(data.getvalue(), "bid.xlsx")
    assert result.errors == (), result.errors
    return result.bid


def exits_paid(share, **line):
    """A block contract with `share` % moved onto drug-free exits."""
    payments = [payment("Core", "block", 100 - share)]
    if share:
        payments.append(payment("Completion", "successful_completion", share, **line))
    return bid(payments)


def gain(a_bid, **overrides) -> float:
    assumptions = load_assumptions(overrides=overrides) if overrides else DEFAULT_ASSUMPTIONS
    return stress_test(a_bid, assumptions, draws=DRAWS).income_gain_gbp.central


# ---------------------------------------------------------------- what pushing earns


def test_a_block_contract_gains_exactly_nothing_from_pushing():
    result = stress_test(bid([payment("Block", "block", 100)]), draws=DRAWS)
    assert result.income_gain_gbp == ZERO and result.income_gain_pct == ZERO
    assert result.verdict == NEUTRAL and result.drivers == ()
    paced, pushed = result.strategies["person_paced"], result.strategies["target_driven"]
    assert paced.income_gbp == pushed.income_gbp == Interval(*[result.contract_value_gbp] * 3)
    assert result.extra_deaths.central > 0  # pushing still costs lives


def test_moving_value_from_the_block_onto_drug_free_exits_raises_the_gain():
    gains = [gain(exits_paid(share)) for share in (0, 5, 10, 20, 40)]
    assert gains[0] == 0
    assert gains == sorted(gains) and len(set(gains)) == len(gains)


def test_a_re_presentation_clawback_lowers_the_gain():
    assert gain(exits_paid(20, clawback="Yes")) < gain(exits_paid(20))


def test_a_longer_window_lowers_the_gain():
    gains = [gain(exits_paid(20, window=months)) for months in (None, 3, 6, 12)]
    assert gains == sorted(gains, reverse=True) and len(set(gains)) == len(gains)


def test_a_clawback_without_a_window_looks_six_months_ahead():
    assert gain(exits_paid(20, clawback="Yes")) == gain(exits_paid(20, window=6))


def test_a_retention_payment_lowers_the_gain():
    completion = payment("Completion", "successful_completion", 20)
    without = bid([payment("Core", "block", 80), completion])
    with_retention = bid([payment("Core", "block", 70), completion,
                          payment("Retention", "retention", 10)])
    assert gain(with_retention) < gain(without)


def test_under_the_baseline_every_line_earns_its_share():
    result = stress_test(bid(base=next(s for s in SAMPLE_BIDS if s.file == "swift_outcomes.xlsx")),
                         draws=DRAWS)
    paced = result.strategies["person_paced"].income_gbp
    assert paced.central == pytest.approx(result.contract_value_gbp)
    assert paced.low == pytest.approx(paced.high)


def test_pushing_pays_more_the_harder_people_are_pushed():
    swift_like = exits_paid(30)
    assert gain(swift_like, push_multiplier=2) < gain(swift_like, push_multiplier=8)


# ---------------------------------------------------------------- what pushing costs


@pytest.mark.parametrize("sample_bid", SAMPLE_BIDS[:3], ids=lambda s: s.file)
def test_more_pushing_never_lowers_expected_deaths(sample_bid):
    deaths = []
    for multiplier in (2, 3, 4, 6, 8):
        result = stress_test(bid(base=sample_bid),
                             load_assumptions(overrides={"push_multiplier": multiplier}),
                             draws=DRAWS)
        assert result.extra_deaths.low >= 0
        deaths.append(result.strategies["target_driven"].deaths.central)
    assert deaths == sorted(deaths)
    assert deaths[0] > stress_test(bid(base=sample_bid), draws=DRAWS).strategies[
        "person_paced"].deaths.central


def test_a_cohort_of_zero_gives_zeros():
    nobody = {"cohort.in_treatment": 0, "cohort.opiate_clients": 0,
              "cohort.long_term_ost_clients": 0}
    result = stress_test(bid(answers=nobody), draws=DRAWS)
    assert result.income_gain_gbp == result.income_gain_pct == ZERO
    for extra in (result.extra_deaths, result.extra_exits, result.extra_relapses,
                  result.extra_re_presentations, result.extra_unplanned_exits):
        assert extra == ZERO
    for outcome in result.strategies.values():
        assert outcome.deaths == outcome.drug_free_exits == outcome.relapses == ZERO
        assert outcome.re_presentations == outcome.unplanned_exits == ZERO
    assert result.gbp_per_extra_death is None and result.verdict == NEUTRAL
    assert "no one on OST" in result.summary


def test_pounds_per_extra_death_only_where_pushing_pays_and_kills():
    paying = stress_test(exits_paid(30), draws=DRAWS)
    assert paying.gbp_per_extra_death == pytest.approx(
        paying.income_gain_gbp.central / paying.extra_deaths.central)
    assert stress_test(bid([payment("Block", "block", 100)]),
                       draws=DRAWS).gbp_per_extra_death is None


# ---------------------------------------------------------------- the same answer every time


def test_same_seed_same_numbers():
    a_bid = exits_paid(20)
    assert stress_test(a_bid, draws=DRAWS, seed=7) == stress_test(a_bid, draws=DRAWS, seed=7)
    assert stress_test(a_bid, draws=DRAWS, seed=7) != stress_test(a_bid, draws=DRAWS, seed=8)


def test_a_bids_figures_do_not_depend_on_the_other_bids_in_the_run():
    short = bid(answers={"contract.term_years": 3})
    windowed = exits_paid(20, window=12)
    alone = [stress_test(b, draws=DRAWS) for b in (short, windowed)]
    assert stress_many([short, windowed], draws=DRAWS) == alone


def test_draws_stay_within_their_ranges_and_keep_their_order():
    figures = sample(DEFAULT_ASSUMPTIONS, 5_000, seed=1)
    for parameter in DEFAULT_ASSUMPTIONS.parameters():
        drawn = figures[parameter.name]
        assert parameter.low <= drawn.min() and drawn.max() <= parameter.high
    assert (figures["mortality_later_off"] >= figures["mortality_on_ost"]).all()
    assert (figures["mortality_after_leaving"] >= figures["mortality_later_off"]).all()
    assert (figures["relapse_after_pushed_exit"] >= figures["relapse_after_chosen_exit"]).all()


# ---------------------------------------------------------------- the assumptions


def test_every_assumption_has_a_range_and_a_source_or_says_it_is_unconfirmed():
    for parameter in DEFAULT_ASSUMPTIONS.parameters():
        assert parameter.low <= parameter.default <= parameter.high
        assert parameter.source or parameter.unconfirmed, parameter.name
        assert ("unconfirmed" in parameter.description.lower()) == parameter.unconfirmed, (
            parameter.name)


def test_the_stress_test_uses_the_revised_figures_of_the_evidence():
    assumptions = DEFAULT_ASSUMPTIONS
    values = assumptions.values()
    assert (values["mortality_on_ost"], values["mortality_after_leaving"],
            values["mortality_later_off"]) == (0.9, 4.5, 1.6)
    assert assumptions.mortality_on_ost.plausible_range == (0.5, 2.5)
    assert assumptions.mortality_after_leaving.plausible_range == (1.3, 9.0)
    assert assumptions.relapse_after_chosen_exit.plausible_range == (8.0, 30.0)
    # what a push changes (2026-12-04): only the exits it causes, most unplanned
    assert (values["relapse_after_pushed_exit"],
            *assumptions.relapse_after_pushed_exit.plausible_range) == (70.0, 50.0, 90.0)
    # people who relapse come back slowly; pressure produces drop-outs
    assert (values["re_presentation_rate"], *assumptions.re_presentation_rate.plausible_range
            ) == (8.0, 3.0, 20.0)
    assert (values["pushed_unplanned_share"],
            *assumptions.pushed_unplanned_share.plausible_range) == (65.0, 30.0, 90.0)
    assert assumptions.opiate_completion_rate.low == 4.0
    assert values["new_presentations_rate"] == 47.0
    # people on OST for years have their own, lower leaving rate
    assert assumptions.long_term_completion_rate.high <= assumptions.opiate_completion_rate.high
    assert values["long_term_completion_rate"] < values["opiate_completion_rate"]


def test_every_assumption_names_its_sources_in_the_register():
    for parameter in DEFAULT_ASSUMPTIONS.parameters():
        assert parameter.source, parameter.name
        assert parameter.label and parameter.label[0].isupper()


def test_an_override_within_range_changes_only_that_figure():
    changed = load_assumptions(overrides={"push_multiplier": 6})
    assert changed.push_multiplier.default == 6
    assert changed.values() == {**DEFAULT_ASSUMPTIONS.values(), "push_multiplier": 6}


def test_an_override_outside_its_range_is_refused_with_the_range_and_value():
    message = "push_multiplier must be from 2 to 8 (times as fast), not 12"
    with pytest.raises(AssumptionsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_assumptions(overrides={"push_multiplier": 12})


def test_overrides_may_come_from_a_table_of_numpy_numbers():
    changed = load_assumptions(overrides={"push_multiplier": np.int64(3),
                                          "low_dose_share": np.float64(10.5)})
    assert (changed.push_multiplier.default, changed.low_dose_share.default) == (3, 10.5)
    with pytest.raises(AssumptionsError, match="must be a number, not 'fast'"):
        load_assumptions(overrides={"push_multiplier": "fast"})

def test_an_unknown_override_is_refused_and_the_known_names_listed():
    with pytest.raises(AssumptionsError, match="unknown assumption 'push_rate'; known: "):
        load_assumptions(overrides={"push_rate": 2})


@pytest.mark.parametrize(("text", "complaint"), [
    ("mortality_on_ost = 3", r"mortality_on_ost: must be from 0.5 to 2.5 "
                             r"\(deaths per 100 person-years\), not 3"),
    ("[relapse_after_pushed_exit]\nhigh = 120",
     r"relapse_after_pushed_exit: its range must run from low to high within 0 to 100"),
    ("[mortality_on_ost]\nlow = 2\ndefault = 2\nhigh = 3",
     r"mortality_on_ost \(2\) must not be above mortality_later_off \(0.95\) at the low end"),
    ("[push_multiplier]\nsource = ['R-MADE-UP']", r"cites evidence not in the register"),
    ("speed = 2", r"unknown assumption 'speed'"),
    ("push_multiplier = ", r"is not valid TOML"),
])
def test_a_bad_assumptions_file_is_refused_with_a_clear_message(tmp_path, text, complaint):
    path = tmp_path / "params.toml"
    path.write_text(text)
    with pytest.raises(AssumptionsError, match=complaint):
        load_assumptions(path)


def test_an_assumptions_file_may_change_a_range_and_a_value(tmp_path):
    path = tmp_path / "params.toml"
    path.write_text("push_multiplier = 3\n[low_dose_share]\nhigh = 60\ndefault = 50\n")
    assumptions = load_assumptions(path)
    assert assumptions.push_multiplier.default == 3
    assert (assumptions.low_dose_share.default, assumptions.low_dose_share.high) == (50, 60)


# ---------------------------------------------------------------- the sample bids


@pytest.fixture(scope="module")
def sample_results() -> dict[str, StressResult]:
    bids = [bid(base=sample) for sample in SAMPLE_BIDS]
    return {sample.file: result
            for sample, result in zip(SAMPLE_BIDS, stress_many(bids), strict=True)}


def test_target_driven_payment_by_results_rewards_pushing(sample_results):
    swift = sample_results["swift_outcomes.xlsx"]
    assert swift.verdict == REWARDS_PUSH
    assert swift.income_gain_pct.central > 5
    assert set(swift.drivers) >= {"Drug-free completion", "Long-term OST exit bonus"}
    # people who would have completed anyway still complete: pushing only adds exits
    assert swift.level == "red" and swift.p_gain == 1.0 and swift.robust
    assert swift.pressures == ("OST exits per quarter", "Low-dose client exits",
                               "Opiate successful completions")


@pytest.mark.parametrize("file", ["northgate.xlsx", "brightpath.xlsx", "dales_rural.xlsx"])
def test_block_with_retention_safety_or_wellbeing_does_not_reward_pushing(sample_results, file):
    assert sample_results[file].verdict in (NEUTRAL, PENALISES_PUSH)
    assert sample_results[file].income_gain_gbp.central < 0


def test_a_pure_block_is_neutral(sample_results):
    steadfast = sample_results["steadfast.xlsx"]
    assert steadfast.verdict == NEUTRAL and steadfast.income_gain_gbp == ZERO


def test_completions_held_six_months_beside_retention_leave_no_material_incentive(
        sample_results):
    """Riverside pays 12% on completions that must hold six months, with a clawback.

    What its completions gain by pushing, its retention and wellbeing lines lose: the
    expected gain is well under 0.1% of the value, so there is no material incentive,
    whichever way the draws fall.
    """
    riverside = sample_results["riverside.xlsx"]
    assert riverside.verdict == NEUTRAL and riverside.level is None
    assert abs(riverside.mean_gain_pct) < 0.1 and 0 < riverside.p_gain < 1
    completion = next(line for line in riverside.lines
                      if line.category == "successful_completion")
    retention = next(line for line in riverside.lines if line.category == "retention")
    assert completion.gain_gbp.central > 0 > retention.gain_gbp.high
    assert "no material incentive" in riverside.summary


def test_every_sample_summary_names_the_provider_and_the_deaths(sample_results):
    for result in sample_results.values():
        assert result.provider in result.summary
        assert f"{result.extra_deaths.central:.1f} more deaths" in result.summary


def test_the_result_is_plain_json(sample_results):
    document = json.loads(json.dumps(sample_results["swift_outcomes.xlsx"].to_json()))
    assert document["verdict"] == REWARDS_PUSH
    assert set(document["extra_deaths"]) == {"central", "low", "high"}
    assert set(document["strategies"]) == {"person_paced", "target_driven"}
    assert document["robust"] is True and document["flipped_by"] == []
    assert document["p_gain"] == 1.0 and document["level"] == "red"
    assert document["mean_gain_pct"] > 5
    assert document["cap"]["cap_months"] == 24


# ---------------------------------------------------------------- the rule (INC-12)


def rule_summary(a_bid) -> str:
    return next(o for o in score_bid(a_bid).outcomes if o.rule.id == "INC-12").finding.summary


def inc_12(a_bid):
    outcome = next(o for o in score_bid(a_bid).outcomes if o.rule.id == "INC-12")
    assert outcome.error is None, outcome.error
    flags = [(flag.severity.value, flag.cells) for flag in outcome.finding.flags]
    return flags, outcome.score


def test_rule_20_percent_paid_per_entry_is_red_on_its_share_cell():
    """Paying for each start of treatment pays for every return after a relapse."""
    payments = [payment("Core", "block", 80), payment("Starts", "attachment", 20)]
    result = stress_test(bid(payments), draws=DRAWS)
    assert result.level == "red" and result.p_gain >= 0.9 and result.mean_gain_pct >= 0.25
    assert inc_12(bid(payments)) == ([("red", ("Payment!C3",))], 0.0)


def test_rule_a_likely_but_not_sure_reward_is_amber():
    """Exits held six months beside retention: pushing pays in most draws, not nine in ten."""
    payments = [payment("Core", "block", 82),
                payment("Completion", "successful_completion", 8, window=6, clawback="Yes"),
                payment("Retention", "retention", 10)]
    result = stress_test(bid(payments))
    assert result.verdict == REWARDS_PUSH
    assert 0.5 <= result.p_gain < 0.9 and result.mean_gain_pct >= 0.1
    assert inc_12(bid(payments)) == ([("amber", ("Payment!C3",))], 0.5)
    assert f"Pushing pays in {result.p_gain:.0%} of the joint draws" in rule_summary(
        bid(payments))


def test_rule_exit_payments_are_red_even_when_the_unplanned_share_is_high():
    """The push adds exits; it never turns completions that would have happened into
    drop-outs, so an exit payment rewards pushing at every unplanned share in range."""
    design = exits_paid(11.7)
    assert inc_12(design)[0] == [("red", ("Payment!C3",))]
    worst = load_assumptions(overrides={"pushed_unplanned_share": 90})
    assert stress_test(design, worst, draws=0).income_gain_gbp.central > 0


def test_rule_holding_exits_six_months_lowers_the_gain_but_a_large_exit_share_stays_red():
    held = exits_paid(12, window=6, clawback="Yes")
    assert gain(held) < gain(exits_paid(12))
    assert inc_12(held)[0] == [("red", ("Payment!C3",))]


def test_in_treatment_abstinence_is_judged_like_reduced_use_and_adds_no_push_gain():
    def paying(category):
        return bid([payment("Core", "block", 70), payment("Paid", category, 30)])

    abstinence = stress_test(paying("abstinence"), draws=0)
    reduced_use = stress_test(paying("reduced_use"), draws=0)
    assert abstinence.income_gain_gbp == reduced_use.income_gain_gbp
    assert abstinence.verdict == PENALISES_PUSH and abstinence.robust
    assert inc_12(paying("abstinence")) == ([], 1.0)


def test_the_rule_and_the_stress_page_say_the_same_in_the_same_words():
    """The rule runs the page's own 10,000 draws and seed, without the ranges."""
    design = exits_paid(30)
    page = stress_test(design)
    assert rule_summary(design) == headline(page)
    assert headline(page) in page.summary and "of the joint draws" in headline(page)


def test_a_tiny_gain_is_no_material_incentive():
    payments = [payment("Core", "block", 99.8), payment("Starts", "attachment", 0.2)]
    result = stress_test(bid(payments))
    assert 0 < result.mean_gain_pct < 0.1 and result.p_gain > 0.9
    assert result.verdict == NEUTRAL and result.level is None
    assert "no material incentive" in result.summary
    assert inc_12(bid(payments)) == ([], 1.0)


# ---------------------------------------------------------------- a cap on time in OST


def test_a_24_month_cap_reports_the_deaths_it_causes_beside_the_payment_verdict():
    uncapped = stress_test(bid(), draws=DRAWS)
    capped = stress_test(bid(answers={"ost.max_duration_months": 24}), draws=DRAWS)
    assert uncapped.cap is None
    assert capped.cap.cap_months == 24
    assert capped.cap.extra_deaths.low > 0
    # the long-term group is past the cap already; most newer clients reach it in the term
    assert capped.cap.forced_exits.central > 520
    assert capped.verdict == uncapped.verdict
    assert capped.income_gain_gbp == uncapped.income_gain_gbp
    assert "cap of 24 months on OST" in headline(capped)
    assert "cap of 24 months on OST" in rule_summary(bid(answers={"ost.max_duration_months": 24}))


def test_a_longer_cap_causes_fewer_deaths_and_one_beyond_the_term_none():
    def cap_deaths(months):
        result = stress_test(bid(answers={"ost.max_duration_months": months}), draws=0)
        return result.cap.extra_deaths.central

    assert cap_deaths(24) > cap_deaths(60) > cap_deaths(100) > 0
    assert cap_deaths(600) == 0


def test_rule_exit_target_with_money_at_stake_is_amber():
    targets = [target("OST exits", "ost_exits", 20, consequence="financial_penalty")]
    assert inc_12(bid(targets=targets)) == ([("amber", ("Targets!B2", "Targets!F2"))], 0.5)


def test_rule_exit_target_under_review_only_raises_nothing():
    targets = [target("OST exits", "ost_exits", 20)]
    assert inc_12(bid(targets=targets)) == ([], 1.0)


@pytest.mark.parametrize("payments", [[payment("Block", "block", 100)], None],
                         ids=["block", "balanced"])
def test_rule_block_or_balanced_payment_raises_nothing(payments):
    assert inc_12(bid(payments)) == ([], 1.0)


# ---------------------------------------------------------------- the command line


def run(*args):
    return subprocess.run([sys.executable, "-m", "scoring", "stress", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_json_holds_verdict_gain_deaths_and_strategies_for_every_bid():
    completed = run(SAMPLES, "--json", "--draws", 500)
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    assert document["draws"] == 500 and set(document["assumptions"]) == set(
        DEFAULT_ASSUMPTIONS.values())
    assert len(document["bids"]) == 6
    for entry in document["bids"]:
        assert {"source", "provider", "verdict", "income_gain_gbp", "income_gain_pct",
                "extra_deaths", "strategies", "errors", "warnings"} <= set(entry)
        assert entry["verdict"] in (REWARDS_PUSH, NEUTRAL, PENALISES_PUSH)
        assert set(entry["extra_deaths"]) == {"central", "low", "high"}
        assert isinstance(entry["robust"], bool) and isinstance(entry["flipped_by"], list)
        assert 0 <= entry["p_gain"] <= 1 and entry["level"] in ("red", "amber", None)
        assert {"mean_gain_pct", "mean_gain_gbp", "holding_gain_pct", "p_hold",
                "holding_level"} <= set(entry)
        for strategy in entry["strategies"].values():
            assert set(strategy) >= {"income_gbp", "deaths", "drug_free_exits", "relapses",
                                     "re_presentations"}
        assert entry["errors"] == []


def test_cli_lists_a_refused_file_with_its_errors_and_exits_1(tmp_path):
    shutil.copy(SAMPLES / "northgate.xlsx", tmp_path / "northgate.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"provider,score\n")
    completed = run(tmp_path, "--json", "--draws", 200)
    assert completed.returncode == 1 and "Traceback" not in completed.stderr
    bids = {Path(entry["source"]).name: entry for entry in json.loads(completed.stdout)["bids"]}
    assert bids["northgate.xlsx"]["verdict"] in (NEUTRAL, PENALISES_PUSH)
    broken = bids["broken.xlsx"]
    assert broken["verdict"] is None and broken["income_gain_gbp"] is None
    assert broken["errors"][0]["cell"] is None and "CSV" in broken["errors"][0]["message"]


def test_cli_table_shows_each_verdict_and_summary():
    completed = run(SAMPLES / "swift_outcomes.xlsx", SAMPLES / "steadfast.xlsx",
                    "--draws", 500)
    assert completed.returncode == 0
    assert "rewards push" in completed.stdout and "neutral" in completed.stdout
    assert "would earn Swift Outcomes Ltd about" in completed.stdout
    assert "of the joint draws of our assumptions" in " ".join(completed.stdout.split())


def test_cli_params_file_changes_the_run(tmp_path):
    params = tmp_path / "params.toml"
    params.write_text("push_multiplier = 8\n")
    completed = run(SAMPLES / "swift_outcomes.xlsx", "--json", "--draws", 200,
                    "--params", params)
    assert json.loads(completed.stdout)["assumptions"]["push_multiplier"] == 8


@pytest.mark.parametrize(("params", "complaint"), [
    ("push_multiplier = 12", "push_multiplier: must be from 2 to 8"),
    ("push_multiplier = ", "is not valid TOML"),
    (None, "cannot read"),
])
def test_cli_bad_params_file_is_a_usage_error_without_traceback(tmp_path, params, complaint):
    path = tmp_path / "params.toml"
    if params is not None:
        path.write_text(params)
    completed = run(SAMPLES / "northgate.xlsx", "--params", path)
    assert completed.returncode == 2
    assert complaint in completed.stderr and "Traceback" not in completed.stderr


@pytest.mark.parametrize("args", [(), ("no/such/file.xlsx",), (SAMPLES, "--draws", "0")])
def test_cli_usage_errors_exit_2(args):
    completed = run(*args)
    assert completed.returncode == 2 and "Traceback" not in completed.stderr

