"""What each decision document must contain, item by item, with its legal source.

The contract is shared/award-records.md. Each item names the heading under which the
document gives it: the writers use these headings, the completeness check looks for
them (and for anything left to complete beneath them), and the checklist tests read
the saved .docx back and find every one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One thing a document must contain, where the law or case law asks for it."""

    requirement: str
    source: str
    heading: str


TRACEABILITY = Item(
    "The evaluation id, the bid files' digests, the scheme and the audit chain head",
    "evaluation.md (Audit); issue 11 (traceability)", "Where this document comes from")
SCHEME = Item("The scoring scheme: criteria, relative importance, descriptors, gates",
              "Procurement Act 2023 s.50, reg 31(b); evaluation.md (Criteria)", "Scoring scheme")

MODERATION_RECORD: tuple[Item, ...] = (
    Item("Panel members, roles and date", "reg 21; good practice", "Panel members and roles"),
    Item("Conflicts declared, including nil returns, and the action taken",
         "PSR reg 21; good practice", "Declarations of interest"),
    Item("Each evaluator's independent score and note, kept unchanged",
         "Woods; Braceurself CA 2024", "Evaluators' independent scores and notes"),
    Item("Consensus score per criterion, with a reason saying why this score against the "
         "descriptors and the tender, including why full marks were not given",
         "Lancashire Care; PR 2024 reg 31; OCS v CHP", "Consensus score and reason"),
    Item("Confirmation that every criterion was discussed, and the points that decided it",
         "Lancashire Care", "Every criterion discussed"),
    Item("Each score change logged with who changed it and why", "Lancashire Care",
         "Score changes"),
    Item("Reasons judged against the criteria, not bid against bid; no paraphrase of the "
         "criterion", "Lancashire Care; Woods", "Checks on the reasons"),
    Item("The panel's reading of key facts in the bid, assumptions, clarifications sought",
         "Braceurself 2022", "Key facts, assumptions and clarifications"),
    Item("Service-user views and the panel's response", "evaluation.md (Service-user views)",
         "Service-user views and the panel's response"),
    Item("Margins of one mark or less called out", "Braceurself 2022; award-records.md §5",
         "Close margins"),
    Item("The panel reviews and signs off the final record", "Lancashire Care", "Sign-off"),
    SCHEME,
    TRACEABILITY,
)

DECISION_RECORD: tuple[Item, ...] = (
    Item("Names of the providers awarded the contract and their registered offices",
         "PSR reg 24(a)-(c)", "Provider awarded the contract"),
    Item("The decision-making process followed", "PSR reg 24(d)", "Decision-making process"),
    Item("The identity of the individuals making the decision", "PSR reg 24(d)",
         "Decision-makers"),
    Item("How the key criteria were taken into account, with their relative importance and "
         "why", "PSR reg 24(e)-(f), reg 5; statutory guidance", "Key criteria and relative "
         "importance"),
    Item("How the contract award criteria were evaluated", "PSR reg 24(f)",
         "How the award criteria were evaluated"),
    Item("The basic selection criteria, as assessed", "PSR reg 19, Sch 16",
         "Basic selection criteria"),
    Item("Exclusion and debarment checks", "PSR regs 20-20D (SI 2025/163)",
         "Exclusion and debarment checks"),
    Item("Declared conflicts of interest, including nil returns, and how each was managed",
         "PSR reg 21", "Conflicts of interest and how they were managed"),
    Item("The ranking and the minimum requirements each bid failed", "good practice",
         "Ranking"),
    Item("The reasons for the decision", "PSR reg 24(g)", "Reasons for the decision"),
    SCHEME,
    TRACEABILITY,
)

AWARD_NOTICE: tuple[Item, ...] = (
    Item("A statement that the authority intends to award under this process",
         "PSR Sch 10 para 1", "Intention to award"),
    Item("The contract title and reference", "PSR Sch 10 para 2",
         "Contract title and reference"),
    Item("The provider's name and registered office or principal place of business",
         "PSR Sch 10 para 3", "Provider"),
    Item("A description of the services, with the most relevant CPV code", "PSR Sch 10 para 4",
         "Services and CPV code"),
    Item("For a framework only: its duration and which authorities may use it",
         "PSR Sch 10 para 5", "Framework duration and users"),
    Item("The approximate lifetime value", "PSR Sch 10 para 6", "Approximate lifetime value"),
    Item("Details of the decision-makers (a committee or job titles will do)",
         "PSR Sch 10 para 7", "Decision-makers"),
    Item("The decision-makers' reasons for selecting the provider, with reference to the key "
         "criteria", "PSR Sch 10 para 8", "Reasons for selecting the provider"),
    Item("Declared conflicts or potential conflicts of interest", "PSR Sch 10 para 9",
         "Declared conflicts of interest"),
    Item("How those conflicts were managed", "PSR Sch 10 para 10", "How conflicts were managed"),
    Item("Whether a framework agreement was used", "PSR Sch 10 para 11",
         "Framework agreement"),
    Item("The standstill period and its end", "PSR reg 12; Procurement Act 2023 s.51",
         "Standstill period"),
    SCHEME,
    TRACEABILITY,
)

ASSESSMENT_SUMMARY: tuple[Item, ...] = (
    Item("The supplier's name, addresses and unique identifier", "PR 2024 reg 31(a)",
         "Supplier"),
    Item("The award criteria: title, relative importance, scoring method, available scores, "
         "and where the full text is", "PR 2024 reg 31(b)", "Award criteria"),
    Item("Each criterion's score, explained by reference to the tender", "PR 2024 reg 31(c)",
         "Scores and reasons"),
    Item("Total and sub-total scores", "PR 2024 reg 31(d)", "Total score"),
    Item("For a losing supplier, why its tender was not the most advantageous",
         "Procurement Act 2023 s.50(4)", "Why this tender was not the most advantageous"),
    Item("For a losing supplier, the assessment of the most advantageous tender",
         "Procurement Act 2023 s.50(4)(b)", "Assessment of the most advantageous tender"),
    Item("The standstill period and its end", "Procurement Act 2023 s.51; PSR reg 12",
         "Standstill period"),
    SCHEME,
    TRACEABILITY,
)

CONSULTATION_SUMMARY: tuple[Item, ...] = (
    Item("What was decided, in everyday words", "issue 11", "What we decided"),
    Item("Why, in everyday words", "issue 11", "Why we chose this service"),
    Item("How bids were judged", "issue 11; evaluation.md (Criteria)", "How we judged the bids"),
    Item("What service-user representatives said", "evaluation.md (Service-user views)",
         "What people with lived experience told us"),
    Item("What the panel did about it", "evaluation.md (Service-user views)",
         "What the panel did about it"),
    Item("What happens next", "PSR reg 12; issue 11", "What happens next"),
    TRACEABILITY,
)

CHECKLISTS: dict[str, tuple[Item, ...]] = {
    "moderation_record": MODERATION_RECORD,
    "decision_record": DECISION_RECORD,
    "award_notice": AWARD_NOTICE,
    "assessment_summary": ASSESSMENT_SUMMARY,
    "consultation_summary": CONSULTATION_SUMMARY,
}
