"""What the panel said per bid and criterion, the checks on an agreed score's reason, and
the ranking the agreed scores make: read by commands (moderate, advance) and queries alike.

Nothing here changes the store.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from documents.checks import ReasonContext, departure, reason_problems, rules_disagreement
from evaluations.bids import gate_failures, red_flags
from evaluations.criteria import (
    DESCRIPTORS,
    PASS_FAIL,
    Criterion,
    Kind,
    blended_score,
    rule_score,
)
from evaluations.models import BidFile, Consensus, Member, PanelScore, ServiceUserView
from evaluations.records import Acting, live_bids
from evaluations.store import UnitOfWork
from scoring.engine import requirement


def panel_cells(uow: UnitOfWork, context: Acting):
    """Submitted scores, service-user views and consensus by (bid id, criterion)."""
    evaluation_id = context.evaluation.id
    scores = defaultdict(list)
    for bid_id, criterion, name, score, comment in uow.session.execute(
        select(PanelScore.bid_id, PanelScore.criterion, Member.name, PanelScore.score,
               PanelScore.comment)
        .join(Member, Member.id == PanelScore.member_id)
        .where(PanelScore.evaluation_id == evaluation_id, Member.submitted_at.is_not(None),
               Member.removed_at.is_(None))
        .order_by(Member.name)):
        scores[bid_id, criterion].append({"evaluator": name, "score": score, "comment": comment})
    views = defaultdict(list)
    for bid_id, criterion, view, comment in uow.session.execute(
        select(ServiceUserView.bid_id, ServiceUserView.criterion, ServiceUserView.view,
               ServiceUserView.comment)
        .where(ServiceUserView.evaluation_id == evaluation_id)):
        views[bid_id, criterion].append({"from": "service-user panel", "view": view,
                                         "comment": comment})
    agreed = {(row.bid_id, row.criterion): row for row in uow.session.scalars(
        select(Consensus).where(Consensus.evaluation_id == evaluation_id))}
    return scores, views, agreed


def reason_context_for(criterion: Criterion, result: dict[str, Any], scores: list[dict],
                    views: list[dict], score: int | None) -> ReasonContext:
    values = [s["score"] for s in scores]
    areas = {a.value for a in criterion.areas}
    reds = sorted({f["rule"] for f in red_flags(result) if f["area"] in areas})
    findings = [f for f in result["flags"] if f["area"] in areas]
    return ReasonContext(
        spread=max(values) - min(values) if values else 0,
        serious_concern=any(v["view"] == "serious_concern" for v in views),
        rules_disagreement=score is not None and rules_disagreement(
            criterion.for_documents(), score, len(reds), len(findings)),
        flag_rules=tuple(reds),
        departure=0 if score is None or criterion.kind is not Kind.scored else departure(
            score, values, rule_score(criterion, result["areas"]) if criterion.areas else None),
        borrowed=tuple(s["comment"] for s in scores) + tuple(f["message"] for f in findings),
    )


def reason_warnings(uow: UnitOfWork, context: Acting, bid: BidFile, criterion: Criterion,
                    score: int, reason: str) -> list[str]:
    """The reason checks (`documents.checks.reason_problems`) for one bid and criterion."""
    scores, views, _ = panel_cells(uow, context)
    key = (bid.id, criterion.id)
    return reason_problems(reason, criterion.for_documents(), DESCRIPTORS,
                           reason_context_for(criterion, bid.rule_result, scores[key],
                                           views[key], score))


def missing_consensus(uow: UnitOfWork, context: Acting) -> list[tuple[str, str]]:
    agreed = set(uow.session.execute(
        select(BidFile.reference, Consensus.criterion)
        .join(BidFile, BidFile.id == Consensus.bid_id)
        .where(Consensus.evaluation_id == context.evaluation.id)))
    return [(bid.reference, c.id) for bid in live_bids(uow, context.evaluation.id)
            for c in context.scheme.panel_criteria if (bid.reference, c.id) not in agreed]


def failure_words(failures: list[str], scheme) -> list[str]:
    """What a bid fails, in words: each gate's requirement, each pass/fail criterion."""
    titles = {c.id: c.title for c in scheme.criteria}
    said = []
    for failure in failures:
        kind, _, code = failure.partition(" ")
        said.append(requirement(code) if kind == "gate" else
                    f"{titles.get(code, code)} (a pass or fail criterion)")
    return said


def decision_ranking(uow: UnitOfWork, context: Acting) -> list[dict[str, Any]]:
    """Every live bid ranked: gate and pass/fail failures last, then by overall score."""
    scheme = context.scheme
    agreed = {(row.bid_id, row.criterion): row.score for row in uow.session.scalars(
        select(Consensus).where(Consensus.evaluation_id == context.evaluation.id))}
    entries = []
    for bid in live_bids(uow, context.evaluation.id):
        result = bid.rule_result
        criteria = {}
        failed = [f"gate {rule}" for rule in gate_failures(result, scheme)]
        for criterion in scheme.criteria:
            panel = agreed.get((bid.id, criterion.id))
            if criterion.kind is Kind.pass_fail:
                criteria[criterion.id] = None if panel is None else PASS_FAIL[panel]
                if panel == 0:
                    failed.append(f"pass/fail {criterion.id}")
                continue
            criteria[criterion.id] = blended_score(
                criterion, rule_score(criterion, result["areas"]), panel)
        numeric = {k: v for k, v in criteria.items() if not isinstance(v, str)}
        entries.append({"bid": bid.reference, "provider": bid.provider,
                        "overall": scheme.overall(numeric), "criteria": criteria,
                        "passes": not failed, "failures": failed,
                        "fails": failure_words(failed, scheme)})
    entries.sort(key=lambda e: (not e["passes"], -(e["overall"] or -1), e["bid"]))
    previous = None
    for position, entry in enumerate(entries, start=1):
        same = previous and (previous["passes"], previous["overall"]) == (
            entry["passes"], entry["overall"])
        entry["rank"] = previous["rank"] if same else position
        previous = entry
    return entries
