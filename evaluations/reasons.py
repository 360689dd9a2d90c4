"""Checks on a consensus reason, shown to the lead before it is saved.

Only an empty reason blocks the save; every other check is a warning the lead sees,
because courts set aside awards whose moderation notes compared bidders, ignored a
disagreement or did not say why this score was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_WORDS = 20

COMPARING = re.compile(
    r"\b(better|stronger|weaker|worse|more \w+|less \w+) than\b"
    r"|\bthe (best|strongest|weakest|worst) (of|bid)\b"
    r"|\b(compared (with|to)|unlike|outperform\w*|beats?)\b"
    r"|\bbid [A-Z0-9]\b",
    re.IGNORECASE,
)
SPREAD_WORDS = ("spread", "differ", "disagree", "discuss", "range", "evaluators",
                "reconcil", "moved", "lower", "higher", "agreed")
FLAG_WORDS = ("flag", "rule", "red", "risk", "concern", "tool")
CONCERN_WORDS = ("service user", "service-user", "concern", "lived experience",
                 "representative")


@dataclass(frozen=True)
class ReasonContext:
    """What a reason for this bid and criterion must address."""

    spread: bool = False
    rules_disagreement: bool = False
    serious_concern: bool = False
    flag_rules: tuple[str, ...] = ()  # the red flags the score disagrees with


def check_reason(reason: str, context: ReasonContext = ReasonContext()) -> list[str]:
    """What is wrong with a reason, in words the lead can act on (empty when none)."""
    text = reason.strip()
    if not text:
        return ["a consensus score needs a written reason"]
    lower = text.lower()
    warnings = []
    words = len(text.split())
    if words < MIN_WORDS:
        warnings.append(f"the reason has {words} words; explain why this score against the "
                        f"descriptors in at least {MIN_WORDS}")
    if COMPARING.search(text):
        warnings.append("the reason compares bidders with each other; judge the bid against "
                        "the criterion instead")
    if context.spread and not any(word in lower for word in SPREAD_WORDS):
        warnings.append("evaluators' scores differ by 2 or more; say how the difference "
                        "was resolved")
    if context.rules_disagreement and not (
        any(word in lower for word in FLAG_WORDS)
        or any(rule.lower() in lower for rule in context.flag_rules)
    ):
        warnings.append("the score disagrees with the rules' findings; address the flag "
                        "(" + ", ".join(context.flag_rules or ("no flags",)) + ")")
    if context.serious_concern and not any(word in lower for word in CONCERN_WORDS):
        warnings.append("a service-user representative raised a serious concern; the reason "
                        "must respond to it")
    return warnings


def blocking(warnings: list[str]) -> bool:
    return warnings == ["a consensus score needs a written reason"]
