"""The process as the contract states it: every role, stage and action, and the seals."""

from __future__ import annotations

import contextlib
import json

import pytest

from evaluations import records, services, sessions, views
from evaluations.criteria import Criterion, Kind, PanelScheme, psr_scheme, rule_areas_scheme
from evaluations.process import NotAllowed, Refused, Stage
from tests.panel.support import (
    CRITERIA,
    GOOD_REASON,
    SAMPLES,
    SPARE_BID,
    moderate_all,
    score_all,
    to_stage,
)

ROLES = ("lead", "evaluator", "service_user", "observer")
SETUP, SCORING, MODERATION, DECIDED = "setup", "scoring", "moderation", "decided"
EVERY = {SETUP, SCORING, MODERATION, DECIDED}

# shared/evaluation.md, Stages and Roles: action -> role -> stages in which it is allowed.
CONTRACT = {
    "set the scheme": {"lead": {SETUP}},
    "add a member": {"lead": {SETUP}},
    "add a bid": {"lead": {SETUP}},
    "withdraw a bid": {"lead": {SETUP}},
    "move the stage on": {"lead": {SETUP, SCORING, MODERATION}},
    "declare interests": {r: {SETUP, SCORING} for r in ("lead", "evaluator", "service_user")},
    "save a score": {"evaluator": {SCORING}},
    "submit scores": {"evaluator": {SCORING}},
    "record a service-user view": {"service_user": {SCORING}},
    "moderate": {"lead": {MODERATION}},
    "see evaluators' scores": {"lead": {MODERATION, DECIDED},
                               "evaluator": {SCORING, MODERATION, DECIDED}},
    "see the moderation view": {"lead": {MODERATION, DECIDED}},
    "see the ranking": {"lead": {MODERATION, DECIDED}, "evaluator": {DECIDED},
                        "service_user": {DECIDED}, "observer": {DECIDED}},
    "see progress": {"lead": EVERY},
    "read the audit log": {"lead": EVERY},
    "download a bid": {"lead": EVERY, "evaluator": {SCORING, MODERATION, DECIDED}},
}


def _attempts(panel):
    bid = panel.bids[0]
    spare = (SAMPLES / SPARE_BID).read_bytes()
    return {
        "set the scheme": lambda u, m: services.set_scheme(u, m, rule_areas_scheme(0.3)),
        "add a member": lambda u, m: services.add_member(u, m, "New person", "evaluator"),
        "add a bid": lambda u, m: services.add_bid(u, m, spare, SPARE_BID),
        "withdraw a bid": lambda u, m: services.withdraw_bid(u, m, bid),
        "move the stage on": lambda u, m: services.advance(u, m),
        "declare interests": lambda u, m: services.declare(u, m, []),
        "save a score": lambda u, m: services.save_score(u, m, bid, "balance", 2, "ok"),
        "submit scores": lambda u, m: services.submit(u, m),
        "record a service-user view": lambda u, m: services.save_view(
            u, m, bid, "balance", "concern", "worried"),
        "moderate": lambda u, m: services.moderate(u, m, bid, "balance", 2, GOOD_REASON),
        "see evaluators' scores": lambda u, m: views.panel_scores(u, m),
        "see the moderation view": lambda u, m: views.moderation_view(u, m),
        "see the ranking": lambda u, m: views.ranking(u, m),
        "see progress": lambda u, m: views.progress(u, m),
        "read the audit log": lambda u, m: views.audit_log(u, m),
        "download a bid": lambda u, m: views.bid_file(u, m, bid),
    }


class Undo(Exception):
    """Raised after an attempt so its unit of work rolls back and the next starts afresh."""


@pytest.mark.parametrize("stage", list(Stage))
def test_every_role_stage_and_action_is_allowed_or_refused_as_the_contract_says(panel, stage):
    to_stage(panel, stage)
    wrong = []
    for action, attempt in _attempts(panel).items():
        for role in ROLES:
            expected = stage.value in CONTRACT[action].get(role, set())
            try:
                with panel.write() as uow:
                    attempt(uow, panel.member(role))
                    raise Undo
            except NotAllowed as refusal:
                if expected:
                    wrong.append(f"{role} refused '{action}' in {stage}: {refusal}")
            except (Undo, Refused):  # allowed (a Refused here is a precondition, not a role)
                if not expected:
                    wrong.append(f"{role} allowed '{action}' in {stage}")
    assert wrong == []


