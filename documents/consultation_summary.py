"""The plain-language summary for service users and the public: what was decided and
why, what people with lived experience said and what the panel did about it.

It is public: it names no money amount, no evaluator's score, no person (roles only)
and no unsuccessful bidder; it quotes a service-user representative only with their
recorded consent; and while the standstill runs it says "we intend to", never "we have
chosen". Its sentences stay short (`documents.plain`).
"""

from __future__ import annotations

import re

from docx.document import Document

from documents.checks import panel_criteria
from documents.docx_kit import TO_COMPLETE, bullets, heading, start, text, traceability_section
from documents.plain import readability_problems, without_money
from documents.reading import sections
from documents.snapshot import Snapshot
from documents.standstill import PSR_FURTHER_DAYS, NotAWorkingDay, standstill

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
    traceability_section(document, snapshot, final=final, bids=())
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
        text(document, f"We intend to award the contract to {provider} to run "
                       f"{snapshot.service}.")
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
    failed = [b for b in snapshot.bids if b.gates_failed]
    if failed:
        gates = {g.rule: g.requirement for g in snapshot.scheme.gates}
        examples = sorted({gates.get(rule, rule) for b in failed for rule in b.gates_failed})
        text(document, f"{_count(len(failed))} did not meet a basic rule we set. "
                       "We could not choose them, however good the rest of the bid was.")
        bullets(document, (f"We require: {in_plain_words(example)}." for example in examples),
                "")


JARGON = {r"\bOST\b": "substitute medicine (such as methadone)",
          r"\bnaloxone\b": "naloxone (a medicine that reverses an overdose)"}


def in_plain_words(text: str) -> str:
    """The rules' words with the treatment jargon spelled out for the public."""
    for term, words in JARGON.items():
        text = re.sub(term, words, text, count=1)
    return text


def _points(number: int) -> str:
    return "one point" if number == 1 else f"{number} points"


def _count(number: int) -> str:
    return "One bid" if number == 1 else f"{number} bids"


def _how(document: Document, snapshot: Snapshot) -> None:
    heading(document, "How we judged the bids", 1)
    evaluators = {s.evaluator for s in snapshot.panel_scores}
    text(document, "First, our rules checked each bid against published evidence. "
                   f"Then {len(evaluators)} panel members scored the bids, each on their own. "
                   "The panel then agreed one score for each part, with a written reason.")
    viewed = {v.bid for v in snapshot.service_user_views}
    if viewed:
        text(document, f"A person with lived experience of treatment gave views on "
                       f"{_count(len(viewed)).lower()}. The panel had these views when it "
                       "agreed its scores.")
    text(document, "These are the parts we looked at, and how much each counted:")
    bullets(document, (f"{c.title}: {snapshot.scheme.importance(c):g} in every 100."
                       for c in snapshot.scheme.criteria if c.kind == "scored"), "")


def _about(snapshot: Snapshot, view) -> str:
    """Which bid a view is about, as a public document may say it."""
    winner = snapshot.winner
    if winner is not None and view.bid == winner.bid:
        return f"the bid we intend to choose ({snapshot.bid(view.bid).provider})"
    return "another bid"


def _views(document: Document, snapshot: Snapshot) -> None:
    heading(document, "What people with lived experience told us", 1)
    concerns = [v for v in snapshot.service_user_views if v.view != "agree"]
    agreed = len(snapshot.service_user_views) - len(concerns)
    if agreed:
        text(document, f"They agreed with what our checks found on {_points(agreed)}.")
    lines = [f"About {_about(snapshot, view)} ({_title(snapshot, view)}), in their words: "
             f"“{without_money(view.comment)}”" for view in snapshot.service_user_views
             if view.view == "agree" and view.consent_to_quote and view.comment.strip()]
    for view in concerns:
        said = "a serious concern" if view.view == "serious_concern" else "a concern"
        line = f"About {_about(snapshot, view)} ({_title(snapshot, view)}), they raised {said}."
        if view.consent_to_quote:
            line += f" In their words: “{without_money(view.comment)}”"
        lines.append(line)
    bullets(document, lines, "They raised no concerns.")
    heading(document, "What the panel did about it", 1)
    answers = []
    for view in concerns:
        if view.panel_response:
            answers.append(f"About {_about(snapshot, view)}: "
                           f"{without_money(view.panel_response)}")
        elif view.view == "serious_concern":
            answers.append(f"About {_about(snapshot, view)}: {TO_COMPLETE}")
    bullets(document, answers, "There were no concerns that needed a written answer.")


def _title(snapshot: Snapshot, view) -> str:
    return snapshot.scheme.criterion(view.criterion).title.lower()


def _next(document: Document, snapshot: Snapshot) -> None:
    heading(document, "What happens next", 1)
    published = snapshot.publication_date
    try:
        period = standstill(published, snapshot.regime) if published else None
    except NotAWorkingDay:
        period = None
    if period is None:
        text(document, f"{TO_COMPLETE} We will publish our decision, then wait a set time "
                       "before we sign the contract.")
        return
    text(document, f"We publish our decision on {published:%-d %B %Y}.")
    if snapshot.regime == "psr":
        text(document, f"Until the end of {period.ends:%-d %B %Y}, the other bidders can ask "
                       "us to think again. If one does, we will look at our decision again. "
                       f"If we still go ahead, we wait {PSR_FURTHER_DAYS} more working days. "
                       "If nobody asks, we can sign the contract after "
                       f"{period.ends:%-d %B %Y}.")
    else:
        text(document, f"We will not sign the contract before the end of "
                       f"{period.ends:%-d %B %Y}. In that time, a bidder who thinks we got it "
                       "wrong can go to court.")


def consultation_problems(document: Document) -> list[str]:
    """Readability and money problems in the summary's own words (traceability left out)."""
    body = "\n".join(s.heading + ".\n" + s.text for s in sections(document)
                     if s.heading != TRACEABILITY_HEADING)
    return readability_problems(body)
