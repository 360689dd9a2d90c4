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
QUOTE_WORDS = 6  # a note or view this long or longer, found whole, is a quotation
MODEL_FIGURES = re.compile(r"(for|per) (each )?extra death|more deaths", re.IGNORECASE)


def _pattern(names: Iterable[str]) -> re.Pattern | None:
    names = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _opening(text: str) -> tuple[str, ...] | None:
    words = _words(text)
    return tuple(words[:QUOTE_WORDS]) if len(words) >= QUOTE_WORDS else None


class Words:
    """A text's words, with every run of QUOTE_WORDS of them: a quotation is looked for in
    full only where its opening words appear, so checking thousands of notes stays quick."""

    def __init__(self, text: str):
        words = _words(text)
        self.joined = " " + " ".join(words) + " "
        self.runs = {tuple(words[i:i + QUOTE_WORDS])
                     for i in range(len(words) - QUOTE_WORDS + 1)}

    def quotes(self, opening: tuple[str, ...], whole: str) -> bool:
        return opening in self.runs and f" {whole} " in self.joined


class Disclosure:
    """The names and words a snapshot's letters and public documents must not carry,
    gathered once so that checking 100 letters stays quick."""

    def __init__(self, snapshot: Snapshot):
        self.winner = snapshot.winner.bid if snapshot.winner else None
        self.people = _pattern([m.name for m in snapshot.members]
                               + [m.name for m in snapshot.decision.makers])
        self.bidder_of: dict[str, str] = {}
        for bid in snapshot.bids:
            for name in (bid.provider, bid.file_name,
                         bid.reference if len(bid.reference) >= MIN_REFERENCE else ""):
                if name.strip():
                    self.bidder_of.setdefault(name, bid.reference)
        self.bidders = _pattern(self.bidder_of)
        self.notes = [(opening, " ".join(_words(s.comment)), f"{s.bid} ({s.evaluator})")
                      for s in snapshot.panel_scores if (opening := _opening(s.comment))]
        self.unconsented = [(opening, " ".join(_words(v.comment)), v.bid)
                            for v in snapshot.service_user_views
                            if not v.consent_to_quote and (opening := _opening(v.comment))]

    def _bidders_named(self, text: str, allowed: set[str | None]) -> list[str]:
        if self.bidders is None:
            return []
        return sorted({name for name in self.bidders.findall(text)
                       if self.bidder_of[name] not in allowed})

    def _people_named(self, text: str) -> list[str]:
        return sorted(set(self.people.findall(text))) if self.people else []

    def letter_leaks(self, recipient: str | None, text: str) -> list[str]:
        """What a letter to `recipient` says that only its recipient and the winner may see."""
        words = Words(text)
        problems = [f"names another bidder ({name}); a letter names only its recipient and "
                    "the selected provider"
                    for name in self._bidders_named(text, {recipient, self.winner})]
        problems += [f"names a panel member or decision-maker ({name})"
                     for name in self._people_named(text)]
        problems += [f"quotes an evaluator's own note on {where}"
                     for opening, whole, where in self.notes if words.quotes(opening, whole)]
        if MODEL_FIGURES.search(text):
            problems.append("gives a figure of the stress model (deaths, or money for each "
                            "extra death); a letter states the panel's reasons, not model "
                            "estimates")
        return problems

    def public_leaks(self, text: str) -> list[str]:
        """What a public document says that it must not: people's names, unsuccessful
        bidders, representatives' words without their consent."""
        words = Words(text)
        problems = [f"names an unsuccessful bidder ({name})"
                    for name in self._bidders_named(text, {self.winner})]
        problems += [f"names a person ({name}); public documents give roles only"
                     for name in self._people_named(text)]
        problems += [f"quotes a service-user representative on {bid} without their consent"
                     for opening, whole, bid in self.unconsented if words.quotes(opening, whole)]
        return problems
