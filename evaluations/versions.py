"""Saves that carry the version they were made against.

Every kind of saved work (an evaluator's score and comment, a service-user view, an agreed
score and reason, the award details) has a version, one more at every save. A page draws
what the store holds with its version and saves against it; when the store has moved on
since (another window, another tab, another person), the save is refused with who changed
it, never merged. The command line saves without a version: it always acts on what is
stored now.
"""

from __future__ import annotations

from typing import Protocol

from evaluations.process import Stale

NOTHING_SAVED = 0  # the version a page saves against when the store held nothing


class Versioned(Protocol):
    version: int


def check(row: Versioned | None, expected: int | None, changed_by: str) -> None:
    """Refuse (`Stale`) a save made against another version than `row`'s."""
    if expected is None:
        return
    held = NOTHING_SAVED if row is None else row.version
    if held != expected:
        raise Stale(changed_by)


def bump(row: Versioned) -> None:
    """One version on (a new row starts at 1)."""
    row.version = (row.version or NOTHING_SAVED) + 1


def version_of(row: Versioned | None) -> int:
    return NOTHING_SAVED if row is None else row.version
