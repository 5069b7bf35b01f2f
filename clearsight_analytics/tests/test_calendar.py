from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clearsight_analytics import WorkingDayCalendar, england_and_wales_bank_holidays

CALENDAR = WorkingDayCalendar()
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def test_one_off_bank_holidays_are_known():
    known = england_and_wales_bank_holidays([2022, 2023])
    assert date(2022, 9, 19) in known  # State funeral of Queen Elizabeth II
    assert date(2023, 5, 8) in known  # Coronation of King Charles III


def test_christmas_2026_falls_on_a_friday_and_boxing_day_is_observed_on_monday():
    # Day 0 is Wednesday 23 December; Friday 25 and Monday 28 (Boxing Day observed) are holidays.
    assert CALENDAR.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)
    assert CALENDAR.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)


def test_ten_working_days_over_easter_2026():
    # Good Friday 3 April, Easter Monday 6 April 2026.
    assert CALENDAR.add_working_days(date(2026, 3, 30), 10) == date(2026, 4, 15)


def test_extra_closures_push_deadlines_back():
    closure = WorkingDayCalendar(extra_closures=frozenset({date(2026, 11, 24)}))
    assert CALENDAR.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)
    assert closure.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)


@given(DAYS, st.integers(min_value=0, max_value=80))
def test_adding_then_counting_working_days_round_trips(start, days):
    end = CALENDAR.add_working_days(start, days)
    assert CALENDAR.working_days_between(start, end) == days
    assert days == 0 or CALENDAR.is_working_day(end)


@given(DAYS, st.integers(min_value=1, max_value=80))
def test_a_deadline_is_never_sooner_than_the_calendar_days(start, days):
    end = CALENDAR.add_working_days(start, days)
    assert end - start >= timedelta(days=days)
    assert CALENDAR.add_working_days(end, -days) <= start + timedelta(days=3)
