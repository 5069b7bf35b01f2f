"""The complaints procedure's working-day clocks, as pure functions over a calendar.

Conventions (the same as clearsight_analytics.calendar): the day an event happens is day 0 and
the first working day after it is day 1. A clock pauses while an advocate is being arranged: a
pause that begins on day P and ends on day R stops the count on the working days from P up to
the day before R, so R counts again. A pause still open has not ended: the deadline shown is the
earliest it can be, as if the pause ended tomorrow.

Every caller passes the calendar from `clearsight.core.calendar.working_calendar()` so that
bank holidays and the authority's recorded closures move every deadline.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol


class Calendar(Protocol):
    def is_working_day(self, day: date) -> bool: ...
    def add_working_days(self, start: date, days: int) -> date: ...


@dataclass(frozen=True)
class Pause:
    starts: date
    ends: date | None  # None: still paused


# The statutory and local timescales, in working days.
ALLOCATION_DAYS = 1  # allocated to a QA officer on day 1
FIRST_CONTACT_DAYS = 2  # complainant contacted within 2 working days of allocation
STAGE1_DAYS = 10
STAGE1_MAX_DAYS = 20  # only with the complainant's written agreement
QA_BEFORE_DEADLINE = 2  # quality assurance due 2 working days before the response deadline
ESCALATION_WINDOW_DAYS = 20  # to ask for stage 2 (or stage 3) after a response
STAGE2_DAYS = 25
STAGE2_MAX_DAYS = 65
STAGE3_PANEL_DAYS = 30  # the review panel meets within 30 working days of the request


def _paused(day: date, pauses: Iterable[Pause], today: date) -> bool:
    for pause in pauses:
        ends = pause.ends if pause.ends is not None else max(today, pause.starts) + timedelta(1)
        if pause.starts <= day < ends:
            return True
    return False


def due_date(calendar: Calendar, start: date, days: int, pauses: Iterable[Pause] = (),
             today: date | None = None) -> date:
    """The date `days` counted working days after `start` (day 0), skipping paused days."""
    if days < 0:
        raise ValueError("a clock counts forwards")
    pauses = list(pauses)
    if not pauses:
        return calendar.add_working_days(start, days)
    today = today or start
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if calendar.is_working_day(current) and not _paused(current, pauses, today):
            remaining -= 1
    return current


def days_counted(calendar: Calendar, start: date, end: date, pauses: Iterable[Pause] = (),
                 today: date | None = None) -> int:
    """Counted working days after `start` up to and including `end` (0 if end <= start)."""
    pauses = list(pauses)
    today = today or end
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if calendar.is_working_day(current) and not _paused(current, pauses, today):
            count += 1
    return count


def qa_due(calendar: Calendar, response_due: date) -> date:
    """Quality assurance of a response is due two working days before its deadline."""
    return calendar.add_working_days(response_due, -QA_BEFORE_DEADLINE)


@dataclass(frozen=True)
class ClockStatus:
    key: str  # "done", "done_late", "overdue", "due_soon", "on_track"
    text: str
    colour: str  # GOV.UK tag colour


DUE_SOON_DAYS = 2


def status(calendar: Calendar, *, due: date | None, done: date | None, today: date) -> ClockStatus:
    """Where a clock stands: met or missed once done, else on track, due soon or overdue."""
    if due is None:
        return ClockStatus("none", "Not started", "grey")
    if done is not None:
        if done <= due:
            return ClockStatus("done", "Met", "green")
        return ClockStatus("done_late", "Missed", "orange")
    if today > due:
        return ClockStatus("overdue", "Overdue", "red")
    if calendar.add_working_days(today, DUE_SOON_DAYS) >= due:
        return ClockStatus("due_soon", "Due soon", "yellow")
    return ClockStatus("on_track", "On track", "blue")
