"""Working days on the England and Wales bank-holiday calendar.

Statutory clocks in children's services (complaints stages, LADO initial consideration,
private fostering visits, assessments in 45 working days) count working days: Monday to Friday
less bank holidays. Conventions, stated once:

- The day an event happens is day 0; the first working day after it is day 1.
- A clock that starts on a weekend or holiday still counts from the next working day.
- `extra_closures` adds one-off days (a new bank holiday, a council closure) that the
  authority records in Clearsight before the holidays package knows of them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays_for_year(year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(calendar.keys())


def england_and_wales_bank_holidays(years: Iterable[int]) -> frozenset[date]:
    days: set[date] = set()
    for year in years:
        days |= _bank_holidays_for_year(year)
    return frozenset(days)


@dataclass(frozen=True)
class WorkingDayCalendar:
    extra_closures: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        if day in self.extra_closures:
            return False
        return day not in _bank_holidays_for_year(day.year)

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (day 0). `days` may be negative."""
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        current = start
        while remaining:
            current += timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
