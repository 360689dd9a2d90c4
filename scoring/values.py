"""The value types of the bid workbook: how a cell becomes a typed answer.

Each type is an `Annotated` alias carrying a `Kind` marker, so the reader knows how to
scale a percent cell and the template knows which drop-down to offer, both from the
model alone. Parsers raise `PydanticCustomError` with words a bidder understands:
what was expected and what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from scoring.words import code_for


@dataclass(frozen=True)
class Kind:
    """Marks a field's workbook type; `expected` is how errors describe it."""

    name: str
    expected: str


YES_NO = Kind("yes/no", "Yes or No")
NUMBER = Kind("number", "a number")
PERCENT = Kind("percent", "a percentage from 0 to 100")
MONEY = Kind("money", "an amount in pounds")
TEXT = Kind("text", "some text")
ENUM = Kind("enum", "one of the listed words")


@dataclass(frozen=True)
class Question:
    """Marks a field of a question sheet with its ID, question and guidance."""

    id: str
    question: str
    guidance: str = ""


@dataclass(frozen=True)
class Column:
    """Marks a field of a table sheet with its header and guidance."""

    header: str
    guidance: str = ""


def shown(value: Any) -> str:
    """A cell value as a bidder would recognise it in an error message."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _fail(kind: Kind, value: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "workbook_value",
        "expected {expected}, found {found}",
        {"expected": kind.expected, "found": shown(value)},
    )


def _reject_dates(kind: Kind, value: Any) -> None:
    if isinstance(value, datetime | date | time):
        raise PydanticCustomError(
            "workbook_value",
            "expected {expected}, found a date ({found})",
            {"expected": kind.expected, "found": str(value)},
        )


_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")


def _number_from_text(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER_TEXT.match(text):
        return None
    return float(text.replace(",", ""))


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"yes", "no"}:
        return value.strip().lower() == "yes"
    raise _fail(YES_NO, value)


def parse_number(value: Any) -> float:
    _reject_dates(NUMBER, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and (number := _number_from_text(value)) is not None:
        return number
    raise _fail(NUMBER, value)


def parse_percent(value: Any) -> float:
    """A percentage as typed: 25 or '25%' mean 25 %.

    A cell formatted as a percentage holds 0.25 for 25 %; the reader scales those
    before they get here, since only it can see the cell's number format.
    """
    _reject_dates(PERCENT, value)
    if isinstance(value, str) and value.strip().endswith("%"):
        value = value.strip()[:-1]
    try:
        return parse_number(value)
    except PydanticCustomError:
        raise _fail(PERCENT, value) from None


def parse_money(value: Any) -> float:
    _reject_dates(MONEY, value)
    if isinstance(value, str):
        value = value.strip().removeprefix("£").strip()
    try:
        return parse_number(value)
    except PydanticCustomError:
        raise _fail(MONEY, value) from None


def parse_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def normalise_word(value: Any) -> Any:
    """'Clinician-led' and 'clinician led' both mean `clinician_led`; a label means its code."""
    if isinstance(value, str):
        return code_for(value)
    return value


YesNo = Annotated[bool, YES_NO, BeforeValidator(parse_yes_no)]
Number = Annotated[float, NUMBER, BeforeValidator(parse_number), Field(ge=0)]
Percent = Annotated[float, PERCENT, BeforeValidator(parse_percent), Field(ge=0, le=100)]
Money = Annotated[float, MONEY, BeforeValidator(parse_money), Field(ge=0)]
Text = Annotated[str, TEXT, BeforeValidator(parse_text), Field(min_length=1)]


def choice(enum: type[StrEnum]) -> Any:
    """An enum answer: any case, with spaces or hyphens for underscores."""
    return Annotated[enum, ENUM, BeforeValidator(normalise_word)]

