"""Payment designs: the design workbook, reading a design, and suggestions that fix one.

Every design here is a real workbook read through the same reader the app uses.
"""

from __future__ import annotations

import io

import pytest

from sample_tenders.bids import payment, target
from sample_tenders.designs.designs import BLOCK_WITH_INCENTIVES, EXIT_TARGETS, PILOT_STYLE
from sample_tenders.designs.generate import write_design
from scoring.design import check_design, suggest
from scoring.design.suggestions import (
    ACCESS_WARNING,
    FAMILIES,
    Candidate,
    candidates,
    cap_exit_share,
    case_mix_adjustment,
    count_failures,
    first_presentations_only,
    hold_exit_payments,
    lower_total_at_risk,
    move_exit_share,
    remove_exit_penalties,
    remove_exit_targets,
    stepped_triggers,
)
from scoring.models import Design
from scoring.reader import read_bid, read_design, read_design_bytes
from scoring.stress import PENALISES_PUSH, REWARDS_PUSH
from templates.bid_workbook import build_design_workbook, design_workbook


def read_sample(tmp_path, sample) -> Design:
    result = read_design(write_design(sample, tmp_path))
    assert result.errors == ()
    return result.design


def reread(design: Design) -> Design:
    """The design written as a design workbook and read back."""
    buffer = io.BytesIO()
    design_workbook(design).save(buffer)
    result = read_design_bytes(buffer.getvalue(), "design.xlsx")
    assert result.errors == ()
    return result.design


def applied(design: Design, candidates: list[Candidate], index: int = 0):
    """A family's candidate made to the design, written to a workbook, read back, checked."""
    return check_design(reread(candidates[index].design(design)))


def flagged(check, rule: str) -> list[str]:
    return [flag.message for flag in check.flags if flag.rule == rule]


# ---------------------------------------------------------------- the workbook


def test_the_design_template_has_the_bid_sheet_payment_and_targets_only(tmp_path):
    workbook = build_design_workbook()
    assert workbook.sheetnames == ["Guidance", "Bid", "Payment", "Targets", "Lists"]
    ids = [row[0].value for row in workbook["Bid"].iter_rows(min_row=2)]
    assert "provider.name" not in ids and "ost.maintenance_available" not in ids
    assert {"contract.annual_value_gbp", "contract.term_years", "cohort.in_treatment",
            "payment.stepped_triggers"} <= set(ids)


