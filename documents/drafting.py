"""Drafted, not invented: a starting reason built from the evaluators' notes and the
rules' findings, for the lead to edit and the panel to approve.

A drafted reason is marked `drafted` and every document shows it as the tool's draft;
finalising is refused until the panel approves it (an event the store audits).
"""

from __future__ import annotations

from statistics import median_low

from documents.checks import panel_criteria
from documents.snapshot import Consensus, Decision, Snapshot

DRAFTER = "the tool (draft)"


def draft_reason(snapshot: Snapshot, bid: str, criterion_id: str) -> Consensus | None:
    """A drafted consensus for one bid and criterion, or None if no evaluator scored it.

    The score proposed is the middle of the evaluators' scores (the lower middle when
    they split evenly); the panel decides the real one.
    """
    criterion = snapshot.scheme.criterion(criterion_id)
    scores = snapshot.scores_for(bid, criterion_id)
    if not scores:
        return None
    score = median_low(s.score for s in scores)
    descriptor = snapshot.scheme.scores_available(criterion).get(score, "")
    parts = [f"Proposed {score} ({descriptor})."]
    parts += [f"{s.evaluator} noted ({s.score}): {s.comment.strip().rstrip('.')}."
              for s in scores]
    for flag in snapshot.flags_for(bid, criterion):
        parts.append(f"The rules found ({flag.rule}, {', '.join(flag.cells)}): "
                     f"{flag.message.rstrip('.')}.")
    if score < 4:
        parts.append("Say what kept the bid from full marks.")
    return Consensus(bid=bid, criterion=criterion_id, score=score, reason=" ".join(parts),
                     by=DRAFTER, at=snapshot.produced_at, reason_status="drafted")


def with_drafted_reasons(snapshot: Snapshot) -> Snapshot:
    """The snapshot with a drafted reason wherever the panel has agreed none."""
    drafted = []
    for bid in snapshot.assessed_bids:
        for criterion in panel_criteria(snapshot):
            if snapshot.agreed(bid.reference, criterion.id) is None:
                draft = draft_reason(snapshot, bid.reference, criterion.id)
                if draft is not None:
                    drafted.append(draft)
    return snapshot.model_copy(update={"consensus": snapshot.consensus + tuple(drafted)})


def approve(consensus: Consensus, reason: str, approved_by: str) -> Consensus:
    """The panel's own reason, edited from a draft and approved by the lead."""
    return consensus.model_copy(update={"reason": reason, "reason_status": "approved",
                                        "approved_by": approved_by, "by": approved_by})


def draft_selection_reasons(snapshot: Snapshot) -> Decision:
    """The decision with drafted reasons for selecting the first-ranked provider.

    Built from the panel's own agreed reasons for that bid on each key criterion, and
    marked drafted until the decision-makers approve their own words.
    """
    winner = snapshot.winner
    if winner is None:
        return snapshot.decision
    provider = snapshot.bid(winner.bid).provider
    parts = [f"{provider} ranks first of the bids that meet every minimum requirement, with "
             f"an overall score of {winner.overall} of 100."]
    for criterion in panel_criteria(snapshot):
        agreed = snapshot.agreed(winner.bid, criterion.id)
        if agreed is not None and agreed.reason.strip():
            parts.append(f"{criterion.title}: {agreed.reason.strip()}")
    return snapshot.decision.model_copy(update={"reasons": " ".join(parts),
                                                "reasons_status": "drafted"})
