"""Check a payment design before it goes out to tender, and say what would fix it.

`check_design` runs the incentive rules and the stress test on a `Design` (the contract,
payment table and targets); `suggest` tries changes on it and keeps those the model
shows doing good, ranked.

Imports only from `scoring`.
"""

from scoring.design.check import (
    DesignCheck,
    as_bid,
    check_design,
    check_designs,
    design_rules,
    summary,
)
from scoring.design.suggestions import Candidate, Suggestion, candidates, suggest

__all__ = [
    "Candidate",
    "DesignCheck",
    "Suggestion",
    "as_bid",
    "candidates",
    "check_design",
    "check_designs",
    "design_rules",
    "suggest",
    "summary",
]
