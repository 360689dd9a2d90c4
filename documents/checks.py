"""Checks before a decision's documents are final, each returning problems in plain words.

Courts have set aside awards whose moderation notes compared bidders, paraphrased the
criterion or could not say why a score was given (Lancashire Care, Woods), and in
Braceurself a one-mark correction changed the winner. A missing or unapproved reason
blocks finalising; the other checks are warnings the lead must see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.snapshot import DESCRIPTORS, Criterion, Snapshot

MIN_WORDS = 20
COMPARING = re.compile(
    r"\b(better|stronger|weaker|worse|more \w+|less \w+) than\b"
    r"|\bthe (best|strongest|weakest|worst) (of|bid|tender|submission)\b"
    r"|\b(compared (with|to)|unlike|outperform\w*|beats?|other (bids|bidders|tenders))\b"
    r"|\bbid [A-Z0-9]\b",
    re.IGNORECASE,
)
# Words that say nothing about the bid itself: a reason made only of these, the criterion's
# title and the descriptors restates the criterion (Woods: "high standard" → "high standard").
GENERIC = frozenset({
    "a", "about", "above", "across", "all", "also", "an", "and", "any", "are", "as", "at",
    "be", "been", "being", "bid", "bidder", "both", "but", "by", "can", "clear", "clearly",
    "comprehensive", "criterion", "demonstrate", "demonstrated", "demonstrates",
    "demonstrating", "detail", "detailed", "does", "evidence", "evidenced", "excellent",
    "fully", "given", "good", "has", "have", "high", "highly", "in", "into", "is", "it",
    "its", "meet", "meeting", "meets", "of", "on", "or", "our", "overall", "panel",
    "proposal", "provide", "provided", "provider", "quality", "response", "robust", "score",
    "scored", "shows", "standard", "strong", "submission", "sufficient", "tender", "that",
    "the", "their", "there", "this", "throughout", "to", "very", "was", "we", "well",
    "were", "which", "whole", "with",
})


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9!]+", text.lower())


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def restates_criterion(reason: str, criterion: Criterion,
                       descriptors: dict[int, str] = DESCRIPTORS) -> bool:
    """Whether a reason says nothing beyond the criterion's title and the descriptors."""
    known = {_stem(w) for w in _words(criterion.title + " " + " ".join(descriptors.values()))}
    known |= {_stem(w) for w in GENERIC}
    substance = {w for w in _words(reason) if _stem(w) not in known and len(w) > 2}
    return len(substance) < 4


def reason_problems(reason: str, criterion: Criterion,
                    descriptors: dict[int, str] = DESCRIPTORS) -> list[str]:
    """What is wrong with one consensus reason (empty when nothing is)."""
    text = reason.strip()
    if not text:
        return ["there is no reason"]
    problems = []
    words = len(text.split())
    if words < MIN_WORDS:
        problems.append(f"the reason has {words} words; say why this score against the "
                        f"descriptors and the tender in at least {MIN_WORDS}")
    if COMPARING.search(text):
        problems.append("the reason compares bids with each other; judge the bid against the "
                        "criterion instead")
    if restates_criterion(text, criterion, descriptors):
        problems.append("the reason only restates the criterion; name what in the bid earned "
                        "the score and why full marks were or were not given")
    return problems


def _named(snapshot: Snapshot, reference: str, criterion: Criterion) -> str:
    return f"{snapshot.bid(reference).provider} ({reference}), {criterion.title}"


def panel_criteria(snapshot: Snapshot) -> tuple[Criterion, ...]:
    """The criteria the panel scores and so must give reasons for."""
    return tuple(c for c in snapshot.scheme.criteria if c.kind == "pass_fail" or c.share > 0)


def missing_reasons(snapshot: Snapshot) -> list[str]:
    """Reasons that block finalising: absent, empty, or drafted and not yet approved."""
    problems = []
    for bid in snapshot.assessed_bids:
        for criterion in panel_criteria(snapshot):
            agreed = snapshot.agreed(bid.reference, criterion.id)
            where = _named(snapshot, bid.reference, criterion)
            if agreed is None:
                problems.append(f"{where}: no agreed score and reason")
            elif not agreed.reason.strip():
                problems.append(f"{where}: the agreed score has no reason")
            elif agreed.reason_status == "drafted":
                problems.append(f"{where}: the reason was drafted by the tool and the panel "
                                "has not approved it")
    decision = snapshot.decision
    if not decision.reasons.strip():
        problems.append("the decision-makers' reasons for selecting the provider are missing")
    elif decision.reasons_status == "drafted":
        problems.append("the reasons for selecting the provider were drafted by the tool and "
                        "not yet approved")
    return problems


SPREAD = 2  # evaluators this many marks apart are flagged for moderation
RECONCILED = ("differ", "spread", "discuss", "reconcil", "disagree", "re-read", "reread")
ANSWERS_CONCERN = ("service user", "service-user", "lived experience", "representative",
                   "concern")


def spread(snapshot: Snapshot, bid: str, criterion: str) -> int:
    """How far apart the evaluators' own scores for a bid and criterion are."""
    scores = [s.score for s in snapshot.scores_for(bid, criterion)]
    return max(scores) - min(scores) if scores else 0


