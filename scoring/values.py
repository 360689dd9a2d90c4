"""The value types of the bid workbook: how a cell becomes a typed answer.

Each type is an `Annotated` alias carrying a `Kind` marker, so the reader knows how to
scale a percent cell and the template knows which drop-down to offer, both from the
model alone. Parsers raise `PydanticCustomError` with words a bidder understands:
what was expected and what was found.
"""

from __future__ import annotations

import math
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
    """A cell value as a bidder would recognise it in an error message (long text cut)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "infinity" if value > 0 else "minus infinity" if value < 0 else "not a number"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "…")
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


# '1.100' typed as text: 1.1 to us, 1,100 to a bidder who writes thousands with a dot.
# Digits are ASCII only: Python's \d (and float()) would read a Bengali '৪0' as 40.
_AMBIGUOUS_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(\.[0-9]{3})+$")
_NUMBER_TEXT = re.compile(
    r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$|^[+-]?\.[0-9]+$")


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
    if isinstance(value, str) and _AMBIGUOUS_THOUSANDS.match(value.strip()):
        raise PydanticCustomError(
            "workbook_value",
            "expected {expected}, found {found}, which could mean {small} or {large}: "
            "type the number without a dot between the thousands",
            {"expected": NUMBER.expected, "found": shown(value),
             "small": shown(float(value)), "large": f"{float(value.replace('.', '')):,.0f}"},
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and (typed := _number_from_text(value)) is not None:
        number = typed
    else:
        raise _fail(NUMBER, value)
    if not math.isfinite(number):
        raise _fail(NUMBER, value)
    return number


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


# Plausible maxima (the contract's): no bid could mean more, and more breaks the arithmetic.
PEOPLE_MAX = 1_000_000  # cohorts, places, placements
MONTHS_MAX = 600  # durations
DAYS_MAX = 3_650  # intervals and days
CASELOAD_MAX = 1_000
FTE_MAX = 100_000
MONEY_MAX = 1_000_000_000  # a year
TEXT_MAX = 32_767  # Excel's own limit for a cell
NAME_MAX = 200

YesNo = Annotated[bool, YES_NO, BeforeValidator(parse_yes_no)]
Number = Annotated[float, NUMBER, BeforeValidator(parse_number), Field(ge=0)]
People = Annotated[Number, Field(le=PEOPLE_MAX)]
Months = Annotated[Number, Field(le=MONTHS_MAX)]
Days = Annotated[Number, Field(le=DAYS_MAX)]
Caseload = Annotated[Number, Field(le=CASELOAD_MAX)]
FullTimeEquivalent = Annotated[Number, Field(le=FTE_MAX)]
Percent = Annotated[float, PERCENT, BeforeValidator(parse_percent), Field(ge=0, le=100)]
Money = Annotated[float, MONEY, BeforeValidator(parse_money), Field(ge=0, le=MONEY_MAX)]
Text = Annotated[str, TEXT, BeforeValidator(parse_text), Field(min_length=1, max_length=TEXT_MAX)]
Name = Annotated[Text, Field(max_length=NAME_MAX)]


def choice(enum: type[StrEnum]) -> Any:
    """An enum answer: any case, with spaces or hyphens for underscores."""
    return Annotated[enum, ENUM, BeforeValidator(normalise_word)]

