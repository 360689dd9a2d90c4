"""Plain words for the public: no money amounts, and sentences short enough to read.

Service users and the public read the consultation summary; long sentences lose them
(the usual plain-English guidance is an average of 15-20 words a sentence).
"""

from __future__ import annotations

import re

MAX_AVERAGE_SENTENCE_WORDS = 20
MONEY = re.compile(
    r"(£|GBP\s?)\s?\d[\d,]*(\.\d+)?(\s?(bn|m|k|million|thousand|billion)\b)?"
    r"|\b\d[\d,]*(\.\d+)?\s?(pounds|pence)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def without_money(text: str) -> str:
    """The text with every money amount replaced by words that say one was removed."""
    return MONEY.sub("[amount removed]", text).replace("£", "")


MODEL_FIGURE = re.compile(r"\d[\d.,]*\s+(more |extra |fewer )?(deaths?|lives)\b"
                          r"|(each|per) extra death", re.IGNORECASE)


def without_model_figures(message: str, rule: str) -> str:
    """A rule's finding without the stress model's money or deaths, which are estimates for
    comparing designs and never belong in a letter to a bidder."""
    kept = [s for s in SENTENCE_END.split(message.strip())
            if s and not MONEY.search(s) and "£" not in s and not MODEL_FIGURE.search(s)]
    return " ".join(kept) or f"The payment stress test raised this finding (rule {rule})."


def sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        found += [s for s in SENTENCE_END.split(line.strip()) if len(s.split()) > 0]
    return found


def average_sentence_words(text: str) -> float:
    parts = sentences(text)
    return sum(len(s.split()) for s in parts) / len(parts) if parts else 0.0


def readability_problems(text: str) -> list[str]:
    """What makes a text hard for the public to read (empty when nothing does)."""
    problems = []
    average = average_sentence_words(text)
    if average > MAX_AVERAGE_SENTENCE_WORDS:
        problems.append(f"sentences average {average:.1f} words; keep them to "
                        f"{MAX_AVERAGE_SENTENCE_WORDS} or fewer")
    if "£" in text or MONEY.search(text):
        problems.append("the text names a money amount")
    return problems
