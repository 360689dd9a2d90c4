"""What to paste where on Find a Tender: one page, field by field.

Find a Tender (the central digital platform) takes notices through its own web forms, not
as files, so the notice's Word document cannot be uploaded. This sheet lists, in the order
the notice gives them, each item the form asks for and the exact text to paste, taken
from the same snapshot as the notice so the two never disagree.
"""

from __future__ import annotations

from docx.document import Document
from docx.shared import Pt

from documents.checks import panel_criteria
from documents.common import issued_selection_reasons, public_conflict_lines
from documents.common import public_management_lines as managed
from documents.docx_kit import (
    TO_COMPLETE,
    heading,
    in_words,
    issued_reason,
    start,
    table,
    text,
    traceability_section,
)
from documents.snapshot import Snapshot
from documents.standstill import NotAWorkingDay, standstill

TITLE = "What to paste where on Find a Tender"


def _value(value: int | None) -> str:
    return TO_COMPLETE if value is None else f"£{value:,}"


def _period(snapshot: Snapshot) -> tuple[str, str]:
    if snapshot.publication_date is None:
        return TO_COMPLETE, TO_COMPLETE
    try:
        period = standstill(snapshot.publication_date, snapshot.regime)
    except NotAWorkingDay as refused:
        return f"{TO_COMPLETE} {refused}", TO_COMPLETE
    return in_words(period.begins), f"midnight at the end of {in_words(period.ends)}"


def fields(snapshot: Snapshot) -> list[tuple[str, str]]:
    """(what the form asks for, what to paste), in the notice's order."""
    contract = snapshot.contract
    winner = snapshot.winner
    bid = snapshot.bid(winner.bid) if winner else None
    begins, ends = _period(snapshot)
    common = [
        ("Notice type", "Provider Selection Regime: intention to award (competitive process)"
         if snapshot.regime == "psr" else "Contract award notice (UK6)"),
        ("Contracting authority", contract.authority or TO_COMPLETE),
        ("Contract title", contract.title or TO_COMPLETE),
        ("Internal reference", contract.reference or TO_COMPLETE),
        ("Description", contract.description or TO_COMPLETE),
        ("Main CPV code", contract.cpv_code or TO_COMPLETE),
        ("Estimated total value", _value(contract.lifetime_value)),
        ("Supplier name", bid.provider if bid else TO_COMPLETE),
        ("Supplier address", (bid.registered_office if bid else "") or TO_COMPLETE),
    ]
    if snapshot.regime == "procurement_act":
        return [
            *common,
            ("Supplier unique identifier", (bid.identifier if bid else "") or TO_COMPLETE),
            ("Assessment summaries sent on", in_words(snapshot.summaries_sent_on)),
            ("Standstill starts", begins),
            ("Standstill ends", ends),
        ]
    reasons = issued_selection_reasons(snapshot)
    if winner is not None:
        reasons += " " + " ".join(f"{c.title}: {issued_reason(snapshot.agreed(winner.bid, c.id))}"
                                  for c in panel_criteria(snapshot))
    return [
        *common,
        ("Framework", contract.framework_details if contract.framework else "Not a framework"),
        ("Decision-makers", snapshot.decision.body or TO_COMPLETE),
        ("Reasons for selecting the provider (key criteria)", reasons),
        ("Conflicts of interest declared", " ".join(public_conflict_lines(snapshot))
         or TO_COMPLETE),
        ("How conflicts were managed", " ".join(managed(snapshot))
         or "No conflict was declared, so none needed managing."),
        ("Standstill starts", begins),
        ("Standstill ends (representations by)", ends),
        ("Where to send representations", snapshot.representations_to or TO_COMPLETE),
    ]


def fts_helper(snapshot: Snapshot, *, final: bool = False) -> Document:
    """One page: each field of the Find a Tender form and the text to paste into it."""
    document = start(snapshot, TITLE, final=final)
    heading(document, "Fields to paste", 1)
    text(document, "Find a Tender takes the notice through its own form. Paste each value "
                   "below into the field named on its left, in this order; check the "
                   "published notice against this sheet.")
    table(document, ["Field on the form", "What to paste"], fields(snapshot))
    traceability_section(document, snapshot, final=final, bids=())
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(9)
    return document
