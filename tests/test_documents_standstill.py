"""Standstill dates: PSR counts from the day after publication, the Procurement Act from
the day of publication; both skip weekends and England and Wales bank holidays."""

from datetime import date

import pytest

from documents.standstill import is_working_day, standstill_end


def test_psr_counts_eight_working_days_from_the_day_after_publication():
    # Published Monday 30 Nov 2026: Tue 1 Dec is day 1, Thu 10 Dec is day 8.
    assert standstill_end(date(2026, 11, 30), "psr") == date(2026, 12, 10)


def test_procurement_act_counts_the_day_of_publication_as_day_one():
    assert standstill_end(date(2026, 11, 30), "procurement_act") == date(2026, 12, 9)


def test_weekends_are_not_counted():
    # Published Wednesday 2 Dec 2026: two weekends fall inside the count.
    assert standstill_end(date(2026, 12, 2), "psr") == date(2026, 12, 14)
    assert standstill_end(date(2026, 12, 2), "procurement_act") == date(2026, 12, 11)


def test_christmas_boxing_day_substitute_and_new_year_are_skipped():
    # Christmas 2026 is a Friday, so Boxing Day's holiday moves to Monday 28 December.
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert not is_working_day(date(2027, 1, 1))
    assert standstill_end(date(2026, 12, 18), "psr") == date(2027, 1, 4)
    assert standstill_end(date(2026, 12, 18), "procurement_act") == date(2026, 12, 31)


def test_easter_good_friday_and_easter_monday_are_skipped():
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    assert standstill_end(date(2027, 3, 19), "psr") == date(2027, 4, 2)
    assert standstill_end(date(2027, 3, 19), "procurement_act") == date(2027, 4, 1)


def test_friday_before_a_bank_holiday_monday():
    # Friday 28 May 2027, spring bank holiday Monday 31 May.
    assert standstill_end(date(2027, 5, 28), "psr") == date(2027, 6, 10)
    assert standstill_end(date(2027, 5, 28), "procurement_act") == date(2027, 6, 9)


def test_a_one_off_bank_holiday_comes_from_the_calendar_not_a_list():
    # The coronation of King Charles III, Monday 8 May 2023.
    assert not is_working_day(date(2023, 5, 8))


def test_publication_on_a_weekend_counts_from_the_next_working_day():
    # Saturday 5 Dec 2026: both regimes start on Monday 7 December.
    assert standstill_end(date(2026, 12, 5), "psr") == date(2026, 12, 16)
    assert standstill_end(date(2026, 12, 5), "procurement_act") == date(2026, 12, 16)


def test_an_unknown_regime_is_refused():
    with pytest.raises(ValueError, match="unknown regime"):
        standstill_end(date(2026, 12, 1), "pcr2015")
