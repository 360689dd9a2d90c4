"""Standstill dates: working days in England and Wales, counted as each regime says.

PSR (reg 12): the standstill begins the day after the notice is published and ends at
midnight at the end of the 8th working day after that. Procurement Act 2023 (s.51):
8 working days beginning with the day the notice is published.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

STANDSTILL_WORKING_DAYS = 8


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in a year (standard rules; one-off days not included)."""
    easter = _easter(year)
    days = {
        easter - timedelta(days=2),  # Good Friday
        easter + timedelta(days=1),  # Easter Monday
        _monday_on_or_after(date(year, 5, 1)),  # early May
        _last_monday(year, 5),  # spring
        _last_monday(year, 8),  # summer
    }
    new_year = date(year, 1, 1)
    days.add(_monday_on_or_after(new_year) if new_year.weekday() >= 5 else new_year)
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        days |= {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas Tuesday
        days |= {boxing, date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day on Monday
        days |= {christmas, date(year, 12, 28)}
    else:
        days |= {christmas, boxing}
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def standstill_end(published: date, regime: str) -> date:
    """The last day of the standstill for a notice published on `published`."""
    day = published + timedelta(days=1) if regime == "psr" else published
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == STANDSTILL_WORKING_DAYS:
                return day
        day += timedelta(days=1)