def _everything_a_can_see(panel) -> str:
    seen = []
    functions = [views.show, views.panel_scores, views.my_scores, views.moderation_view,
                 views.ranking, views.progress, views.audit_log]
    for function in functions:
        with panel.read() as uow, contextlib.suppress(Refused):
            seen.append(function(uow, panel.a))
    return json.dumps(seen, default=str)


def test_an_evaluator_never_sees_anothers_unsubmitted_scores_by_any_function(panel):
    to_stage(panel, Stage.scoring)
    score_all(panel, panel.b, 4, "B-PRIVATE-COMMENT", submit=False)
    score_all(panel, panel.a, 1, "A-OWN-COMMENT", submit=True)
    seen = _everything_a_can_see(panel)
    assert "A-OWN-COMMENT" in seen
    assert "B-PRIVATE-COMMENT" not in seen
    with panel.read() as uow:
        assert {row["evaluator"] for row in views.panel_scores(uow, panel.a)} == {"Evaluator A"}
        lead_log = json.dumps(views.audit_log(uow, panel.lead))
    assert "B-PRIVATE-COMMENT" not in lead_log  # the lead too waits for moderation


def test_an_evaluator_sees_nobodys_scores_before_submitting_their_own(panel):
    to_stage(panel, Stage.scoring)
    score_all(panel, panel.b, 4, "B-SUBMITTED", submit=True)
    with panel.read() as uow, pytest.raises(Refused, match="submit your own"):
        views.panel_scores(uow, panel.a)
    assert "B-SUBMITTED" not in _everything_a_can_see(panel)


def test_a_conflicted_member_never_sees_or_scores_the_bid(panel):
    conflicted, provider = panel.bids[1], "Swift Outcomes"
    with panel.write() as uow:
        services.declare(uow, panel.a, [conflicted])
    to_stage(panel, Stage.scoring)
    with panel.read() as uow:
        page = views.show(uow, panel.a)
    assert page["withheld"] == [records.WITHHELD]
    text = json.dumps(page)
    assert conflicted not in text and provider not in text
    with panel.write() as uow, pytest.raises(Refused):
        services.save_score(uow, panel.a, conflicted, "balance", 2, "x")
    with panel.read() as uow, pytest.raises(Refused):
        views.bid_file(uow, panel.a, conflicted)
    with panel.write() as uow:  # A submits having scored only what A may see
        for criterion in CRITERIA:
            services.save_score(uow, panel.a, panel.bids[0], criterion, 2, "ok")
        assert services.submit(uow, panel.a)
    to_stage(panel, Stage.decided)
    with panel.read() as uow:
        outcome = json.dumps([views.show(uow, panel.a), views.panel_scores(uow, panel.a)])
    assert conflicted not in outcome and provider not in outcome


def test_no_bid_is_visible_before_declaring(engine):
    from tests.panel.support import build_panel

    panel = build_panel(engine)
    with panel.write() as uow:
        _, code = services.add_member(uow, panel.lead, "Late", "evaluator")
    to_stage(panel, Stage.scoring)
    member = sessions.check_code(panel.engine, panel.evaluation, code).member_id
    with panel.read() as uow:
        page = views.show(uow, member)
        assert page["bids"] == [] and page["declared"] is False
        assert [b["reference"] for b in page["bidders"]] == sorted(panel.bids)
        with pytest.raises(Refused, match="declare your interests"):
            views.bid_file(uow, member, panel.bids[0])


