"""The letter to each bidder whose tender was assessed.

PSR: the reg 11(8)(b) letter (Schedule 9): the contract's title and reference, the award
criteria, why the selected provider was chosen and why this provider was not, and the
standstill's start and end. Procurement Act 2023: the assessment summary (s.50, PR 2024
reg 31), sent before the contract award notice with its sent date recorded: the
supplier's postal and e-mail address and platform identifier, the criteria, each score
explained by the tender, totals, and for a losing supplier why it lost and how the most
advantageous tender was assessed.

A letter names only its recipient and the selected provider: no other bidder, file name
or digest of another bid, no evaluator, individual score or note, and no output of the
tool's models. Parts of the selected provider's assessment withheld as sensitive
commercial information are marked, and the recipient is told (s.94).
"""

from __future__ import annotations

from docx.document import Document

from documents.checks import panel_criteria
from documents.common import WITHHELD, standstill_section, winner_table
from documents.docx_kit import (
    TO_COMPLETE,
    area_names,
    heading,
    issued_reason,
    labelled,
    points,
    scheme_section,
    score_words,
    start,
    table,
    text,
    traceability_section,
)
from documents.plain import without_model_figures
from documents.snapshot import Bid, Snapshot

NOT_APPLICABLE = "Not applicable: this bid was selected (the most advantageous tender)."
WHY_NOT = "Why this bid was not selected"
SELECTED = "The selected provider's assessment"
TITLES = {"psr": "Outcome of the competitive process: letter to {provider}",
          "procurement_act": "Assessment summary for {provider}"}


def assessment_summary(snapshot: Snapshot, reference: str, *, final: bool = False) -> Document:
    """The letter (PSR) or assessment summary (Act) sent to the supplier of bid `reference`."""
    bid = snapshot.bid(reference)
    act = snapshot.regime == "procurement_act"
    document = start(snapshot, TITLES[snapshot.regime].format(provider=bid.provider),
                     final=final)
    heading(document, "Supplier", 1)
    labelled(document, "Name", bid.provider)
    labelled(document, "Postal address", bid.registered_office)
    if act:
        labelled(document, "E-mail address", bid.email)
    labelled(document, "Unique identifier", bid.identifier)
    labelled(document, "Your bid reference", bid.reference)
    _criteria(document, snapshot)
    _scores(document, snapshot, bid)
    _total(document, snapshot, bid)
    _why_not(document, snapshot, bid)
    heading(document, SELECTED, 1)
    winner = snapshot.winner
    if winner is None or winner.bid == reference:
        text(document, NOT_APPLICABLE if winner else
             "No tender met every minimum requirement, so none is the most advantageous.")
    else:
        labelled(document, "Selected provider", snapshot.bid(winner.bid).provider)
        labelled(document, "Overall score (0-100)", points(winner.overall))
        winner_table(document, snapshot, withhold=True)
        _withheld(document, snapshot)
    heading(document, "Standstill period", 1)
    standstill_section(document, snapshot)
    if act:
        text(document, "This assessment summary is sent before the contract award notice is "
                       "published (Procurement Act 2023 s.50(3)); the date it was sent is "
                       "recorded with the award.")
    scheme_section(document, snapshot)
    traceability_section(document, snapshot, final=final, bids=(bid,))
    return document


def _withheld(document: Document, snapshot: Snapshot) -> None:
    if not snapshot.withheld:
        return
    titles = {c.id: c.title for c in snapshot.scheme.criteria}
    law = ("section 94 of the Procurement Act 2023"
           if snapshot.regime == "procurement_act" else "the law on commercial confidentiality")
    text(document, f"Parts of the selected provider's assessment marked {WITHHELD} are not "
                   "given in this letter because they are sensitive commercial information, "
                   f"which {law} allows us to withhold: "
                   + "; ".join(f"{titles.get(w.criterion, w.criterion)} ({w.why})"
                               for w in snapshot.withheld) + ".")


def _criteria(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Award criteria", 1)
    table(document, ["Criterion", "Relative importance", "Scoring method", "Available scores"],
          [[c.title, "pass/fail" if c.kind == "pass_fail"
            else f"{snapshot.scheme.importance(c):g}%", _method(c),
            "; ".join(f"{score} {words.split(':')[0]}"
                      for score, words in snapshot.scheme.scores_available(c).items())]
           for c in snapshot.scheme.criteria])
    labelled(document, "Full text of the criteria", snapshot.scheme.full_text_at
             or "the scoring scheme at the end of this letter")


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
        labelled(document, "Reason", issued_reason(agreed))
        flags = snapshot.flags_for(bid.reference, criterion)
        if flags:
            text(document, "What the published rules found in your tender "
                                   "(workbook cells in brackets):")
            for flag in flags:
                text(document, f"{without_model_figures(flag.message, flag.rule)} "
                                       f"({', '.join(flag.cells)})")


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


def _why_not(document: Document, snapshot: Snapshot, bid: Bid) -> None:
    heading(document, WHY_NOT, 1)
    winner = snapshot.winner
    if winner is not None and winner.bid == bid.reference:
        text(document, NOT_APPLICABLE)
        return
    gates = {g.rule: g for g in snapshot.scheme.gates}
    if bid.gates_failed:
        text(document, "The tender does not meet these minimum requirements, so it could not "
                       "be selected, whatever its score:")
        for rule in bid.gates_failed:
            text(document, f"{gates[rule].requirement} ({rule})" if rule in gates
                                   else rule)
    if winner is None:
        return
    ours = snapshot.standing(bid.reference)
    text(document, f"Its overall score was {points(ours.overall if ours else None)} of 100; "
                   f"the selected provider, {snapshot.bid(winner.bid).provider}, scored "
                   f"{points(winner.overall)}.")
    lost = []
    for criterion in panel_criteria(snapshot):
        mine = snapshot.agreed(bid.reference, criterion.id)
        if mine is not None and mine.score < 4:
            lost.append(f"{criterion.title}: agreed {mine.score} of 4. {issued_reason(mine)}")
    if lost:
        text(document, "Where it fell short of full marks, and why:")
        for line in lost:
            text(document, line)
    elif not bid.gates_failed:
        text(document, TO_COMPLETE)
