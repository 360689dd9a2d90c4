"""What each decision document must contain, item by item, with its legal source.

The sources are those of award-records.md as corrected by its §6 rulings (2026-12-04):
PSR Schedule 10 (11 paragraphs, heading "Regulation 11(10)"); PSR reg 12(2)-(3) for the
standstill; PSR reg 24 cited without the unread lettering past (f); no PSR reg 31 (the
PSR has 29 regulations: reg 31 is the Procurement Regulations 2024's); the Procurement
Act's own documents (reg 27 contract award notice, reg 31 assessment summaries, s.50(3),
s.51, s.94). Each item names the heading under which the document gives it: the writers
use these headings, the completeness check looks for them (and for anything left to
complete beneath them), and each document's test reads the saved .docx back and finds
every one.
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
    "The contract, the evaluation id, the scheme, the audit chain head and the bid files "
    "this document may name", "evaluation.md (Audit); award-records.md §6 (Form)",
    "Where this document comes from")
SCHEME = Item("The scoring scheme: criteria, relative importance, descriptors, gates",
              "PSR reg 11 and Sch 10 para 8; PR 2024 reg 31(2); evaluation.md (Criteria)",
              "Scoring scheme")
PSR_STANDSTILL = Item(
    "The standstill's start and end (8 working days after the day it begins), where to "
    "send representations, and that it stays open if they arrive",
    "PSR reg 12(2)-(4); award-records.md §6", "Standstill period")
ACT_STANDSTILL = Item(
    "The standstill's start and end (8 working days beginning with publication; UK-wide "
    "bank holidays) and that the remedy is proceedings", "Procurement Act 2023 s.51, s.123",
    "Standstill period")

MODERATION_RECORD: tuple[Item, ...] = (
    Item("Panel members, roles and date", "PSR reg 21; good practice",
         "Panel members and roles"),
    Item("Conflicts declared, including nil returns, and the action taken",
         "PSR reg 21; good practice", "Declarations of interest"),
    Item("Each evaluator's independent score and note, kept unchanged",
         "Woods; Braceurself CA 2024", "Evaluators' independent scores and notes"),
    Item("Consensus score per criterion, with the panel's own reason saying why this score "
         "against the descriptors and the tender, including why full marks were not given",
         "Lancashire Care; OCS v CHP; award-records.md §6", "Consensus score and reason"),
    Item("An agreed score recorded for every bid on every criterion (the panel confirms the "
         "discussion by signing)", "Lancashire Care",
         "Agreed score recorded for every bid on every criterion"),
    Item("Each score change logged with who changed it and why", "Lancashire Care",
         "Score changes"),
    Item("Reasons judged against the criteria, not bid against bid; no paraphrase of the "
         "criterion; no copied reasons; disagreements answered", "Lancashire Care; Woods; "
         "award-records.md §6", "Checks on the reasons"),
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


def _decision_record(source: str, criteria: str, selection: str, exclusion: str
                     ) -> tuple[Item, ...]:
    return (
        Item("Names of the providers awarded the contract and their registered offices",
             f"{source}", "Provider awarded the contract"),
        Item("The decision-making process followed", f"{source}", "Decision-making process"),
        Item("The individuals making the decision, each with their own declaration of "
             "interests, and the instrument and date of the decision",
             f"{source}; award-records.md §6", "Decision-makers"),
        Item("How the key criteria were taken into account, with their relative importance "
             "and why", criteria,
             "Key criteria and relative importance"),
        Item("How the contract award criteria were evaluated", f"{source}",
             "How the award criteria were evaluated"),
        Item("The basic selection criteria, as assessed", selection,
             "Basic selection criteria"),
        Item("Exclusion and debarment checks", exclusion, "Exclusion and debarment checks"),
        Item("Declared conflicts of interest, including nil returns, and how each was "
             "managed", "PSR reg 21", "Conflicts of interest and how they were managed"),
        Item("The ranking and the minimum requirements each bid failed", "good practice",
             "Ranking"),
        Item("The reasons for the decision", f"{source}", "Reasons for the decision"),
        SCHEME,
        TRACEABILITY,
    )


PSR_NOTICE: tuple[Item, ...] = (
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
    Item("Details of the decision-makers (a committee or job titles, no names)",
         "PSR Sch 10 para 7", "Decision-makers"),
    Item("The decision-makers' reasons for selecting the provider, with reference to the key "
         "criteria", "PSR Sch 10 para 8", "Reasons for selecting the provider"),
    Item("Declared conflicts or potential conflicts of interest", "PSR Sch 10 para 9",
         "Declared conflicts of interest"),
    Item("How those conflicts were managed", "PSR Sch 10 para 10", "How conflicts were managed"),
    Item("Whether a framework agreement was used", "PSR Sch 10 para 11",
         "Framework agreement"),
    PSR_STANDSTILL,
    SCHEME,
    TRACEABILITY,
)

ACT_NOTICE: tuple[Item, ...] = (
    Item("The contracting authority", "PR 2024 reg 27", "Contracting authority"),
    Item("The contract title and reference", "PR 2024 reg 27", "Contract title and reference"),
    Item("The subject-matter, CPV code and value", "PR 2024 reg 27", "Subject-matter"),
    Item("The supplier: name, address, unique identifier, whether a consortium, and SME and "
         "voluntary-sector or mutual status", "PR 2024 reg 27", "Supplier"),
    Item("The date the assessment summaries were sent, before this notice",
         "Procurement Act 2023 s.50(3)", "Assessment summaries"),
    ACT_STANDSTILL,
    SCHEME,
    TRACEABILITY,
)


def _letter(standstill: Item, letter: str, losing: str) -> tuple[Item, ...]:
    return (
        Item("The supplier's name, postal (and, under the Act, e-mail) address and unique "
             "identifier on the central digital platform", letter, "Supplier"),
        Item("The award criteria: title, relative importance, scoring method, available "
             "scores, and where the full text is", letter, "Award criteria"),
        Item("Each criterion's score, explained by reference to the tender", letter,
             "Scores and reasons"),
        Item("Total and sub-total scores", letter, "Total score"),
        Item("For a bid not selected, why it was not", losing, "Why this bid was not selected"),
        Item("For a bid not selected, why the selected provider was chosen (its assessment), "
             "with anything withheld marked", f"{losing}; Procurement Act 2023 s.94",
             "The selected provider's assessment"),
        standstill,
        SCHEME,
        TRACEABILITY,
    )


CONSULTATION_SUMMARY: tuple[Item, ...] = (
    Item("What was decided, in everyday words (\"we intend to\" while the standstill runs)",
         "award-records.md §6", "What we decided"),
    Item("Why, in everyday words", "issue 11", "Why we chose this service"),
    Item("How bids were judged", "issue 11; evaluation.md (Criteria)", "How we judged the bids"),
    Item("What service-user representatives said (quoted only with consent, never named)",
         "evaluation.md (Service-user views); award-records.md §6",
         "What people with lived experience told us"),
    Item("What the panel did about it", "evaluation.md (Service-user views)",
         "What the panel did about it"),
    Item("What happens next", "PSR reg 12; Procurement Act 2023 s.51", "What happens next"),
    TRACEABILITY,
)

FTS_HELPER: tuple[Item, ...] = (
    Item("Each field of the Find a Tender form with the text to paste",
         "PSR reg 11(10) and Sch 10; PR 2024 reg 27 (notices go through the central digital "
         "platform's forms)", "Fields to paste"),
    TRACEABILITY,
)

CHECKLISTS: dict[str, dict[str, tuple[Item, ...]]] = {
    "psr": {
        "moderation_record": MODERATION_RECORD,
        "decision_record": _decision_record(
            "PSR reg 24", "PSR reg 5, reg 24; statutory guidance", "PSR reg 19, Sch 16",
            "PSR regs 20-20D (SI 2025/163)"),
        "award_notice": PSR_NOTICE,
        "fts_helper": FTS_HELPER,
        "assessment_summary": _letter(PSR_STANDSTILL, "PSR reg 11(8)(b), Sch 9",
                                      "PSR reg 11(8)(b), Sch 9"),
        "consultation_summary": CONSULTATION_SUMMARY,
    },
    "procurement_act": {
        "moderation_record": MODERATION_RECORD,
        "decision_record": _decision_record(
            "Procurement Act 2023 s.98", "Procurement Act 2023 s.23",
            "Procurement Act 2023 s.22 (conditions of participation)",
            "Procurement Act 2023 ss.57-58 (exclusion and debarment)"),
        "award_notice": ACT_NOTICE,
        "fts_helper": FTS_HELPER,
        "assessment_summary": _letter(ACT_STANDSTILL, "PR 2024 reg 31(2)",
                                      "PR 2024 reg 31(3); Procurement Act 2023 s.50(4)"),
        "consultation_summary": CONSULTATION_SUMMARY,
    },
}
