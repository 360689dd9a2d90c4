"""The assessment summary for one assessed tender (Procurement Act 2023 s.50, PR 2024
reg 31): its scores explained by the tender, and for a losing supplier why it lost and
how the most advantageous tender was assessed.
"""

from __future__ import annotations

from docx.document import Document

from documents.checks import panel_criteria
from documents.common import assessment_table, standstill
from documents.docx_kit import (
    area_names,
    bullets,
    heading,
    labelled,
    points,
    reason_text,
    scheme_section,
    score_words,
    start,
    table,
    text,
    traceability_section,
)
from documents.snapshot import Bid, Snapshot

NOT_APPLICABLE = "Not applicable: this tender is the most advantageous tender."


def assessment_summary(snapshot: Snapshot, reference: str, *, final: bool = False) -> Document:
    """The assessment summary sent to the supplier of bid `reference`."""
    bid = snapshot.bid(reference)
    document = start(snapshot, f"Assessment summary: {bid.provider}", final=final)
    heading(document, "Supplier", 1)
    labelled(document, "Name", bid.provider)
    labelled(document, "Address", bid.registered_office)
    labelled(document, "Unique identifier", bid.identifier)
    labelled(document, "Bid reference", bid.reference)
    _criteria(document, snapshot)
    _scores(document, snapshot, bid)
    _total(document, snapshot, bid)
    _why_not(document, snapshot, bid)
    heading(document, "Assessment of the most advantageous tender", 1)
    winner = snapshot.winner
    if winner is None or winner.bid == reference:
        text(document, NOT_APPLICABLE if winner else
             "No tender met every minimum requirement, so none is the most advantageous.")
    else:
        labelled(document, "Supplier", snapshot.bid(winner.bid).provider)
        labelled(document, "Overall score (0-100)", points(winner.overall))
        assessment_table(document, snapshot, winner.bid)
    heading(document, "Standstill period", 1)
    standstill(document, snapshot)
    scheme_section(document, snapshot)
    traceability_section(document, snapshot, final=final)
    return document


def _criteria(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Award criteria", 1)
    table(document, ["Criterion", "Relative importance", "Scoring method", "Available scores"],
          [[c.title, "pass/fail" if c.kind == "pass_fail"
            else f"{snapshot.scheme.importance(c):g}%", _method(c),
            "; ".join(f"{score} {words.split(':')[0]}"
                      for score, words in snapshot.scheme.scores_available(c).items())]
           for c in snapshot.scheme.criteria])
    labelled(document, "Full text of the criteria", snapshot.scheme.full_text_at
             or "the scoring scheme at the end of this summary")


def _method(criterion) -> str:
    if not criterion.rule_areas:
        return "the panel's agreed score against the descriptors, as 0-100"
    return (f"{1 - criterion.share:.0%} the published rules' score on "
            f"{area_names(criterion.rule_areas)}, {criterion.share:.0%} the panel's agreed "
            "score against the descriptors")


def _scores(document: Document, snapshot: Snapshot, bid: Bid) -> None:
    heading(document, "Scores and reasons", 1)
    standing = snapshot.standing(bid.reference)
    for criterion in panel_criteria(snapshot):
        heading(document, criterion.title, 2)
        agreed = snapshot.agreed(bid.reference, criterion.id)
        labelled(document, "Agreed panel score",
                 score_words(snapshot, criterion, agreed and agreed.score))
        if criterion.rule_areas:
            labelled(document, "Rule score (0-100)",
                     points(bid.rule_scores.get(criterion.id)))
        labelled(document, "Criterion score (0-100)",
                 points(standing.criterion_scores.get(criterion.id) if standing else None))
        labelled(document, "Reason", reason_text(agreed))
        flags = snapshot.flags_for(bid.reference, criterion)
        if flags:
            document.add_paragraph("What the rules found in the tender:")
            bullets(document, (f"{f.message} (workbook cells {', '.join(f.cells)})"
                               for f in flags), "")


def _total(document: Document, snapshot: Snapshot, bid: Bid) -> None:
    heading(document, "Total score", 1)
    standing = snapshot.standing(bid.reference)
    scores = standing.criterion_scores if standing else {}
    rows = []
    for criterion in snapshot.scheme.criteria:
        importance = snapshot.scheme.importance(criterion)
        score = scores.get(criterion.id)
        rows.append([criterion.title, points(score), f"{importance:g}%",
                     points(None if score is None else score * importance / 100)])
    table(document, ["Criterion", "Criterion score (0-100)", "Relative importance",
                     "Contribution to the total"], rows)
    labelled(document, "Overall score (0-100)", points(standing.overall if standing else None))
    labelled(document, "Rank", f"{standing.rank} of {len(snapshot.ranking)}" if standing
             else None)


def _why_not(document: Document, snapshot: Snapshot, bid: Bid) -> None:
    heading(document, "Why this tender was not the most advantageous", 1)
    winner = snapshot.winner
    if winner is not None and winner.bid == bid.reference:
        text(document, NOT_APPLICABLE)
        return
    gates = {g.rule: g for g in snapshot.scheme.gates}
    if bid.gates_failed:
        text(document, "The tender does not meet these minimum requirements, so it ranks "
                       "below every tender that meets them all, whatever its score:")
        bullets(document, (f"{gates[rule].requirement} ({rule})" if rule in gates else rule
                           for rule in bid.gates_failed), "")
    if winner is None:
        return
    ours, theirs = snapshot.standing(bid.reference), winner
    text(document, f"Its overall score was {points(ours.overall if ours else None)} of 100; "
                   f"the most advantageous tender scored {points(theirs.overall)}.")
    lost = []
    for criterion in panel_criteria(snapshot):
        mine = snapshot.agreed(bid.reference, criterion.id)
        if mine is not None and mine.score < 4:
            lost.append(f"{criterion.title}: agreed {mine.score} of 4. "
                        f"{reason_text(mine)}")
    if lost:
        document.add_paragraph("Where it fell short of full marks, and why:")
        bullets(document, lost, "")
