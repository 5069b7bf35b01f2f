"""The clocks against dates worked out by hand on the England and Wales calendar.

2025-26 bank holidays used here: Thu 25 and Fri 26 December 2025, Thu 1 January 2026, Good
Friday 3 April and Easter Monday 6 April 2026, Fri 25 and Mon 28 December 2026 (Boxing Day
falls on a Saturday). Day 0 is the day of the event.
"""

from datetime import date

import pytest

from clearsight.complaints import clocks
from clearsight.complaints.clocks import Pause
from clearsight_analytics import WorkingDayCalendar

CAL = WorkingDayCalendar()


def test_ten_working_days_across_christmas_2026():
    # Mon 14 Dec: 15-18 (4), 21-24 (8), 25 and 28 bank holidays, 29 (9), 30 (10)
    assert clocks.due_date(CAL, date(2026, 12, 14), 10) == date(2026, 12, 30)


def test_a_one_off_closure_moves_the_deadline():
    closed = WorkingDayCalendar(extra_closures=frozenset({date(2026, 12, 24)}))
    assert clocks.due_date(closed, date(2026, 12, 14), 10) == date(2026, 12, 31)


def test_ten_working_days_across_easter_2026():
    # Wed 25 Mar: 26, 27, 30, 31 Mar, 1, 2 Apr (6), Good Friday and Easter Monday, 7-10 (10)
    assert clocks.due_date(CAL, date(2026, 3, 25), 10) == date(2026, 4, 10)


def test_quality_assurance_is_due_two_working_days_before_the_deadline():
    # Before Wed 30 Dec 2026: Tue 29 (-1), Mon 28 and Fri 25 are holidays, Thu 24 (-2)
    assert clocks.qa_due(CAL, date(2026, 12, 30)) == date(2026, 12, 24)


def test_a_clock_starting_on_a_weekend_counts_from_the_next_working_day():
    assert clocks.due_date(CAL, date(2026, 6, 6), 1) == date(2026, 6, 8)


def test_stage_two_twenty_five_and_sixty_five_days():
    # Mon 1 Jun 2026; no holidays until the summer bank holiday, Mon 31 Aug
    assert clocks.due_date(CAL, date(2026, 6, 1), 25) == date(2026, 7, 6)
    assert clocks.due_date(CAL, date(2026, 6, 1), 65) == date(2026, 9, 1)


def test_a_closed_pause_adds_the_paused_working_days():
    # Paused Wed 3 to Mon 8 Jun: 3, 4, 5 do not count; 2 (1), 8-12 (6), 15-18 (10)
    pauses = [Pause(date(2026, 6, 3), date(2026, 6, 8))]
    assert clocks.due_date(CAL, date(2026, 6, 1), 10, pauses) == date(2026, 6, 18)


def test_an_open_pause_holds_the_clock_until_today():
    pauses = [Pause(date(2026, 6, 3), None)]
    # Paused up to and including Wed 10 Jun: 2 (1), 11, 12, 15-19, 22, 23 (10)
    assert clocks.due_date(CAL, date(2026, 6, 1), 10, pauses, today=date(2026, 6, 10)) == date(
        2026, 6, 23)


def test_a_pause_over_a_weekend_and_bank_holiday_costs_only_working_days():
    # Paused Thu 2 Apr to Tue 7 Apr 2026: only Thu 2 Apr is a working day lost
    pauses = [Pause(date(2026, 4, 2), date(2026, 4, 7))]
    assert clocks.due_date(CAL, date(2026, 3, 25), 10, pauses) == date(2026, 4, 13)


def test_days_counted_is_the_inverse_of_due_date():
    assert clocks.days_counted(CAL, date(2026, 6, 1), date(2026, 6, 29)) == 20
    assert clocks.days_counted(CAL, date(2026, 12, 14), date(2026, 12, 30)) == 10
    pauses = [Pause(date(2026, 6, 3), date(2026, 6, 8))]
    assert clocks.days_counted(CAL, date(2026, 6, 1), date(2026, 6, 18), pauses) == 10


def test_a_clock_cannot_count_backwards():
    with pytest.raises(ValueError, match="forwards"):
        clocks.due_date(CAL, date(2026, 6, 1), -1)


@pytest.mark.parametrize(("today", "done", "key"), [
    (date(2026, 6, 10), None, "on_track"),
    (date(2026, 6, 11), None, "due_soon"),  # two working days before Mon 15 Jun
    (date(2026, 6, 15), None, "due_soon"),
    (date(2026, 6, 16), None, "overdue"),
    (date(2026, 6, 20), date(2026, 6, 15), "done"),
    (date(2026, 6, 20), date(2026, 6, 16), "done_late"),
])
def test_status(today, done, key):
    assert clocks.status(CAL, due=date(2026, 6, 15), done=done, today=today).key == key


def test_status_without_a_deadline():
    assert clocks.status(CAL, due=None, done=None, today=date(2026, 6, 1)).key == "none"
