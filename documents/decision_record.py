"""The decision record the Provider Selection Regime requires (reg 24, with regs 5, 19-21).

Written for disclosure: the Panel has drawn negative inferences where records were
missing, so every item of reg 24 has its own heading, filled from the evaluation.
"""

from __future__ import annotations

from docx.document import Document

from documents.checks import margin_warnings
from documents.common import (
    assessment_table,
    conflict_lines,
    decision_makers,
    management_lines,
    selection_reasons,
)
from documents.docx_kit import (
    TO_COMPLETE,
    area_names,
    bullets,
    heading,
    labelled,
    points,
    scheme_section,
    start,
    table,
    text,
    traceability_section,
)
from documents.snapshot import KEY_CRITERIA, REGIME_NAMES, Snapshot


def decision_record(snapshot: Snapshot, *, final: bool = False) -> Document:
    """The PSR reg 24 record of the decision."""
    document = start(snapshot, "Decision record", final=final)
    _provider(document, snapshot)
    heading(document, "Decision-making process", 1)
    labelled(document, "Process", REGIME_NAMES[snapshot.regime])
    text(document, snapshot.decision.process)
    heading(document, "Decision-makers", 1)
    decision_makers(document, snapshot)
    _key_criteria(document, snapshot)
    _evaluation(document, snapshot)
    _selection(document, snapshot, "basic_selection", "Basic selection criteria")
    _selection(document, snapshot, "exclusion", "Exclusion and debarment checks")
    heading(document, "Conflicts of interest and how they were managed", 1)
    bullets(document, conflict_lines(snapshot), TO_COMPLETE)
    bullets(document, management_lines(snapshot),
            "No conflict was declared, so none needed managing.")
    text(document, "The evaluations store withheld each bid from any member who "
                           "declared a conflict with it: they could not see or score it.")
    _ranking(document, snapshot)
    heading(document, "Reasons for the decision", 1)
    labelled(document, "Reasons", selection_reasons(snapshot))
    bullets(document, margin_warnings(snapshot), "No single mark changes the winner.")
    scheme_section(document, snapshot)
    traceability_section(document, snapshot, final=final)
    return document


def _provider(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Provider awarded the contract", 1)
    winner = snapshot.winner
    if winner is None:
        text(document, None)
        return
    bid = snapshot.bid(winner.bid)
    if not snapshot.decided:
        text(document, "Not yet decided: the provider the ranking puts first is shown.")
    labelled(document, "Provider", f"{bid.provider} (bid {bid.reference})")
    labelled(document, "Registered office", bid.registered_office)
    labelled(document, "Unique identifier", bid.identifier)


def _key_criteria(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Key criteria and relative importance", 1)
    text(document,
        "Rule scores come from the published rules applied to each bid workbook; each "
        "evaluator's own scores and the panel's agreed scores and reasons are in the "
        "moderation record.")
    table(document, ["Criterion", "Key criterion it serves", "Relative importance",
                     "Why this importance", "How it was taken into account"],
          [[c.title, _key_criterion(snapshot, c),
            "pass/fail" if c.kind == "pass_fail"
            else f"{snapshot.scheme.importance(c):g}%", c.importance_reason or TO_COMPLETE,
            _how(c)] for c in snapshot.scheme.criteria])


def _key_criterion(snapshot: Snapshot, criterion) -> str:
    if snapshot.regime != "psr":
        return "not applicable (Procurement Act 2023)"
    return KEY_CRITERIA.get(criterion.key_criterion or "", TO_COMPLETE)


def _how(criterion) -> str:
    if not criterion.rule_areas:
        return "scored by the panel alone against the descriptors"
    return (f"rules on {area_names(criterion.rule_areas)} ({1 - criterion.share:.0%}) blended "
            f"with the panel's agreed score ({criterion.share:.0%})")


def _evaluation(document: Document, snapshot: Snapshot) -> None:
    heading(document, "How the award criteria were evaluated", 1)
    for bid in snapshot.assessed_bids:
        heading(document, f"{bid.reference}: {bid.provider}", 2)
        standing = snapshot.standing(bid.reference)
        labelled(document, "Overall score (0-100)",
                 points(standing.overall if standing else None))
        assessment_table(document, snapshot, bid.reference)


def _selection(document: Document, snapshot: Snapshot, kind: str, title: str) -> None:
    heading(document, title, 1)
    rows = [[bid.reference, check.check, "met" if check.met else "not met", check.evidence]
            for bid in snapshot.assessed_bids for check in bid.selection if check.kind == kind]
    if rows:
        table(document, ["Bid", "Check", "Result", "Evidence"], rows)
    else:
        text(document, None)


def _ranking(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Ranking", 1)
    rows = [[str(s.rank), s.bid, snapshot.bid(s.bid).provider, points(s.overall),
             ", ".join(s.gates_failed) or "none"]
            for s in sorted(snapshot.ranking, key=lambda s: s.rank)]
    if rows:
        table(document, ["Rank", "Bid", "Provider", "Overall (0-100)",
                         "Minimum requirements failed"], rows)
    else:
        text(document, None)
