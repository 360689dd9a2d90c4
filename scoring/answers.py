"""A bid's answers chosen from a list, and what the rules make of each other choice.

A panel should confirm with the provider any answer that decides the award. For every
Yes/No or drop-down answer of a bid (question sheets and table columns), `answer_changes`
gives the bid's scorecard had the provider chosen each other allowed value. Free numbers
and text are not varied: they have no short list of alternatives.

Only the rules that read an answer run again when it changes. Which rules read what is
found by running each rule once over a bid that records the fields it reads; a rule is
deterministic, so one that never read an answer cannot change when only that answer
does. A rule whose recorded run does not give exactly its real finding is treated as
reading every answer.
"""

from __future__ import annotations

import inspect
import types
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel

from scoring.engine import RuleOutcome, Scorecard, rescored, score_bid
from scoring.models import QUESTION_SHEETS, TABLE_SHEETS, Bid, Located, fields_of
from scoring.rulebook import answer_text
from scoring.scheme import DEFAULT_SCHEME, EvaluationScheme
from scoring.values import ENUM, YES_NO
from scoring.words import label

Place = tuple[str, int | None]  # the bid's sheet attribute, and the row for a table


@dataclass(frozen=True)
class Answer:
    """One answer chosen from a list, where it is and what was read."""

    place: Place
    field: str
    sheet: str  # the workbook sheet, e.g. "Safety"
    cell: str  # e.g. "Safety!C7", or where it belongs when the row or column is missing
    label: str  # the question ID or column header
    question: str  # the question, or the column's guidance, in words
    read: str  # the answer as read, in words ("Yes", "Successful completion")
    alternatives: tuple[Any, ...]  # every other allowed value


def words_for(value: Any) -> str:
    """An allowed value as the workbook's drop-down offers it."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return label(value) if isinstance(value, StrEnum) else str(value)


def _source(bid: Bid, place: Place) -> Located:
    attribute, row = place
    value = getattr(bid, attribute)
    return value if row is None else value[row]


def list_answers(bid: Bid) -> list[Answer]:
    """Every Yes/No and drop-down answer of the bid, in workbook order."""
    sources: list[tuple[Place, Located]] = [((name, None), getattr(bid, name))
                                            for name in QUESTION_SHEETS]
    sources += [((name, row), line) for name in TABLE_SHEETS
                for row, line in enumerate(getattr(bid, name))]
    found = []
    for place, source in sources:
        for spec in _list_fields(type(source)):
            value = getattr(source, spec.name)
            if spec.kind == ENUM and not isinstance(value, StrEnum):
                continue  # an optional list left blank: nothing was read to confirm
            allowed = (True, False) if spec.kind == YES_NO else tuple(type(value))
            found.append(Answer(
                place=place, field=spec.name, sheet=source.sheet, cell=source.cell(spec.name),
                label=spec.label, question=_question(source, place, spec.label, spec.question),
                read=answer_text(source, spec.name),
                alternatives=tuple(choice for choice in allowed if choice != value)))
    return found


@cache
def _list_fields(model: type[Located]) -> tuple:
    """The Yes/No and drop-down fields of a sheet or table row."""
    return tuple(spec for spec in fields_of(model) if spec.kind in (YES_NO, ENUM))


def _question(source: Located, place: Place, label: str, question: str) -> str:
    """The question in words; for a table cell, its column and the row it is on."""
    if place[1] is None:
        return question or label
    named = next((value for name, value in source if name != "cells"
                  and isinstance(value, str) and not isinstance(value, StrEnum) and value), None)
    row = f"“{named}”" if named else f"row {place[1] + 1}"
    return f"{label} of {row} on the {source.sheet} sheet"


def with_answer(bid: Bid, answer: Answer, value: Any) -> Bid:
    """The bid with this one answer changed to `value` (counted as answered)."""
    attribute, row = answer.place
    source = _source(bid, answer.place)
    changed = source.model_copy(update={answer.field: value})
    if row is None:
        return bid.model_copy(update={attribute: changed})
    rows = list(getattr(bid, attribute))
    rows[row] = changed
    return bid.model_copy(update={attribute: rows})


@dataclass(frozen=True)
class AnswerChange:
    """The bid's scorecard had the provider chosen `value` for `answer`."""

    answer: Answer
    value: Any
    scorecard: Scorecard

    @property
    def words(self) -> str:
        return words_for(self.value)


def answer_changes(bid: Bid, scheme: EvaluationScheme = DEFAULT_SCHEME,
                   card: Scorecard | None = None,
                   worth_trying: Callable[[frozenset[str]], bool] | None = None
                   ) -> Iterator[AnswerChange]:
    """For every list answer that some rule reads, the scorecard under each other value.

    `worth_trying`, given the ids of the rules that read an answer, may say that no change
    those rules could make matters to the caller; the answer is then skipped unscored.
    """
    card = score_bid(bid, scheme) if card is None else card
    readers, read_everything = rules_reading(bid, card.outcomes)
    for answer in list_answers(bid):
        rules = frozenset(readers.get((answer.place, answer.field), set()) | read_everything)
        if not rules or (worth_trying is not None and not worth_trying(rules)):
            continue
        for value in answer.alternatives:
            yield AnswerChange(answer, value,
                               rescored(card, with_answer(bid, answer, value), rules, scheme))


def rules_reading(bid: Bid, outcomes: tuple[RuleOutcome, ...]
                  ) -> tuple[dict[tuple[Place, str], set[str]], set[str]]:
    """(answer → the rules that read it, the rules that must be taken to read everything).

    `outcomes` are the rules' real outcomes on `bid`: a rule whose recorded run differs
    from its real one is put in the second set.
    """
    readers: dict[tuple[Place, str], set[str]] = defaultdict(set)
    everything: set[str] = set()
    for outcome in outcomes:
        reads: set[tuple[Place, str]] = set()
        try:
            finding = outcome.rule.check(_Recorded(bid, None, reads))
        except Exception:
            finding = None
        if finding is None or finding != outcome.finding:
            everything.add(outcome.rule.id)
            continue
        for read in reads:
            readers[read].add(outcome.rule.id)
    return readers, everything


@cache
def _on_class(kind: type, name: str) -> Any:
    return inspect.getattr_static(kind, name, None)


class _Recorded:
    """A bid, sheet or table row that records which of its fields are read.

    Properties and methods run with this object as `self`, so what they read is recorded
    too; anything else (pydantic's own attributes, class methods) comes from the model.
    """

    __slots__ = ("_model", "_place", "_reads")

    def __init__(self, model: BaseModel, place: Place | None, reads: set) -> None:
        self._model, self._place, self._reads = model, place, reads

    def __getattr__(self, name: str) -> Any:
        model = self._model
        kind = type(model)
        if name in kind.model_fields:
            value = getattr(model, name)
            if self._place is None:  # the bid: hand out recording sheets and rows
                if isinstance(value, list):
                    return [_Recorded(row, (name, index), self._reads)
                            for index, row in enumerate(value)]
                return _Recorded(value, (name, None), self._reads)
            self._reads.add((self._place, name))
            return value
        found = _on_class(kind, name)
        if isinstance(found, property):
            return found.fget(self)
        if isinstance(found, types.FunctionType):
            return types.MethodType(found, self)
        return getattr(model, name)
