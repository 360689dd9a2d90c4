"""What a letter or a public document must never say (award-records.md §6).

A letter names only its recipient and the selected provider: no other bidder, no
evaluator, no evaluator's note, no model figure such as money for each extra death.
A public document (notice, plain summary, Find a Tender sheet) names roles, never a panel
member, decision-maker or service-user representative, and no unsuccessful bidder; it
quotes a representative only with their recorded consent. The final documents are
refused while any of these is found in their text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from documents.snapshot import Snapshot

MIN_REFERENCE = 4  # shorter bid references ("A") would match ordinary words
MIN_QUOTE = 25  # words shorter than this are too common to call a quotation
MODEL_FIGURES = re.compile(r"(for|per) (each )?extra death|more deaths", re.IGNORECASE)


def _found(text: str, names: Iterable[str]) -> list[str]:
    names = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return sorted(set(pattern.findall(text)))


def _people(snapshot: Snapshot) -> list[str]:
    return [m.name for m in snapshot.members] + [m.name for m in snapshot.decision.makers]


def _bidders(snapshot: Snapshot, keep: set[str]) -> list[str]:
    names = []
    for bid in snapshot.bids:
        if bid.reference in keep:
            continue
        names += [bid.provider, bid.file_name]
        if len(bid.reference) >= MIN_REFERENCE:
            names.append(bid.reference)
    return names


def letter_leaks(snapshot: Snapshot, recipient: str | None, text: str) -> list[str]:
    """What a letter to `recipient` says that only its recipient and the winner may see."""
    winner = snapshot.winner.bid if snapshot.winner else None
    problems = [f"names another bidder ({name}); a letter names only its recipient and the "
                "selected provider" for name in _found(text, _bidders(snapshot, {recipient,
                                                                                 winner}))]
    problems += [f"names a panel member or decision-maker ({name})"
                 for name in _found(text, _people(snapshot))]
    problems += [f"quotes an evaluator's own note on {s.bid} ({s.evaluator})"
                 for s in snapshot.panel_scores
                 if len(s.comment.strip()) >= MIN_QUOTE and s.comment.strip() in text]
    if MODEL_FIGURES.search(text):
        problems.append("gives a figure of the stress model (deaths, or money for each extra "
                        "death); a letter states the panel's reasons, not model estimates")
    return problems


def public_leaks(snapshot: Snapshot, text: str) -> list[str]:
    """What a public document says that it must not: people's names, unsuccessful bidders,
    representatives' words without their consent."""
    winner = snapshot.winner.bid if snapshot.winner else None
    problems = [f"names an unsuccessful bidder ({name})"
                for name in _found(text, _bidders(snapshot, {winner}))]
    problems += [f"names a person ({name}); public documents give roles only"
                 for name in _found(text, _people(snapshot))]
    problems += [f"quotes a service-user representative on {v.bid} without their consent"
                 for v in snapshot.service_user_views
                 if not v.consent_to_quote and len(v.comment.strip()) >= MIN_QUOTE
                 and v.comment.strip() in text]
    return problems
