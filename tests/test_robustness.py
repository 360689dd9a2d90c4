"""The decision-robustness analysis on constructed evaluations whose answers are known."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from documents import robustness
from documents.robustness import alpha, analyse, analyse_rules, decisive_answers
from documents.snapshot import (
    Bid,
    Consensus,
    Contract,
    Criterion,
    Member,
    PanelScore,
    Scheme,
    Snapshot,
)
from documents.standings import Board
from scoring.answers import list_answers, with_answer, words_for
from scoring.engine import score_bid
from scoring.reader import read_bid
from scoring.scheme import DEFAULT_AREA_WEIGHTS, DEFAULT_GATES

NOW = datetime(2026, 12, 4, tzinfo=UTC)
SAMPLES = Path(__file__).resolve().parents[1] / "sample_tenders"
# quality: panel only, 60% of the score; safety: rules and panel half each, 40%.
CRITERIA = (Criterion(id="quality", title="Quality", weight=60),
            Criterion(id="safety", title="Safety", weight=40, rule_areas=("safety",)))


def snapshot(rules: dict[str, float], agreed: dict[tuple[str, str], int],
             scores: dict[tuple[str, str, str], int] | None = None,
             gates_failed: dict[str, tuple[str, ...]] | None = None) -> Snapshot:
    """Bids A and B (and any others named in `rules`) under CRITERIA."""
    scores = scores or {}
    evaluators = sorted({name for name, _, _ in scores})
    return Snapshot(
        evaluation_id=1, name="Test", service="treatment", regime="psr", stage="moderation",
        contract=Contract(authority="Council", title="T", reference="R", description="D"),
        scheme=Scheme(name="Test scheme", criteria=CRITERIA),
        members=(Member(name="Lead", role="lead"),
                 *(Member(name=name, role="evaluator") for name in evaluators)),
        bids=tuple(Bid(reference=ref, provider=f"Provider {ref}", file_name=f"{ref}.xlsx",
                       sha256="0" * 64, rule_scores={"quality": None, "safety": rule},
                       gates_failed=(gates_failed or {}).get(ref, ()))
                   for ref, rule in rules.items()),
        panel_scores=tuple(PanelScore(evaluator=name, bid=bid, criterion=criterion,
                                      score=score, comment="note", submitted_at=NOW)
                           for (name, bid, criterion), score in scores.items()),
        consensus=tuple(Consensus(bid=bid, criterion=criterion, score=score,
                                  reason="reason", by="Lead", at=NOW)
                        for (bid, criterion), score in agreed.items()),
        audit_head="0" * 64, produced_at=NOW)


# A: quality 75, safety 0.5 × 80 + 0.5 × 75 = 77.5, overall 76.0
# B: quality 75, safety 0.5 × 60 + 0.5 × 75 = 67.5, overall 72.0
CLOSE = dict(rules={"A": 80.0, "B": 60.0},
             agreed={("A", "quality"): 3, ("A", "safety"): 3,
                     ("B", "quality"): 3, ("B", "safety"): 3})


def test_margin_and_the_one_mark_changes_that_flip_it_and_no_others():
    report = analyse(snapshot(**CLOSE))
    assert (report.winner, report.runner_up, report.margin) == ("A", "B", 4.0)
    # One mark on quality moves 15 points; on safety 5: each of these gives it to B.
    assert {(c.bid, c.criterion, c.from_, c.to, c.winner_then)
            for c in report.one_mark_changes} == {
        ("A", "quality", 3, 2, "B"), ("B", "quality", 3, 4, "B"),
        ("A", "safety", 3, 2, "B"), ("B", "safety", 3, 4, "B")}
    assert report.reading.startswith("The decision holds unless Provider A's score on Quality "
                                     "should be 2 rather than the agreed 3 (then Provider B "
                                     "would come first)")


def test_a_one_mark_change_that_ties_names_no_winner():
    # A safety 0.5 × 85 + 37.5 = 80, overall 45 + 32 = 77; B safety 4: 80, overall 77 too.
    report = analyse(snapshot(rules={"A": 85.0, "B": 60.0}, agreed=CLOSE["agreed"]))
    tie = [c for c in report.one_mark_changes if (c.bid, c.criterion) == ("B", "safety")]
    assert [(c.to, c.winner_then) for c in tie] == [(4, None)]


def test_nothing_agreed_starts_from_the_rules_score_alone():
    # Nothing agreed on safety: the ranking uses the rules' 80 and 75 (3.2 and 3 marks):
    # A 45 + 32 = 77, B 45 + 30 = 75. Whole marks within one mark of those are tried.
    agreed = {("A", "quality"): 3, ("B", "quality"): 3}
    report = analyse(snapshot(rules={"A": 80.0, "B": 75.0}, agreed=agreed))
    assert (report.winner, report.margin) == ("A", 2.0)
    assert {(c.bid, c.criterion, c.from_, c.to, c.winner_then, c.agreed)
            for c in report.one_mark_changes} == {
        ("A", "quality", 3, 2, "B", True), ("B", "quality", 3, 4, "B", True),
        # B safety at 4: 0.5 × 75 + 50 = 87.5, overall 45 + 35 = 80. A at 3 or 4 stays first.
        ("B", "safety", 3.0, 4, "B", False)}
    assert "(1 more)" in report.reading  # the two on Quality first, then Safety unagreed


def test_wide_margin_has_no_threats():
    report = analyse(snapshot(rules={"A": 100.0, "B": 0.0},
                              agreed={("A", "quality"): 4, ("A", "safety"): 4,
                                      ("B", "quality"): 0, ("B", "safety"): 0}))
    assert report.margin == 100.0
    assert report.one_mark_changes == () and report.decisive_answers == ()
    assert all(w.change is None for w in report.weights)
    assert report.reading.startswith("The decision holds: Provider A comes first")


def test_weights_smallest_change_that_changes_the_winner():
    # Level on quality, A ahead on safety: no weight puts B first.
    report = analyse(snapshot(**CLOSE))
    assert [w.change for w in report.weights] == [None, None]
    # B better on quality (100 v 75), A on safety (87.5 v 57.5): B 83, A 80.
    agreed = {**CLOSE["agreed"], ("B", "quality"): 4}
    report = analyse(snapshot(rules={"A": 100.0, "B": 40.0}, agreed=agreed))
    assert (report.winner, report.margin) == ("B", 3.0)
    changes = {w.criterion: w for w in report.weights}
    # Level where safety's share is 25/55 = 45.45%: 5.45 points more than its 40 (and
    # quality 5.45 less). Rounded to one place they tie first: no single winner, then A.
    assert changes["safety"].change == pytest.approx(5.4, abs=0.15)
    assert changes["quality"].change == pytest.approx(-5.4, abs=0.15)
    assert changes["safety"].winner_then in (None, "A")
    assert changes["safety"].weight == 40.0


def test_an_evaluator_whose_removal_flips_the_winner():
    # A's quality 3 rests on X's 4: without X the median of 3 and 2 is 2.5, A falls to
    # 37.5 + 31 = 68.5 and B (72) comes first. Without Y or Z A still leads.
    scores = {("X", "A", "quality"): 4, ("Y", "A", "quality"): 3, ("Z", "A", "quality"): 2}
    scores |= {(name, "B", "quality"): 3 for name in "XYZ"}
    scores |= {(name, bid, "safety"): 3 for name in "XYZ" for bid in "AB"}
    report = analyse(snapshot(**CLOSE, scores=scores))
    assert {(e.member, e.winner_without) for e in report.evaluators} == {
        ("X", "B"), ("Y", "A"), ("Z", "A")}
    assert report.to_json()["evaluators"][0] == {"member": "X", "winner_without": "B"}


def test_alpha_matches_a_hand_computed_value_with_missing_cells():
    # Coders × units (NaN: a score missing through a declared conflict):
    #   X: 1 2 3 -     Y: 1 3 3 2     Z: - 3 2 2
    # Coincidences: o11 = 2, o22 = 2, o23 = o32 = 2, o33 = 2; n1 = 2, n2 = 4, n3 = 4, n = 10.
    # Ordinal distances: d12 = (6/2)² = 9, d23 = (8/2)² = 16, d13 = (10 − 3)² = 49.
    # alpha = 1 − (n − 1) Σ o d / Σ n n d = 1 − 9 × 64 / 1440 = 0.6
    nan = math.nan
    units = [[1, 1, nan], [2, 3, 3], [3, 3, 2], [nan, 2, 2]]
    assert alpha(units, range(5)) == pytest.approx(0.6)
    # The same matrix through a snapshot: members as coders, (bid, criterion) as units.
    scores = {}
    for bid, unit in zip("ABCD", units, strict=True):
        for name, value in zip("XYZ", unit, strict=True):
            if not math.isnan(value):
                scores[name, bid, "quality"] = int(value)
    report = analyse(snapshot(rules=dict.fromkeys("ABCD", 50.0), agreed={}, scores=scores))
    assert report.agreement.criteria["quality"] == pytest.approx(0.6)
    assert report.agreement.overall == pytest.approx(0.6)
    assert report.agreement.reading == "the panel agreed too little to rely on"


def test_alpha_cannot_be_measured_when_every_mark_is_the_same():
    assert alpha([[2, 2], [2, 2]], range(5)) is None
    assert alpha([[2, math.nan], [math.nan, 3]], range(5)) is None  # nothing side by side


def test_rules_and_panel_disagreements_on_the_top_two():
    # A safety: rules 80, panel 1 mark = 25 → 55 apart; B: rules 60 v 75 → 15 apart.
    agreed = {**CLOSE["agreed"], ("A", "safety"): 1, ("A", "quality"): 4}
    report = analyse(snapshot(rules=CLOSE["rules"], agreed=agreed))
    assert [(d.bid, d.criterion, d.rules, d.panel, d.gap) for d in report.disagreements] == [
        ("A", "safety", 80.0, 25.0, 55.0)]


def test_json_has_the_contract_keys():
    payload = analyse(snapshot(**CLOSE)).to_json()
    assert list(payload) == ["winner", "runner_up", "margin", "one_mark_changes", "weights",
                             "evaluators", "agreement", "decisive_answers", "disagreements",
                             "reading"]
    assert set(payload["one_mark_changes"][0]) == {"bid", "criterion", "from", "to",
                                                   "winner_then"}
    assert set(payload["agreement"]) >= {"overall", "criteria"}


# ------------------------------------------------------------------- decisive answers


@pytest.fixture(scope="module")
def samples():
    bids = {}
    for name in ("northgate.xlsx", "riverside.xlsx", "swift_outcomes.xlsx"):
        bid = read_bid(SAMPLES / name).bid
        bids[bid.overview.bid_reference] = bid
    return bids


def test_a_decisive_answer_where_a_gate_decides_the_winner(samples):
    # Under a scheme whose one gate is BAL-02 (no reduction plan demanded at entry), Swift
    # fails it on one answer; the panel (90% of each score) rates Swift far above the rest.
    cards = {ref: score_bid(bid) for ref, bid in samples.items()}
    swift = "SWO/26/114"
    criteria = tuple(Criterion(id=a.value, title=a.value, weight=w, rule_areas=(a.value,),
                               panel_share=0.9) for a, w in DEFAULT_AREA_WEIGHTS.items())
    board = Board(criteria=criteria, bids=tuple(cards),
                  rules={(ref, c.id): card.areas[c.id]
                         for ref, card in cards.items() for c in criteria},
                  panel={(ref, c.id): (4 if ref == swift else 1)
                         for ref in cards for c in criteria},
                  gates_failed={ref: tuple(g for g in card.gates_failed if g == "BAL-02")
                                for ref, card in cards.items()})
    assert board.leaders() == ("NRP-2027-01",)
    found = decisive_answers(board, samples, ["BAL-02"])
    assert [(d.bid, d.cell, d.answer, d.alternative, d.winner_then) for d in found] == [
        (swift, "Treatment!C4", "Yes", "No", swift)]
    assert "Does starting treatment require an agreed dose-reduction plan?" in \
        found[0].clarification


def test_a_decisive_answer_where_a_rule_decides_the_winner(samples):
    cards = [score_bid(bid) for bid in samples.values()]
    weights = {area.value: weight for area, weight in DEFAULT_AREA_WEIGHTS.items()}
    gates = [gate.rule for gate in DEFAULT_GATES]
    wide = analyse_rules(cards, weights, gates, samples)
    assert wide.winner == "NRP-2027-01" and wide.margin > 10
    assert wide.decisive_answers == ()  # no single answer closes a wide margin
    # Only safety counts: Northgate 100, Riverside 90.9, so one safety answer decides.
    close = analyse_rules(cards, {"safety": 100.0}, gates, samples)
    assert close.decisive_answers, close.reading
    for answer in close.decisive_answers:
        assert answer.winner_then != close.winner
        # Checked from scratch: the whole bid re-read with that answer changed.
        bid = samples[answer.bid]
        listed = next(a for a in list_answers(bid) if a.cell == answer.cell)
        value = next(v for v in listed.alternatives if words_for(v) == answer.alternative)
        rescored = score_bid(with_answer(bid, listed, value))
        others = {c.reference: c.areas["safety"] for c in cards if c.reference != answer.bid}
        best_other = max(v for ref, v in others.items() if ref != "SWO/26/114")
        if answer.bid == close.winner:
            assert rescored.areas["safety"] <= best_other
        else:
            assert rescored.areas["safety"] >= others[close.winner]
    first = close.decisive_answers[0]
    assert "Please confirm your answer to" in first.clarification
    assert f"“{first.alternative}”" not in first.clarification  # the question does not lead
    assert "holds unless" in close.reading


def test_setting_bids_and_answers_aside_early_never_hides_a_decisive_answer(samples, monkeypatch):
    cards = [score_bid(bid) for bid in samples.values()]
    gates = [gate.rule for gate in DEFAULT_GATES]
    for weights in ({"safety": 100.0}, {"balance": 50.0, "voice": 50.0},
                    {area.value: w for area, w in DEFAULT_AREA_WEIGHTS.items()}):
        pruned = analyse_rules(cards, weights, gates, samples).decisive_answers
        with monkeypatch.context() as patch:
            patch.setattr(robustness, "_could_change", lambda *args: True)
            patch.setattr(robustness, "_worth_trying", lambda *args: None)
            everything = analyse_rules(cards, weights, gates, samples).decisive_answers
        assert pruned == everything


def test_the_moderation_record_prints_the_analysis():
    from docx import Document

    from documents.moderation_record import moderation_record, robustness_section
    from documents.reading import full_text

    close = snapshot(**CLOSE)
    record = full_text(moderation_record(close))
    assert "How safe the decision is" in record
    assert analyse(close).reading in record
    assert "Provider A, Quality: agreed 3; at 2 Provider B would come first" in record
    # With the bids as read, the answers to confirm are printed with their questions.
    document = Document()
    found = analyse(close)
    robustness_section(document, close, found)
    assert "No single answer chosen from a list would change the winner." in full_text(document)
