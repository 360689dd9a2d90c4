"""Standstill dates, counted in England and Wales working days as each regime says.

PSR (reg 12): counting begins the day after the notice is published, and the standstill
ends at midnight at the end of the 8th working day (statutory guidance, final version).
Procurement Act 2023 (s.51): 8 working days beginning with the day of publication.
Bank holidays come from the `holidays` package (England's calendar, which Wales shares),
so one-off days such as a coronation are included without anyone keeping a list.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

STANDSTILL_WORKING_DAYS = 8
COUNTING: dict[str, str] = {
    "psr": "8 working days counted from the day after publication (PSR reg 12)",
    "procurement_act": "8 working days beginning with the day of publication "
                       "(Procurement Act 2023 s.51)",
}


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in a year, substitute days included."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def standstill_end(published: date, regime: str) -> date:
    """The last working day of the standstill for a notice published on `published`.

    Representations must arrive before midnight at the end of this day.
    """
    if regime not in COUNTING:
        raise ValueError(f"unknown regime {regime!r}: expected one of {sorted(COUNTING)}")
    day = published + timedelta(days=1) if regime == "psr" else published
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == STANDSTILL_WORKING_DAYS:
                return day
        day += timedelta(days=1)
