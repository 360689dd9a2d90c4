"""The notice of intention to award (PSR reg 11(10), Schedule 10), with its standstill.

One heading per paragraph of Schedule 10, in its order, so a reader (or the Panel) can
check it item by item.
"""

from __future__ import annotations

from docx.document import Document

from documents.checks import panel_criteria
from documents.common import (
    conflict_lines,
    decision_makers,
    management_lines,
    selection_reasons,
    standstill,
)
from documents.docx_kit import (
    TO_COMPLETE,
    bullets,
    heading,
    labelled,
    reason_text,
    scheme_section,
    start,
    table,
    text,
    traceability_section,
)
from documents.snapshot import REGIME_NAMES, Snapshot


def award_notice(snapshot: Snapshot, *, final: bool = False) -> Document:
    """The notice of intention to award the contract to the first-ranked provider."""
    document = start(snapshot, "Notice of intention to award", final=final)
    contract = snapshot.contract
    winner = snapshot.winner
    bid = snapshot.bid(winner.bid) if winner else None
    heading(document, "Intention to award", 1)
    text(document, f"{contract.authority} intends to award the contract below to the provider "
                   f"named in this notice, following {REGIME_NAMES[snapshot.regime]}.")
    heading(document, "Contract title and reference", 1)
    labelled(document, "Title", contract.title)
    labelled(document, "Reference", contract.reference)
    heading(document, "Provider", 1)
    labelled(document, "Name", bid and bid.provider)
    labelled(document, "Registered office or principal place of business",
             bid and bid.registered_office)
    heading(document, "Services and CPV code", 1)
    text(document, contract.description)
    labelled(document, "CPV code", contract.cpv_code)
    heading(document, "Framework duration and users", 1)
    text(document, contract.framework_details if contract.framework
         else "Not applicable: the contract is not a framework agreement.")
    heading(document, "Approximate lifetime value", 1)
    labelled(document, "Value", None if contract.lifetime_value is None
             else f"£{contract.lifetime_value:,}")
    if contract.term:
        labelled(document, "Term", contract.term)
    heading(document, "Decision-makers", 1)
    decision_makers(document, snapshot)
    _reasons(document, snapshot)
    heading(document, "Declared conflicts of interest", 1)
    bullets(document, conflict_lines(snapshot), TO_COMPLETE)
    heading(document, "How conflicts were managed", 1)
    bullets(document, management_lines(snapshot),
            "No conflict was declared, so none needed managing.")
    heading(document, "Framework agreement", 1)
    text(document, "A framework agreement was used." if contract.framework
         else "No framework agreement was used.")
    heading(document, "Standstill period", 1)
    standstill(document, snapshot)
    scheme_section(document, snapshot)
    traceability_section(document, snapshot, final=final)
    return document


def _reasons(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Reasons for selecting the provider", 1)
    text(document, selection_reasons(snapshot))
    winner = snapshot.winner
    if winner is None:
        return
    document.add_paragraph("With reference to each key criterion:")
    table(document, ["Key criterion", "Relative importance", "The panel's reason"],
          [[c.title, f"{snapshot.scheme.importance(c):g}%",
            reason_text(snapshot.agreed(winner.bid, c.id))] for c in panel_criteria(snapshot)])