def test_a_service_user_view_holds_no_money_amounts_and_no_evaluator_scores(panel):
    to_stage(panel, Stage.scoring)
    score_all(panel, panel.a, 3, "EVALUATOR-NOTE")
    with panel.write() as uow:
        services.save_view(uow, panel.service_user, panel.bids[0], "incentives",
                           "serious_concern", "They would pay £250,000 to push people off")
    with panel.read() as uow:
        text = json.dumps(views.show(uow, panel.service_user), ensure_ascii=False)
        with pytest.raises(NotAllowed):
            views.bid_file(uow, panel.service_user, panel.bids[0])
    # their own words come back exactly as typed (to edit them); nothing else has money
    assert text.count("They would pay £250,000 to push people off") == 1
    text = text.replace("They would pay £250,000 to push people off", "")
    assert "£" not in text and "250,000" not in text
    assert "EVALUATOR-NOTE" not in text and "Evaluator A" not in text
    assert "serious_concern" in text


def test_a_submitted_score_never_changes_and_a_double_submit_is_harmless(panel):
    to_stage(panel, Stage.scoring)
    score_all(panel, panel.a, 2)
    with panel.write() as uow:
        assert services.submit(uow, panel.a) is False
    with panel.write() as uow, pytest.raises(Refused, match="never changes"):
        services.save_score(uow, panel.a, panel.bids[0], "balance", 4, "changed my mind")


def test_submit_is_refused_until_every_visible_bid_is_scored_on_every_criterion(panel):
    to_stage(panel, Stage.scoring)
    with panel.write() as uow:
        services.save_score(uow, panel.a, panel.bids[0], "balance", 2, "ok")
    with panel.write() as uow, pytest.raises(Refused, match="still to score: Northgate"):
        services.submit(uow, panel.a)


def test_scores_cannot_change_once_moderation_opens(panel):
    to_stage(panel, Stage.moderation)
    with panel.write() as uow, pytest.raises(NotAllowed, match="frozen"):
        services.save_score(uow, panel.b, panel.bids[0], "balance", 0, "late change")
    with panel.read() as uow:
        scores = views.panel_scores(uow, panel.lead)
    assert {(s["evaluator"], s["score"]) for s in scores} == {("Evaluator A", 1),
                                                               ("Evaluator B", 3)}


def test_moderation_opens_only_when_every_evaluator_has_submitted_or_been_removed(panel):
    to_stage(panel, Stage.scoring)
    score_all(panel, panel.a, 2)
    with panel.write() as uow, pytest.raises(Refused, match="Evaluator B"):
        services.advance(uow, panel.lead)
    with panel.write() as uow:
        services.remove_member(uow, panel.lead, "Evaluator B")
    with panel.write() as uow:
        assert services.advance(uow, panel.lead) is Stage.moderation


def test_the_scheme_is_frozen_when_scoring_opens(panel):
    to_stage(panel, Stage.scoring)
    with panel.write() as uow, pytest.raises(NotAllowed):
        services.set_scheme(uow, panel.lead, rule_areas_scheme(0.2))


def test_a_consensus_needs_a_reason_and_keeps_the_original_scores(panel):
    to_stage(panel, Stage.moderation)
    with panel.write() as uow, pytest.raises(Refused, match="written reason"):
        services.moderate(uow, panel.lead, panel.bids[0], "balance", 2, "   ")
    with panel.write() as uow:
        warnings = services.moderate(uow, panel.lead, panel.bids[0], "balance", 2,
                                     "Better than Bid B.")
    assert any("words" in w for w in warnings)
    assert any("compares bidders" in w for w in warnings)
    assert any("2 marks apart" in w for w in warnings)
    with panel.read() as uow:
        [cell] = views.moderation_view(uow, panel.lead, panel.bids[0], "balance")
    assert cell["consensus"]["score"] == 2 and cell["spread_flag"]
    assert sorted(s["score"] for s in cell["scores"]) == [1, 3]


def test_a_serious_service_user_concern_must_be_answered(panel):
    to_stage(panel, Stage.scoring)
    with panel.write() as uow:
        services.save_view(uow, panel.service_user, panel.bids[0], "voice", "serious_concern",
                           "Nobody asked us")
    to_stage(panel, Stage.moderation)
    plain = ("The bid meets the descriptor for an acceptable score because its answers "
             "describe a working structure with named posts and a budget for the coming year.")
    with panel.read() as uow:
        warnings = views.check_consensus_reason(uow, panel.lead, panel.bids[0], "voice", 2,
                                                plain)
        answered = views.check_consensus_reason(uow, panel.lead, panel.bids[0], "voice", 2,
                                                GOOD_REASON)
    assert any("serious concern" in w for w in warnings)
    assert not any("serious concern" in w for w in answered)


