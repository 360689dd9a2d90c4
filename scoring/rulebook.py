"""What a rule is, and what it may say about a bid.

A rule module declares one `Rule` (or a small family in `RULES`): a stable id, its
area, a title, a rationale a service-user representative can read, what a stronger
bid would do, the evidence keys it rests on, and one pure function from a `Bid` to a
`Finding`. The finding says how well the bid does on this rule (0 to 1), in one plain
sentence, with flags that point at the cells they rest on and the values the rule read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from scoring.models import Bid, Located
from scoring.values import shown
from scoring.words import area_name, label
from scoring.words import words as words  # rules take their words from here

RULE_ID = re.compile(r"^(BAL|INC|MUT|RCP|SAF|VOI)-\d{2}$")


class Area(StrEnum):
    balance = "balance"
    incentives = "incentives"
    mutual_aid = "mutual_aid"
    recovery_capital = "recovery_capital"
    safety = "safety"
    voice = "voice"


AREA_TITLES = {area: area_name(area.value) for area in Area}


class Severity(StrEnum):
    red = "red"  # a design the evidence links to harm: the panel must discuss it
    amber = "amber"  # a weakness to probe


@dataclass(frozen=True)
class Flag:
    severity: Severity
    message: str
    cells: tuple[str, ...]
    answered: bool = True  # False: the concern rests on a blank answer's default


@dataclass(frozen=True)
class Reading:
    """One workbook value a rule read, with its cell."""

    cell: str
    field: str
    value: str


@dataclass(frozen=True)
class Finding:
    """What a rule found in one bid.

    `score` runs from 0 (the rule's concern in full) to 1 (nothing to worry about);
    None means the rule does not apply to this bid and leaves the area score alone.
    """

    score: float | None
    summary: str
    flags: tuple[Flag, ...] = ()
    readings: tuple[Reading, ...] = ()

    def __post_init__(self) -> None:
        if self.score is not None and not 0 <= self.score <= 1:
            raise ValueError(f"a finding's score must be from 0 to 1, not {self.score}")


@dataclass(frozen=True)
class Rule:
    id: str
    area: Area
    title: str
    rationale: str
    stronger_bid: str
    evidence: tuple[str, ...]
    check: Callable[[Bid], Finding] = field(repr=False)


def red(message: str, *cells: str) -> Flag:
    return Flag(Severity.red, message, cells)


def amber(message: str, *cells: str) -> Flag:
    return Flag(Severity.amber, message, cells)


def read(source: Located, *fields: str) -> tuple[Reading, ...]:
    """The readings of these fields of a sheet or table row, for the finding."""
    return tuple(
        Reading(source.cell(name), source.label(name), answer_text(source, name))
        for name in fields
    )


def answer_text(source: Located, field: str) -> str:
    """An answer in words; a blank one says so, and what it counts as."""
    value = getattr(source, field)
    if source.answered(field) or value is None:
        return _display(value)
    return f"not answered (counts as {_display(value)})"


def unanswered(source: Located, field: str) -> str | None:
    """Where a defaulted answer belongs and what it counts as; None if it was answered.

    'Bid!C13 (payment.case_mix_adjusted) was left blank, so it counts as No'.
    """
    value = getattr(source, field)
    if source.answered(field) or value is None:
        return None
    where = source.cell(field)
    if field in source.cells:
        return f"{where} ({source.label(field)}) was left blank, so it counts as {_display(value)}"
    return f"{where}: not answered, so it counts as {_display(value)}"


def flag_answer(
    source: Located, field: str, flag: Callable[..., Flag], concern: str
) -> Flag:
    """A flag on one answer; on a blank answer it says 'not answered', not a claim about the bid."""
    blank = unanswered(source, field)
    if blank is None:
        return flag(concern, source.cell(field))
    raised = flag(f"Not answered: {blank}. If that stands: {concern[:1].lower()}{concern[1:]}",
                  source.cell(field))
    return Flag(raised.severity, raised.message, raised.cells, answered=False)


def _display(value: Any) -> str:
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, str):
        return value
    return shown(value)


def pct(value: float) -> str:
    """A percentage for a sentence: 12.5 -> '12.5%', 40.0 -> '40%'."""
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def scale(value: float, worst: float, best: float) -> float:
    """Where `value` sits between `worst` (0) and `best` (1), clipped to 0..1."""
    if best == worst:
        return 1.0 if value == best else 0.0
    position = (value - worst) / (best - worst)
    return min(1.0, max(0.0, position))


def expect_answer(
    sheet: Located,
    field: str,
    wanted: bool,
    flag: Callable[..., Flag],
    concern: str,
    reassurance: str,
) -> Finding:
    """The finding of a rule that turns on one Yes/No answer."""
    readings = read(sheet, field)
    if getattr(sheet, field) == wanted:
        return Finding(1.0, reassurance, readings=readings)
    summary = concern if sheet.answered(field) else f"Not answered: {unanswered(sheet, field)}"
    return Finding(0.0, summary, (flag_answer(sheet, field, flag, concern),), readings)


def number(value: float) -> str:
    """A count or amount for a sentence: 1850.0 -> '1,850', 1.5 -> '1.5'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
