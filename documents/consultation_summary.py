"""The plain-language summary for service users and the public: what was decided and
why, what people with lived experience said and what the panel did about it.

It names no money amount and no evaluator's score, and its sentences stay short
(`documents.plain`).
"""

from __future__ import annotations

from docx.document import Document

from documents.checks import panel_criteria
from documents.docx_kit import TO_COMPLETE, bullets, heading, start, text, traceability_section
from documents.plain import readability_problems, without_money
from documents.reading import sections
from documents.snapshot import Snapshot
from documents.standstill import standstill_end

VERDICT = {4: "excellent", 3: "good", 2: "acceptable", 1: "poor", 0: "not acceptable"}
TRACEABILITY_HEADING = "Where this document comes from"


def consultation_summary(snapshot: Snapshot, *, final: bool = False) -> Document:
    """The summary of the decision for service users and the public."""
    document = start(snapshot, "Our decision, in plain words", final=final)
    _decided(document, snapshot)
    _why(document, snapshot)
    _how(document, snapshot)
    _views(document, snapshot)
    _next(document, snapshot)
    traceability_section(document, snapshot, final=final)
    return document


def _decided(document: Document, snapshot: Snapshot) -> None:
    heading(document, "What we decided", 1)
    winner = snapshot.winner
    provider = snapshot.bid(winner.bid).provider if winner else None
    if not snapshot.ranking:
        text(document, None)
    elif provider is None:
        text(document, "No bid met all our minimum requirements. We have not chosen anyone.")
    elif snapshot.decided:
        text(document, f"We have chosen {provider} to run {snapshot.service}.")
    else:
        text(document, f"The panel is minded to choose {provider} to run {snapshot.service}. "
                       "This is not final yet.")
    text(document, f"We looked at {len(snapshot.bids)} bids.")


def _why(document: Document, snapshot: Snapshot) -> None:
    heading(document, "Why we chose this service", 1)
    winner = snapshot.winner
    if winner is None:
        text(document, None)
        return
    lines = []
    for criterion in panel_criteria(snapshot):
        agreed = snapshot.agreed(winner.bid, criterion.id)
        verdict = VERDICT.get(agreed.score) if agreed else None
        lines.append(f"{criterion.title}: the panel found this {verdict}." if verdict
                     else f"{criterion.title}: {TO_COMPLETE}")
    bullets(document, lines, "")
    reds = [f for f in snapshot.bid(winner.bid).flags if f.severity == "red"]
    if not reds:
        text(document, "Our checks found no serious risk to people's safety in its plans.")
    failed = [b for b in snapshot.bids if b.gates_failed]
    if failed:
        gates = {g.rule: g.requirement for g in snapshot.scheme.gates}
        examples = sorted({gates.get(rule, rule) for b in failed for rule in b.gates_failed})
        text(document, f"{_count(len(failed))} did not meet a minimum requirement. "
                       "We could not choose them, however good the rest of the bid was.")
        bullets(document, (f"We require: {example}." for example in examples), "")


def _points(number: int) -> str:
    return "one point" if number == 1 else f"{number} points"


def _count(number: int) -> str:
    return "One bid" if number == 1 else f"{number} bids"


def _how(document: Document, snapshot: Snapshot) -> None:
    heading(document, "How we judged the bids", 1)
    evaluators = sum(1 for m in snapshot.members if m.role == "evaluator")
    text(document, "First, our rules checked each bid against published evidence. "
                   f"Then a panel of {evaluators} people scored each bid on its own. "
                   "They met to agree one score for each part, with a written reason.")
    text(document, "People with lived experience of treatment read every bid. "
                   "The panel heard what they said before agreeing any score.")
    text(document, "These are the parts we looked at, and how much each counted:")
    bullets(document, (f"{c.title}: {snapshot.scheme.importance(c):g} in every 100."
                       for c in snapshot.scheme.criteria if c.kind == "scored"), "")


def _views(document: Document, snapshot: Snapshot) -> None:
    heading(document, "What people with lived experience told us", 1)
    concerns = [v for v in snapshot.service_user_views if v.view != "agree"]
    agreed = len(snapshot.service_user_views) - len(concerns)
    if agreed:
        text(document, f"They agreed with what our checks found on {_points(agreed)}.")
    bullets(document, (f"About {snapshot.bid(v.bid).provider} ({_title(snapshot, v)}): "
                       f"“{without_money(v.comment)}”" for v in concerns),
            "They raised no concerns.")
    heading(document, "What the panel did about it", 1)
    lines = []
    for view in concerns:
        if view.panel_response:
            lines.append(f"{snapshot.bid(view.bid).provider}: "
                         f"{without_money(view.panel_response)}")
        elif view.view == "serious_concern":
            lines.append(f"{snapshot.bid(view.bid).provider}: {TO_COMPLETE}")
        else:
            lines.append(f"{snapshot.bid(view.bid).provider}: the panel read this before "
                         "agreeing its score.")
    bullets(document, lines, "There were no concerns to answer.")


def _title(snapshot: Snapshot, view) -> str:
    return snapshot.scheme.criterion(view.criterion).title.lower()


def _next(document: Document, snapshot: Snapshot) -> None:
    heading(document, "What happens next", 1)
    published = snapshot.publication_date
    if published is None:
        text(document, "We will publish our decision soon. Then other bidders have a short "
                       "time to ask us to look at it again.")
        return
    end = standstill_end(published, snapshot.regime)
    text(document, f"We publish our decision on {published:%-d %B %Y}. Until the end of "
                   f"{end:%-d %B %Y}, other bidders can ask us to look at it again. "
                   "After that, we can sign the contract.")


def consultation_problems(document: Document) -> list[str]:
    """Readability and money problems in the summary's own words (traceability left out)."""
    body = "\n".join(s.heading + ".\n" + s.text for s in sections(document)
                     if s.heading != TRACEABILITY_HEADING)
    return readability_problems(body)