def test_a_high_score_against_a_red_flag_is_a_rules_disagreement(panel):
    to_stage(panel, Stage.moderation)
    swift = panel.bids[1]  # Swift Outcomes raises red flags on balance
    reason = ("The panel agreed a good score because the answers show a sound structure "
              "with named posts, clear governance and a realistic mobilisation plan for year one.")
    with panel.read() as uow:
        warnings = views.check_consensus_reason(uow, panel.lead, swift, "balance", 4, reason)
    assert any("disagrees with the rules" in w for w in warnings)


def test_decided_is_read_only_for_everyone(panel):
    to_stage(panel, Stage.decided)
    bid = panel.bids[0]
    attempts = [
        lambda u: services.save_score(u, panel.a, bid, "balance", 2, "x"),
        lambda u: services.moderate(u, panel.lead, bid, "balance", 3, GOOD_REASON),
        lambda u: services.save_view(u, panel.service_user, bid, "balance", "agree", "x"),
        lambda u: services.declare(u, panel.a, []),
        lambda u: services.advance(u, panel.lead),
        lambda u: services.add_member(u, panel.lead, "Late", "evaluator"),
        lambda u: services.withdraw_bid(u, panel.lead, bid),
        lambda u: services.remove_member(u, panel.lead, "Evaluator A"),
    ]
    for attempt in attempts:
        with panel.write() as uow, pytest.raises(NotAllowed):
            attempt(uow)
    with panel.read() as uow:
        outcome = views.show(uow, panel.observer)
    assert [entry["rank"] for entry in outcome["outcome"]] == [1, 2]


def test_the_ranking_puts_gate_failures_last_and_blends_rules_and_panel(panel):
    to_stage(panel, Stage.decided)
    with panel.read() as uow:
        ranked = views.ranking(uow, panel.lead)
        rules = {b["reference"]: b["areas"] for b in views.show(uow, panel.lead)["bids"]}
    northgate, swift = ranked
    assert northgate["bid"] == panel.bids[0] and northgate["passes"]
    assert swift["bid"] == panel.bids[1] and not swift["passes"]
    assert "gate BAL-01" in swift["failures"]
    # consensus 2 of 4 is 50; panel share 0.5
    expected = round(0.5 * rules[panel.bids[0]]["balance"] + 0.5 * 50, 1)
    assert northgate["criteria"]["balance"] == expected


def test_a_psr_scheme_with_a_pass_fail_criterion_runs_from_setup_to_decided(panel):
    scheme = psr_scheme()
    scheme = scheme.model_copy(update={"criteria": (*scheme.criteria, Criterion(
        id="cqc_registered", title="Registered with the CQC", kind=Kind.pass_fail))})
    with panel.write() as uow:
        services.set_scheme(uow, panel.lead, PanelScheme.model_validate(scheme.model_dump()))
    to_stage(panel, Stage.moderation)
    with panel.write() as uow, pytest.raises(Refused, match=r"one of \[0, 1\]"):
        services.moderate(uow, panel.lead, panel.bids[0], "cqc_registered", 3, GOOD_REASON)
    moderate_all(panel, 3, fail=(panel.bids[0], "cqc_registered"))
    with panel.write() as uow:
        services.advance(uow, panel.lead)
    with panel.read() as uow:
        ranked = views.ranking(uow, panel.lead)
    by_bid = {entry["bid"]: entry for entry in ranked}
    northgate = by_bid[panel.bids[0]]
    assert "pass/fail cqc_registered" in northgate["failures"]
    assert northgate["criteria"]["cqc_registered"] == "fail"
    assert northgate["criteria"]["social_value"] == 75.0  # panel-only: 3 of 4
    assert [entry["passes"] for entry in ranked] == [False, False]  # Swift fails its gates
    assert set(northgate["criteria"]) == {c.id for c in scheme.criteria}