def test_a_design_round_trips_through_the_reader(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    again = reread(design)
    assert again == design
    assert again.payment_lines[1].cell("share_pct") == "Payment!C3"
    assert again.overview.cell("contract_term_years") == "Bid!C4"


def test_a_full_bid_is_accepted_as_a_design():
    result = read_design("sample_tenders/swift_outcomes.xlsx")
    bid = read_bid("sample_tenders/swift_outcomes.xlsx").bid
    assert result.errors == () and result.warnings == ()
    assert result.design.payment_lines == bid.payment_lines
    assert result.design.targets == bid.targets
    assert result.design.overview.provider_name == "Swift Outcomes Ltd"


def test_a_design_whose_shares_do_not_add_up_to_100_is_refused_at_its_cells(tmp_path):
    path = tmp_path / "off.xlsx"
    build_design_workbook(EXIT_TARGETS.answers, {
        "Payment": [payment("Core", "block", 60), payment("Exit", "successful_completion", 30)],
    }).save(path)
    result = read_design(path)
    assert not result.accepted
    assert [(e.cell, e.message) for e in result.errors] == [
        ("Payment!C2:C3", "expected the Share % column to add up to 100, found 90")]


def test_a_design_without_the_bid_sheet_is_refused(tmp_path):
    path = tmp_path / "no_bid.xlsx"
    workbook = build_design_workbook(EXIT_TARGETS.answers, EXIT_TARGETS.tables)
    del workbook["Bid"]
    workbook.save(path)
    result = read_design(path)
    assert "the required sheet 'Bid' is missing" in [e.message for e in result.errors]


# ---------------------------------------------------------------- checking a design


def test_the_exit_target_design_rewards_pushing(tmp_path):
    check = check_design(read_sample(tmp_path, EXIT_TARGETS))
    assert check.stress.verdict == REWARDS_PUSH
    assert flagged(check, "INC-05") and flagged(check, "INC-02")
    assert "INC-08" not in {flag.rule for flag in check.flags}  # practice, not design


def test_the_block_with_protective_incentives_raises_no_flag(tmp_path):
    check = check_design(read_sample(tmp_path, BLOCK_WITH_INCENTIVES))
    assert check.removes_push_reward and check.flags == ()


# ---------------------------------------------------------------- each family, applied


def test_holding_exit_payments_twelve_months_lowers_the_gain_as_it_says(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    before = check_design(design)
    offered = hold_exit_payments(design)
    assert [c.change.split(" only for exits that hold ")[1][:9] for c in offered] == [
        "6 months,", "12 months"]
    after = applied(design, offered, 1)
    assert after.stress.mean_gain_pct < before.stress.mean_gain_pct - 1
    assert all(line.clawback and line.window_months == 12
               for line in after.design.payment_lines if line.category != "block")
    assert not flagged(after, "INC-03")


def test_counting_death_custody_and_unplanned_exits_as_failure_lowers_the_gain(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    [candidate] = count_failures(design)
    after = applied(design, [candidate])
    assert after.stress.mean_gain_pct < check_design(design).stress.mean_gain_pct
    exits = [line for line in after.design.payment_lines if line.category != "block"]
    assert all(line.failures == {"re_presentation", "death", "custody", "unplanned_exit"}
               and line.window_months >= 6 for line in exits)


def test_capping_the_exit_share_moves_the_rest_into_the_block(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    [candidate] = cap_exit_share(design)
    after = applied(design, [candidate])
    assert after.design.share_pct("successful_completion") == pytest.approx(10)
    assert after.design.share_pct("block") == pytest.approx(90)
    assert after.stress.mean_gain_pct < check_design(design).stress.mean_gain_pct
    assert candidate.share_moved_pct == pytest.approx(30)


def test_lowering_the_total_at_risk_keeps_the_mix_and_moves_the_rest_to_the_block(tmp_path):
    design = read_sample(tmp_path, PILOT_STYLE)
    [candidate] = lower_total_at_risk(design)
    after = applied(design, [candidate])
    assert after.design.share_pct("block") == pytest.approx(90)
    assert after.design.share_pct("non_representation") == pytest.approx(4)
    assert not flagged(after, "INC-01")


@pytest.mark.parametrize("index, category", [(0, "retention"), (1, "harm_reduction")])
def test_moving_the_exit_share_removes_the_push_reward_robustly(tmp_path, index, category):
    design = read_sample(tmp_path, EXIT_TARGETS)
    offered = move_exit_share(design)
    after = applied(design, offered, index)
    assert after.design.share_pct(category) == pytest.approx(40)
    assert after.design.share_pct("successful_completion") == 0
    assert after.removes_push_reward and not after.rewards_holding


def test_moving_half_the_exit_share_is_offered_and_lowers_the_gain(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    half = [c for c in move_exit_share(design) if c.change.startswith("Move half")]
    assert len(half) == 2 and half[0].share_moved_pct == pytest.approx(20)
    after = applied(design, half)
    assert after.design.share_pct("successful_completion") == pytest.approx(20)
    assert after.stress.mean_gain_pct < check_design(design).stress.mean_gain_pct


def test_money_is_never_moved_to_a_deaths_measure(tmp_path):
    """A provider can lower deaths among its clients by discharging those most at risk."""
    for sample in (EXIT_TARGETS, PILOT_STYLE):
        design = read_sample(tmp_path, sample)
        for family in FAMILIES:
            for candidate in family(design):
                changed = candidate.design(design)
                assert changed.share_pct("safety") <= design.share_pct("safety")


def test_entry_money_is_moved_only_with_the_warning_that_the_model_cannot_see_access(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    assert [c.change for c in move_exit_share(design) if "and on entry" in c.change] == []
    swift = read_design("sample_tenders/swift_outcomes.xlsx").design
    with_entry = [c for c in move_exit_share(swift) + first_presentations_only(swift)
                  if c.moves_entry_money]
    assert len(with_entry) == 4  # its entry line already pays for new presentations only
    assert all(ACCESS_WARNING in c.change for c in with_entry)
    assert applied(swift, with_entry).removes_push_reward


def test_entry_fees_for_first_presentations_only_stop_paying_for_returns(tmp_path):
    path = tmp_path / "entry.xlsx"
    build_design_workbook(EXIT_TARGETS.answers, {
        "Payment": [payment("Core service", "block", 80), payment("Starts", "attachment", 20)],
    }).save(path)
    design = read_design(path).design
    before = check_design(design)
    [candidate] = first_presentations_only(design)
    after = applied(design, [candidate])
    assert before.stress.level == "red"
    assert after.stress.verdict != REWARDS_PUSH and after.stress.level is None
    assert [line.cohort for line in after.design.payment_lines] == ["all", "new_presentations"]


@pytest.mark.parametrize("family, flag", [
    (stepped_triggers, "Outcome payments are all-or-nothing at a threshold rather than stepped"),
    (case_mix_adjustment, "Outcome prices are not adjusted for how complex clients are, which "
                          "rewards picking easier clients"),
])
def test_price_safeguards_answer_their_flag_and_leave_the_verdict_alone(tmp_path, family, flag):
    design = read_sample(tmp_path, EXIT_TARGETS)
    before = check_design(design)
    after = applied(design, family(design))
    def raised(check) -> bool:  # an unanswered default says so first, then the concern
        return any(flag.lower() in message.lower() for message in flagged(check, "INC-09"))

    assert raised(before) and not raised(after)
    assert after.stress.verdict == before.stress.verdict
    assert after.stress.mean_gain_pct == pytest.approx(before.stress.mean_gain_pct)


def test_removing_penalties_from_exit_targets_clears_the_pressure_not_the_payments(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    after = applied(design, remove_exit_penalties(design))
    inc05 = [flag.severity for flag in after.flags if flag.rule == "INC-05"]
    assert inc05 == ["amber"]  # still an exit target, no longer with a penalty
    assert "red" not in {flag.severity for flag in after.flags if flag.rule == "INC-06"}
    assert after.stress.pressures == ()
    assert after.stress.verdict == REWARDS_PUSH  # the payments still reward pushing
    assert [t.consequence for t in after.design.targets] == ["review", "review", "review"]


def test_removing_exit_targets_outright_leaves_no_exit_target(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    after = applied(design, remove_exit_targets(design))
    assert not flagged(after, "INC-05") and not flagged(after, "INC-06")
    assert [t.measure for t in after.design.targets] == ["waiting_time"]
    assert after.stress.verdict == REWARDS_PUSH  # the payments still reward pushing


# ---------------------------------------------------------------- suggestions, ranked


def test_the_top_suggestion_for_the_exit_heavy_design_removes_the_reward_robustly(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    suggestions = suggest(design)
    top = suggestions[0]
    assert top.removes_push_reward and top.fixes_push_reward
    assert top.change.startswith("Move the 40% paid on exits")
    assert "would not pay" in top.effect and "at both ends of the range" in top.effect
    assert check_design(reread(top.design)).removes_push_reward
    levels = [{"red": 2, "amber": 1, None: 0}[s.check.stress.level] for s in suggestions]
    assert levels == sorted(levels)  # ranked by the harm left


def test_every_suggestion_moves_the_verdict_as_its_words_say(tmp_path):
    for sample in (EXIT_TARGETS, PILOT_STYLE):
        design = read_sample(tmp_path, sample)
        before = check_design(design)
        for suggestion in suggest(design):
            after, effect = suggestion.check.stress, suggestion.effect
            assert f"to {after.mean_gain_pct:+.2f}% of the value" in effect \
                or "hardly changes" in effect
            if suggestion.check.rewards_push:
                assert "would not pay" not in effect
                assert "still pay" in effect or "hardly changes" in effect
                if "but less" in effect:
                    assert after.mean_gain_pct < before.stress.mean_gain_pct
            if "at both ends of the range" in effect:
                assert suggestion.check.removes_push_reward
            assert "+0.00%" not in effect and "ost" not in effect.replace("most", "")


def test_pairs_of_changes_are_tried_where_no_single_change_fixes_a_reward(tmp_path):
    path = tmp_path / "milestones.xlsx"
    build_design_workbook(EXIT_TARGETS.answers, {"Payment": [
        payment("Core service", "block", 88),
        payment("Planned exit", "successful_completion", 6, window=6, clawback="Yes"),
        payment("Not back within 12 months", "non_representation", 6, window=12),
    ]}).save(path)
    design = read_design(path).design
    before = check_design(design)
    suggestions = suggest(design, before=before)
    pairs = [s for s in suggestions if "; and " in s.change]
    assert before.stress.level is not None and pairs
    for pair in pairs:  # a pair is kept only where it does better than the design
        assert {"red": 2, "amber": 1, None: 0}[pair.check.stress.level] < {
            "red": 2, "amber": 1}[before.stress.level]


def test_no_suggestion_for_a_design_that_already_penalises_pushing(tmp_path):
    path = tmp_path / "safeguarded.xlsx"
    build_design_workbook(EXIT_TARGETS.answers, {"Payment": [
        payment("Core service", "block", 80), payment("Retention", "retention", 15),
        payment("Planned exit", "successful_completion", 5, window=12, clawback="Yes"),
    ]}).save(path)
    design = read_design(path).design
    assert check_design(design).stress.verdict == PENALISES_PUSH
    assert suggest(design) == ()


def test_a_design_that_pays_to_hold_people_gets_that_verdict_and_changes_that_lower_it(
        tmp_path):
    path = tmp_path / "retention.xlsx"
    build_design_workbook(EXIT_TARGETS.answers, {"Payment": [
        payment("Core service", "block", 20), payment("Retention", "retention", 80),
    ]}).save(path)
    design = read_design(path).design
    check = check_design(design)
    assert check.stress.verdict == PENALISES_PUSH and check.rewards_holding
    assert check.stress.holding_level == "red" and check.stress.p_hold >= 0.9
    suggestions = suggest(design, before=check)
    assert suggestions and not suggestions[0].check.rewards_holding
    assert "no longer pays to hold people" in suggestions[0].effect


def test_no_suggestion_makes_holding_people_pay(tmp_path):
    for sample in (EXIT_TARGETS, PILOT_STYLE):
        for suggestion in suggest(read_sample(tmp_path, sample)):
            assert not suggestion.check.rewards_holding, suggestion.change


def test_a_block_only_design_gets_no_suggestions(tmp_path):
    path = tmp_path / "block.xlsx"
    build_design_workbook(EXIT_TARGETS.answers, {
        "Payment": [payment("Core service", "block", 100)],
        "Targets": [target("Waiting time", "waiting_time", 21, unit="days")],
    }).save(path)
    assert suggest(read_design(path).design) == ()


def test_a_good_design_gets_no_suggestions(tmp_path):
    assert suggest(read_sample(tmp_path, BLOCK_WITH_INCENTIVES)) == ()


def test_a_suggestion_is_said_to_fix_the_push_reward_only_where_the_design_had_one(tmp_path):
    design = read_sample(tmp_path, EXIT_TARGETS)
    top = suggest(design)[0]
    assert top.fixes_push_reward
    assert check_design(top.design).removes_push_reward
    assert not any(s.fixes_push_reward for s in suggest(top.design))


def test_an_effect_counts_flags_answered_and_raised_without_overclaiming(tmp_path):
    suggestions = suggest(read_sample(tmp_path, EXIT_TARGETS))

    def effect_of(words: str) -> str:
        return next(s.effect for s in suggestions if words in s.change)

    assert effect_of("hold 12 months").endswith(
        "It answers 2 red flags, on: exit payments wait six months and are clawed back on "
        "return.")
    penalties = effect_of("lead to a review")
    assert "It answers 2 red and 2 amber flags" in penalties
    assert "It raises 2 amber flags" in penalties


def test_a_design_at_the_most_lines_a_workbook_holds_gets_no_change_that_adds_one(tmp_path):
    """A change that would need a 51st payment line could never be typed in: at the
    bound, suggestions are still made, each within it (and nothing fails)."""
    from scoring.limits import MAX_PAYMENT_LINES

    design = read_sample(tmp_path, EXIT_TARGETS)
    core, *rest = design.payment_lines
    spare = MAX_PAYMENT_LINES - len(rest)
    blocks = [core.model_copy(update={"share_pct": core.share_pct / spare})
              for _ in range(spare)]
    full = design.model_copy(update={"payment_lines": [*blocks, *rest]})
    assert len(full.payment_lines) == MAX_PAYMENT_LINES
    offered = candidates(full)
    assert offered and all(len(c.design(full).payment_lines) <= MAX_PAYMENT_LINES
                           for c in offered)
    suggestions = suggest(full, draws=2_000)
    assert suggestions
    assert all(len(s.design.payment_lines) <= MAX_PAYMENT_LINES for s in suggestions)
