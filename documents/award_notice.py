"""The notice a regime requires before the contract is entered into.

PSR: the notice of intention to award (reg 11(10), Schedule 10), one heading per
paragraph of Schedule 10 in its order, so a reader (or the Panel) can check it item by
item. Procurement Act 2023: the contract award notice (Procurement Regulations 2024
reg 27), published after the assessment summaries are sent (s.50(3)). Both are public:
they name roles, never officers or service-user representatives, and no unsuccessful
bidder.
"""

from __future__ import annotations

from docx.document import Document

from documents.checks import panel_criteria
from documents.common import (
    issued_selection_reasons,
    public_conflict_lines,
    public_decision_makers,
    public_management_lines,
    standstill_section,
)
from documents.docx_kit import (
    TO_COMPLETE,
    bullets,
    heading,
    in_words,
    issued_reason,
    labelled,
    scheme_section,
    start,
    table,
    text,
    traceability_section,
)
from documents.snapshot import Bid, Snapshot

TITLES = {"psr": "Notice of intention to award a contract (PSR Schedule 10)",
          "procurement_act": "Contract award notice (Procurement Regulations 2024 reg 27)"}


def award_notice(snapshot: Snapshot, *, final: bool = False) -> Document:
    """The regime's notice: Schedule 10 under the PSR, a reg 27 notice under the Act."""
    if snapshot.regime == "procurement_act":
        return contract_award_notice(snapshot, final=final)
    return intention_to_award(snapshot, final=final)


def _chosen(snapshot: Snapshot) -> Bid | None:
    winner = snapshot.winner
    return snapshot.bid(winner.bid) if winner else None


def intention_to_award(snapshot: Snapshot, *, final: bool = False) -> Document:
    """The PSR notice of intention to award the contract to the first-ranked provider."""
    document = start(snapshot, TITLES["psr"], final=final)
    contract = snapshot.contract
    bid = _chosen(snapshot)
    heading(document, "Intention to award", 1)
    text(document, f"{contract.authority} intends to award the contract below to the provider "
                   "named in this notice, following the competitive process of the Health Care "
                   "Services (Provider Selection Regime) Regulations 2023.")
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
    public_decision_makers(document, snapshot)
    _reasons(document, snapshot)
    heading(document, "Declared conflicts of interest", 1)
    bullets(document, public_conflict_lines(snapshot), TO_COMPLETE)
    heading(document, "How conflicts were managed", 1)
    bullets(document, public_management_lines(snapshot),
            "No conflict was declared, so none needed managing.")
    heading(document, "Framework agreement", 1)
    text(document, "A framework agreement was used." if contract.framework
         else "No framework agreement was used.")
    heading(document, "Standstill period", 1)
    standstill_section(document, snapshot)
    scheme_section(document, snapshot)
    traceability_section(document, snapshot, final=final, bids=())
    return document


def _reasons(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Reasons for selecting the provider", 1)
    text(document, issued_selection_reasons(snapshot))
    winner = snapshot.winner
    if winner is None:
        return
    text(document, "With reference to each key criterion:")
    table(document, ["Key criterion", "Relative importance", "The panel's reason"],
          [[c.title, f"{snapshot.scheme.importance(c):g}%",
            issued_reason(snapshot.agreed(winner.bid, c.id))] for c in panel_criteria(snapshot)])


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def contract_award_notice(snapshot: Snapshot, *, final: bool = False) -> Document:
    """The Procurement Act contract award notice for the most advantageous tender."""
    document = start(snapshot, TITLES["procurement_act"], final=final)
    contract = snapshot.contract
    bid = _chosen(snapshot)
    heading(document, "Contracting authority", 1)
    labelled(document, "Name", contract.authority)
    heading(document, "Contract title and reference", 1)
    labelled(document, "Title", contract.title)
    labelled(document, "Reference", contract.reference)
    heading(document, "Subject-matter", 1)
    text(document, contract.description)
    labelled(document, "CPV code", contract.cpv_code)
    labelled(document, "Approximate value", None if contract.lifetime_value is None
             else f"£{contract.lifetime_value:,}")
    if contract.term:
        labelled(document, "Term", contract.term)
    heading(document, "Supplier", 1)
    labelled(document, "Name", bid and bid.provider)
    labelled(document, "Address", bid and bid.registered_office)
    labelled(document, "Unique identifier", bid and bid.identifier)
    labelled(document, "Consortium", bid and _yes_no(bid.consortium))
    labelled(document, "Small or medium-sized enterprise", bid and _yes_no(bid.sme))
    labelled(document, "Voluntary, community or social enterprise, or mutual",
             bid and _yes_no(bid.vcse))
    heading(document, "Assessment summaries", 1)
    labelled(document, "Sent to every assessed supplier on",
             in_words(snapshot.summaries_sent_on) if snapshot.summaries_sent_on else None)
    text(document, "Each supplier whose tender was assessed was sent its assessment summary "
                   "before this notice was published (Procurement Act 2023 s.50(3)).")
    heading(document, "Standstill period", 1)
    standstill_section(document, snapshot)
    scheme_section(document, snapshot)
    traceability_section(document, snapshot, final=final, bids=())
    return document
