"""Benchmark: every document of a decision, for 10 bids x 6 criteria x 5 evaluators.

Not a test (these machines are shared and noisy): run `make bench` or
`python benchmarks/bench_documents.py [--bids 10] [--criteria 6] [--evaluators 5]`.
Goals: building, checking and saving every final document in under 1.5 s for 10 bids,
and in under 10 s and 1 GB of memory (the process's peak) for 100 bids (`--bids 100`).
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import timed

from documents.produce import build_documents, finalise, write_documents
from documents.sample import MEMBERS, load_sample, rank
from documents.snapshot import (
    Bid,
    Consensus,
    Criterion,
    Declaration,
    Member,
    PanelScore,
    RuleFlag,
    Scheme,
    Snapshot,
)

AREAS = ("balance", "incentives", "mutual_aid", "recovery_capital", "safety", "voice")
AT = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


KEYS = ("quality_innovation", "value", "integration", "access", "social_value")


def large_snapshot(bids: int, criteria: int, evaluators: int) -> Snapshot:
    """The sample evaluation grown to `bids` x `criteria` x `evaluators`, ready for finals:
    every reason the panel's own and about its own bid, no spread or departure unanswered."""
    sample = load_sample()
    scheme = Scheme(name="Six rule areas", gates=sample.scheme.gates, criteria=tuple(
        Criterion(id=f"c{i}", title=f"Criterion {i + 1}: {AREAS[i % 6].replace('_', ' ')}",
                  weight=10 + 5 * (i % 3), rule_areas=(AREAS[i % 6],),
                  key_criterion=KEYS[i % 5],
                  importance_reason="Set by the commissioners before bids were opened, "
                  "after consulting the service-user panel.")
        for i in range(criteria)))
    people = [Member(name=f"Evaluator {i + 1}", role="evaluator") for i in range(evaluators)]
    members = (MEMBERS[0], *people, MEMBERS[4])
    all_bids, scores, agreed = [], [], []
    for b in range(bids):
        reference = f"BID-{b + 1:03d}"
        flags = tuple(RuleFlag(rule=f"BAL-0{k + 1}", area=AREAS[(b + k) % 6],
                               severity="red" if (b + k) % 5 == 0 else "amber",
                               message=f"Finding {k + 1} about the design of bid {b + 1}",
                               cells=(f"Treatment!C{k + 2}",)) for k in range(3))
        all_bids.append(Bid(
            reference=reference, provider=f"Provider {b + 1} Recovery Partnership",
            file_name=f"bid_{b + 1:03d}.xlsx",
            sha256=hashlib.sha256(reference.encode()).hexdigest(),
            registered_office=f"{b + 1} High Street, Westvale",
            identifier=f"GB-PPON-{b:06d}", email=f"tenders@provider{b + 1}.example.org",
            sme=True, vcse=False, consortium=False,
            rule_scores={c.id: float(40 + (b * 7 + i * 11) % 60)
                         for i, c in enumerate(scheme.criteria)},
            flags=flags, selection=sample.bids[0].selection))
        for i, criterion in enumerate(scheme.criteria):
            score = 2 + (b + i) % 2  # between the rules' extremes: no departure
            for e, person in enumerate(people):
                scores.append(PanelScore(
                    evaluator=person.name, bid=reference, criterion=criterion.id,
                    score=score + (e % 2 if score < 3 else -(e % 2)),
                    submitted_at=AT - timedelta(hours=e),
                    comment=f"Read Treatment!C{i + 2} and Narrative section {i + 1}; the "
                    f"answer on {criterion.title.lower()} is specific for this bid."))
            agreed.append(Consensus(
                bid=reference, criterion=criterion.id, score=score, by="Asha Patel", at=AT,
                reason=f"Agreed {score} for Provider {b + 1} on {criterion.title.lower()} "
                f"after reading Treatment!C{i + 2} and Narrative section {3 + i}: the workbook "
                "commits named staff, dated milestones and a measure the council can check, "
                "and the rules' findings were weighed; detox waiting times are not stated."))
    return sample.model_copy(update={
        "scheme": scheme, "members": members, "bids": tuple(all_bids),
        "panel_scores": tuple(scores), "consensus": tuple(agreed),
        "service_user_views": (), "changes": (), "clarifications": (),
        "declarations": tuple(Declaration(member=m.name, declared_at=AT - timedelta(days=20))
                              for m in members),
        "ranking": rank(all_bids, agreed, scheme), "publication_date": date(2026, 12, 18)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bids", type=int, default=10)
    parser.add_argument("--criteria", type=int, default=6)
    parser.add_argument("--evaluators", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    snapshot = large_snapshot(args.bids, args.criteria, args.evaluators)
    print(f"{args.bids} bids x {args.criteria} criteria x {args.evaluators} evaluators: "
          f"{len(snapshot.panel_scores)} panel scores, {args.bids + 5} documents")
    goal = 1.5 if args.bids <= 10 else 10.0
    with tempfile.TemporaryDirectory() as out:
        cpu = time.process_time()
        seconds = statistics.median(timed(lambda: write_documents(snapshot, Path(out)), 1))
        cpu = time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Wall time on a shared machine counts other people's work; CPU time is this work's.
    print(f"all final documents, saved: {seconds:.2f} s wall "
          f"({'met' if seconds < goal else 'NOT met'}), {cpu:.2f} s CPU "
          f"({'met' if cpu < goal else 'NOT met'}) against the goal of {goal:g} s; peak "
          f"memory {peak_mb:.0f} MB (goal < 1024 MB: {'met' if peak_mb < 1024 else 'NOT met'})")
    with tempfile.TemporaryDirectory() as out:
        steps = {
            "build (drafts)": lambda: build_documents(snapshot),
            "build and check (final)": lambda: finalise(snapshot),
            "build, check and save (final)": lambda: write_documents(snapshot, Path(out)),
        }
        for name, work in steps.items():
            times = timed(work, args.repeat)
            print(f"{name:32s} median {statistics.median(times):.2f} s, "
                  f"min {min(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
