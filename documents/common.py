"""Statements several documents make in the same words: conflicts, decision-makers, the
standstill, and each bid's agreed scores with their reasons."""

from __future__ import annotations

from docx.document import Document

from documents.checks import panel_criteria
from documents.docx_kit import (
    DRAFTED,
    TO_COMPLETE,
    bullets,
    labelled,
    points,
    reason_text,
    score_words,
    table,
)
from documents.snapshot import ROLE_NAMES, Snapshot
from documents.standstill import COUNTING, standstill_end


def conflict_lines(snapshot: Snapshot) -> list[str]:
    """Each declaration in words, nil returns included."""
    roles = {m.name: ROLE_NAMES[m.role] for m in snapshot.members}
    lines = []
    for declaration in snapshot.declarations:
        who = f"{declaration.member} ({roles.get(declaration.member, 'member')})"
        if declaration.nil_return:
            lines.append(f"{who}: nil return, {declaration.declared_at.date().isoformat()}")
        else:
            lines.append(f"{who}: declared a conflict with {', '.join(declaration.conflicts)} "
                         f"on {declaration.declared_at.date().isoformat()}")
    return lines


def management_lines(snapshot: Snapshot) -> list[str]:
    return [f"{d.member}: {d.action or TO_COMPLETE}" for d in snapshot.declarations
            if d.conflicts]


def decision_makers(document: Document, snapshot: Snapshot) -> None:
    bullets(document, snapshot.decision.decided_by, TO_COMPLETE)
    decided_at = snapshot.decision.decided_at
    labelled(document, "Decided on",
             decided_at.date().isoformat() if decided_at else "not yet decided")


def standstill(document: Document, snapshot: Snapshot) -> None:
    """The standstill end counted as the regime says, or what is missing to count it."""
    published = snapshot.publication_date
    labelled(document, "Notice published on", published.isoformat() if published else None)
    if published is None:
        labelled(document, "Standstill ends", None)
        return
    end = standstill_end(published, snapshot.regime)
    labelled(document, "Standstill ends", f"at midnight at the end of {end:%A %-d %B %Y}")
    labelled(document, "How it is counted", f"{COUNTING[snapshot.regime]}; weekends and "
             "England and Wales bank holidays are not working days")
    document.add_paragraph(
        f"Representations must reach {snapshot.contract.authority} before midnight at the end "
        f"of {end:%A %-d %B %Y}. The contract will not be entered into before then.")


def assessment_table(document: Document, snapshot: Snapshot, reference: str) -> None:
    """One bid's agreed score, criterion score and reason on every criterion the panel scores."""
    standing = snapshot.standing(reference)
    scores = standing.criterion_scores if standing else {}
    rows = []
    for criterion in panel_criteria(snapshot):
        agreed = snapshot.agreed(reference, criterion.id)
        rows.append([criterion.title, score_words(snapshot, criterion, agreed and agreed.score),
                     points(scores.get(criterion.id)), reason_text(agreed)])
    table(document, ["Criterion", "Agreed panel score", "Criterion score (0-100)", "Reason"],
          rows)


def selection_reasons(snapshot: Snapshot) -> str:
    """The decision-makers' reasons for selecting the provider; drafted ones are marked."""
    decision = snapshot.decision
    if not decision.reasons.strip():
        return TO_COMPLETE
    if decision.reasons_status == "drafted":
        return f"{DRAFTED} {decision.reasons}"
    return decision.reasons
