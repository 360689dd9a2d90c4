"""Standstill dates as award-records.md §6 rules: the PSR counts 8 working days *after*
the day the standstill begins (the day after publication), with England's bank holidays;
the Procurement Act counts 8 working days *beginning with* publication, with bank
holidays in any part of the United Kingdom. A publication date that is not a working day
is refused in words."""

from datetime import date

import pytest

from documents.standstill import (
    NotAWorkingDay,
    is_working_day,
    publication_problem,
    standstill,
    standstill_end,
)


def test_psr_published_monday_4_january_2027_ends_friday_15_january():
    period = standstill(date(2027, 1, 4), "psr")
    assert period.begins == date(2027, 1, 5)
    assert period.ends == date(2027, 1, 15)


def test_psr_published_monday_14_december_2026_ends_tuesday_29_december():
    # Christmas Friday 25 December; Boxing Day's holiday moves to Monday 28 December.
    assert standstill_end(date(2026, 12, 14), "psr") == date(2026, 12, 29)


def test_act_published_friday_12_march_2027_ends_wednesday_24_march():
    # 17 March is a bank holiday in Northern Ireland, so not a working day under the Act.
    period = standstill(date(2027, 3, 12), "procurement_act")
    assert period.begins == date(2027, 3, 12)
    assert period.ends == date(2027, 3, 24)


def test_st_patricks_day_is_a_working_day_under_the_psr_only():
    assert is_working_day(date(2027, 3, 17), "psr")
    assert not is_working_day(date(2027, 3, 17), "procurement_act")


def test_scotlands_2_january_counts_under_the_act():
    # 2 January 2026 is a Friday and a Scottish bank holiday.
    assert is_working_day(date(2026, 1, 2), "psr")
    assert not is_working_day(date(2026, 1, 2), "procurement_act")


def test_weekends_are_not_counted():
    # Published Wednesday 2 Dec 2026: begins Thursday 3; 8 working days after it.
    assert standstill_end(date(2026, 12, 2), "psr") == date(2026, 12, 15)
    assert standstill_end(date(2026, 12, 2), "procurement_act") == date(2026, 12, 11)


def test_easter_good_friday_and_easter_monday_are_skipped():
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    assert standstill_end(date(2027, 3, 19), "psr") == date(2027, 4, 2)
    assert standstill_end(date(2027, 3, 19), "procurement_act") == date(2027, 4, 1)


def test_friday_before_a_bank_holiday_monday():
    # Friday 28 May 2027, spring bank holiday Monday 31 May: the PSR period begins on
    # Saturday 29 May and counts from Tuesday 1 June.
    assert standstill_end(date(2027, 5, 28), "psr") == date(2027, 6, 10)
    assert standstill_end(date(2027, 5, 28), "procurement_act") == date(2027, 6, 9)


def test_a_one_off_bank_holiday_comes_from_the_calendar_not_a_list():
    # The coronation of King Charles III, Monday 8 May 2023.
    assert not is_working_day(date(2023, 5, 8))


@pytest.mark.parametrize(("published", "regime", "why"), [
    (date(2026, 12, 5), "psr", "Saturday 5 December 2026 is a weekend"),
    (date(2026, 12, 25), "psr", "Friday 25 December 2026 is a bank holiday"),
    (date(2027, 3, 17), "procurement_act", "Wednesday 17 March 2027 is a bank holiday"),
])
def test_a_publication_date_that_is_not_a_working_day_is_refused_in_words(published, regime,
                                                                          why):
    with pytest.raises(NotAWorkingDay, match=why):
        standstill(published, regime)
    assert "not a working day" in publication_problem(published, regime)


def test_a_working_publication_date_has_no_problem():
    assert publication_problem(date(2027, 1, 4), "psr") is None
    assert publication_problem(None, "psr") is None


def test_an_unknown_regime_is_refused():
    with pytest.raises(ValueError, match="unknown regime"):
        standstill_end(date(2026, 12, 1), "pcr2015")
