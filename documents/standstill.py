"""Standstill periods, counted as each regime's own text says.

PSR (reg 12(2)-(3)): the standstill begins on the day *after* the notice is published;
representations may be made "before midnight at the end of the 8th working day after the
day the standstill period begins". Published Monday 4 January 2027, it begins Tuesday
5 January and ends at midnight at the end of Friday 15 January 2027. The PSR applies in
England, so England's bank holidays are not working days. If representations arrive, the
period stays open until the authority has decided again, then a further 5 working days.

Procurement Act 2023 (s.51): at least 8 working days *beginning with* the day the contract
award notice is published; a working day excludes a bank holiday in any part of the
United Kingdom (s.123), so Northern Ireland's 17 March and Scotland's 2 January count.
There are no representations under the Act: the remedy is proceedings, with automatic
suspension only if they start within the standstill.

Bank holidays come from the `holidays` package (substitute days and one-off days, such as
a coronation, included), so nobody keeps a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

STANDSTILL_WORKING_DAYS = 8
PSR_FURTHER_DAYS = 5  # after a decision to proceed following representations
UK_PARTS = ("ENG", "WLS", "SCT", "NIR")
CALENDAR: dict[str, str] = {
    "psr": "England's bank holidays",
    "procurement_act": "bank holidays in any part of the United Kingdom",
}
COUNTING: dict[str, str] = {
    "psr": "the standstill begins on the day after the notice is published and ends at "
           "midnight at the end of the 8th working day after the day it begins (PSR reg 12(2) "
           "and (3))",
    "procurement_act": "at least 8 working days beginning with the day the contract award "
                       "notice is published (Procurement Act 2023 s.51)",
}


class NotAWorkingDay(ValueError):
    """A notice cannot be published on a day that is not a working day."""


@cache
def bank_holidays(year: int, regime: str) -> frozenset[date]:
    """The bank holidays that are not working days under `regime`, in one year."""
    parts = ("ENG",) if regime == "psr" else UK_PARTS
    days: set[date] = set()
    for part in parts:
        days |= set(holidays.country_holidays("GB", subdiv=part, years=year))
    return frozenset(days)


def is_working_day(day: date, regime: str = "psr") -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year, regime)


@dataclass(frozen=True)
class Standstill:
    """When a standstill starts and ends (at midnight at the end of `ends`)."""

    regime: str
    published: date
    begins: date
    ends: date

    @property
    def counting(self) -> str:
        return f"{COUNTING[self.regime]}; weekends and {CALENDAR[self.regime]} are not working days"


def standstill(published: date, regime: str) -> Standstill:
    """The standstill for a notice published on `published`.

    Refused (`NotAWorkingDay`, in words) when that day is not a working day: a notice
    published on a weekend or bank holiday would start the count on a day the regime
    does not count, and the platform's date would then disagree with the documents.
    """
    if regime not in COUNTING:
        raise ValueError(f"unknown regime {regime!r}: expected one of {sorted(COUNTING)}")
    if not is_working_day(published, regime):
        why = ("a weekend" if published.weekday() >= 5
               else f"a bank holiday ({CALENDAR[regime]} count)")
        raise NotAWorkingDay(
            f"The publication date {published:%A %-d %B %Y} is {why}, not a working day. "
            "Choose the working day the notice will actually be published.")
    if regime == "psr":
        begins = published + timedelta(days=1)
        ends = _working_days_after(begins, STANDSTILL_WORKING_DAYS, regime)
    else:
        begins = published
        ends = _working_days_after(published - timedelta(days=1), STANDSTILL_WORKING_DAYS,
                                   regime)
    return Standstill(regime=regime, published=published, begins=begins, ends=ends)


def _working_days_after(day: date, count: int, regime: str) -> date:
    """The `count`th working day after `day`."""
    counted = 0
    while counted < count:
        day += timedelta(days=1)
        if is_working_day(day, regime):
            counted += 1
    return day


def standstill_end(published: date, regime: str) -> date:
    """The last day of the standstill: it ends at midnight at the end of this day."""
    return standstill(published, regime).ends


def publication_problem(published: date | None, regime: str) -> str | None:
    """Why a publication date cannot be used, in words, or None when it can."""
    if published is None:
        return None
    try:
        standstill(published, regime)
    except NotAWorkingDay as refused:
        return str(refused)
    return None
