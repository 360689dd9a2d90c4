"""Benchmark: how safe is the decision, for 10 bids x 6 criteria x 5 evaluators.

Not a test (these machines are shared and noisy): run
`python benchmarks/bench_robustness.py [--bids 10] [--rounds 5]` and read the figures.
Goals: the analysis without the answers (margin, one-mark changes, weights, evaluators,
agreement, disagreements) under 1 s; the decisive answers for 10 bids under 3 s.

The race is made as close as it can be, so that no bid can be set aside early: every
bid's agreed marks bring its overall score within a few points of the others', which is
the worst case for the decisive answers (each bid's every list answer is tried).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import timed  # noqa: E402

from documents.robustness import analyse, decisive_answers  # noqa: E402
from documents.snapshot import (  # noqa: E402
    Bid,
    Consensus,
    Contract,
    Criterion,
    Gate,
    Member,
    PanelScore,
    Scheme,
    Snapshot,
)
from documents.standings import Board  # noqa: E402
from scoring.answers import list_answers, with_answer  # noqa: E402
from scoring.engine import score_bid  # noqa: E402
from scoring.reader import read_bid  # noqa: E402
from scoring.rulebook import Area  # noqa: E402
from scoring.scheme import DEFAULT_AREA_WEIGHTS, DEFAULT_GATES  # noqa: E402

AT = datetime(2026, 12, 4, tzinfo=UTC)
TARGET = 70.0  # every bid's overall score is pulled towards this


def workbooks(count: int) -> dict:
    """`count` bids: the six samples, then copies with a few answers changed."""
    samples = [read_bid(path).bid for path in sorted((ROOT / "sample_tenders").glob("*.xlsx"))]
    found = {}
    for n in range(count):
        bid = samples[n % len(samples)]
        answers = list_answers(bid)
        for k in range(n // len(samples)):  # vary the copies: flip a few answers
            answer = answers[(7 * k + n) % len(answers)]
            bid = with_answer(bid, answer, answer.alternatives[0])
        reference = f"BID-{n + 1:02d}"
        overview = bid.overview.model_copy(update={"bid_reference": reference})
        found[reference] = bid.model_copy(update={"overview": overview})
    return found


def close_snapshot(bids: dict, evaluators: int) -> Snapshot:
    criteria = tuple(Criterion(id=area.value, title=area.value.replace("_", " "),
                               weight=DEFAULT_AREA_WEIGHTS[area], rule_areas=(area.value,))
                     for area in Area)
    people = [f"Evaluator {i + 1}" for i in range(evaluators)]
    snapshot_bids, scores, agreed = [], [], []
    for reference, bid in bids.items():
        card = score_bid(bid)
        rules = {c.id: card.areas[c.id] for c in criteria}
        snapshot_bids.append(Bid(reference=reference, provider=f"Provider {reference}",
                                 file_name=f"{reference}.xlsx", sha256="0" * 64,
                                 rule_scores=rules, gates_failed=card.gates_failed))
        for c in criteria:
            mark = max(0, min(4, round((TARGET - 0.5 * (rules[c.id] or 0)) / 12.5)))
            agreed.append(Consensus(bid=reference, criterion=c.id, score=mark, reason="r",
                                    by="Lead", at=AT))
            for i, person in enumerate(people):
                own = max(0, min(4, mark + (i + len(c.id) + len(reference)) % 3 - 1))
                scores.append(PanelScore(evaluator=person, bid=reference, criterion=c.id,
                                         score=own, comment="note", submitted_at=AT))
    return Snapshot(
        evaluation_id=1, name="Benchmark", service="treatment", regime="psr",
        stage="moderation",
        contract=Contract(authority="Council", title="T", reference="R", description="D"),
        scheme=Scheme(name="Six rule areas", criteria=criteria,
                      gates=tuple(Gate(rule=g.rule, requirement=g.requirement)
                                  for g in DEFAULT_GATES)),
        members=(Member(name="Lead", role="lead"),
                 *(Member(name=p, role="evaluator") for p in people)),
        bids=tuple(snapshot_bids), panel_scores=tuple(scores), consensus=tuple(agreed),
        audit_head="0" * 64, produced_at=AT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bids", type=int, default=10)
    parser.add_argument("--evaluators", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    bids = workbooks(args.bids)
    snapshot = close_snapshot(bids, args.evaluators)
    board = Board.of(snapshot)
    standings = board.standings()
    print(f"{args.bids} bids x 6 criteria x {args.evaluators} evaluators; overall scores "
          f"{min(o for _, o in standings.values()):.1f} to "
          f"{max(o for _, o in standings.values()):.1f}; "
          f"{sum(len(list_answers(b)) for b in bids.values())} list answers in all")
    gates = [gate.rule for gate in snapshot.scheme.gates]
    report = analyse(snapshot, bids)
    print(f"winner {report.winner}, margin {report.margin}; "
          f"{len(report.one_mark_changes)} one-mark changes, "
          f"{len(report.decisive_answers)} decisive answers; "
          f"alpha {report.agreement.overall}")
    rows = [
        ("analysis without the answers (goal < 1 s)", lambda: analyse(snapshot)),
        ("decisive answers, 10 bids (goal < 3 s)",
         lambda: decisive_answers(board, bids, gates)),
        ("the whole analysis, answers included", lambda: analyse(snapshot, bids)),
    ]
    for label, work in rows:
        times = timed(work, args.rounds)
        print(f"{label:<45} median {statistics.median(times):.3f} s, "
              f"worst {max(times):.3f} s")


if __name__ == "__main__":
    main()