def reason_warnings(snapshot: Snapshot) -> list[str]:
    """Every agreed reason that is short, compares bids or restates the criterion, or
    leaves a spread of scores or a service user's serious concern unanswered."""
    warnings = []
    for agreed in snapshot.consensus:
        criterion = snapshot.scheme.criterion(agreed.criterion)
        if not agreed.reason.strip():
            continue
        where = _named(snapshot, agreed.bid, criterion)
        warnings += [f"{where}: {problem}"
                     for problem in reason_problems(agreed.reason, criterion,
                                                    snapshot.scheme.descriptors)]
        lower = agreed.reason.lower()
        gap = spread(snapshot, agreed.bid, agreed.criterion)
        if gap >= SPREAD and not any(word in lower for word in RECONCILED):
            warnings.append(f"{where}: the evaluators' scores were {gap} marks apart; say how "
                            "the difference was resolved")
        serious = any(v.view == "serious_concern"
                      for v in snapshot.views_for(agreed.bid, agreed.criterion))
        if serious and not any(word in lower for word in ANSWERS_CONCERN):
            warnings.append(f"{where}: the service-user panel raised a serious concern; the "
                            "reason must answer it")
    return warnings


@dataclass(frozen=True)
class CloseMargin:
    """A criterion on which one mark would change who comes first."""

    leader: str
    runner_up: str
    margin: float  # overall points between them
    criterion: Criterion
    per_mark: float  # overall points one mark on this criterion is worth
    leader_score: int | None
    runner_up_score: int | None


def close_margins(snapshot: Snapshot) -> list[CloseMargin]:
    """The criteria where one mark more or less would change (or tie) the top of the ranking.

    Only between the top two bids that both meet the minimum requirements: a bid that
    fails one cannot rise above one that passes, whatever its marks.
    """
    passing = sorted((s for s in snapshot.ranking if s.passes_gates and s.overall is not None),
                     key=lambda s: s.rank)
    if len(passing) < 2:
        return []
    leader, runner_up = passing[0], passing[1]
    margin = round(leader.overall - runner_up.overall, 1)
    found = []
    for criterion in panel_criteria(snapshot):
        if criterion.kind != "scored":
            continue
        per_mark = snapshot.scheme.importance(criterion) / 100 * criterion.share * 25
        ours = snapshot.agreed(leader.bid, criterion.id)
        theirs = snapshot.agreed(runner_up.bid, criterion.id)
        can_move = (ours is not None and ours.score > 0) or (theirs is not None
                                                              and theirs.score < 4)
        if can_move and margin <= per_mark + 1e-9:
            found.append(CloseMargin(leader.bid, runner_up.bid, margin, criterion,
                                     round(per_mark, 1), ours and ours.score,
                                     theirs and theirs.score))
    return found


def margin_warnings(snapshot: Snapshot) -> list[str]:
    return [describe_margin(snapshot, close) for close in close_margins(snapshot)]


def describe_margin(snapshot: Snapshot, close: CloseMargin) -> str:
    leader, runner_up = snapshot.bid(close.leader), snapshot.bid(close.runner_up)
    return (f"{leader.provider} leads {runner_up.provider} by {close.margin:.1f} points; one "
            f"mark on {close.criterion.title} is worth {close.per_mark:.1f}, so one mark less "
            f"for {leader.provider} (agreed {close.leader_score}) or one more for "
            f"{runner_up.provider} (agreed {close.runner_up_score}) would change the winner. "
            "Check both scores against the bids before deciding (Braceurself).")


def gaps(snapshot: Snapshot) -> list[str]:
    """What the snapshot lacks that the documents must state (a person supplies these)."""
    problems = []
    decision, contract = snapshot.decision, snapshot.contract
    if not decision.decided_by:
        problems.append("nobody is named as decision-maker")
    if not decision.process.strip():
        problems.append("the decision-making process is not described")
    for criterion in snapshot.scheme.criteria:
        if not criterion.importance_reason.strip():
            problems.append(f"{criterion.title}: the reason for its relative importance is "
                            "missing")
    for declaration in snapshot.declarations:
        if declaration.conflicts and not declaration.action.strip():
            problems.append(f"{declaration.member} declared a conflict "
                            f"({', '.join(declaration.conflicts)}) and the action taken is "
                            "not recorded")
    declared = {d.member for d in snapshot.declarations}
    problems += [f"{member.name} ({member.role}) has made no declaration of interests"
                 for member in snapshot.members
                 if member.role != "observer" and member.name not in declared]
    if contract.lifetime_value is None:
        problems.append("the contract's approximate lifetime value is missing")
    if not contract.cpv_code:
        problems.append("the CPV code is missing")
    if snapshot.publication_date is None:
        problems.append("the notice's publication date is not set, so the standstill end "
                        "cannot be given")
    winner = snapshot.winner
    if winner is None:
        problems.append("no bid meets every minimum requirement, so there is no provider to "
                        "award to")
    elif not snapshot.bid(winner.bid).registered_office:
        problems.append(f"{snapshot.bid(winner.bid).provider}: registered office missing")
    return problems
