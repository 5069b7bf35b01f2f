"""Reporting periods, and which of them the loaded data can answer for.

A period is reported only when the data covers it completely: a month that is still running,
a year with a missing return, or the first year of a measure that needs twelve months of
history before it (re-referrals) are left out rather than shown too low. Coverage is a list of
date ranges per model table (model.py); a period must fit inside one of them.

Labels follow the sector's habits: collection years as "2024-25", financial quarters ("Q1
2025-26" is April to June 2025), months, and "12 months to April 2025". A period's id is its
type and end date ("month:2025-04-30"), unique and sortable.
"""

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from clearsight_analytics.indicators.definition import PeriodRule, PeriodType
from clearsight_analytics.periods import collection_year_containing

DateRange = tuple[date, date]


@dataclass(frozen=True, order=True)
class Period:
    end: date
    start: date
    type: PeriodType
    label: str

    @property
    def id(self) -> str:
        return f"{self.type.value}:{self.end.isoformat()}"

    @property
    def months(self) -> int:
        """Whole months the period spans (0 for a point in time)."""
        if self.type == PeriodType.EXTRACT:
            return 0
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), on the month's last day if it has no such day:
    29 February plus 12 months is 28 February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _month_label(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def _month_ends(first: date, last: date) -> Iterable[date]:
    current = month_end(first)
    while current <= last:
        yield current
        current = month_end(current + timedelta(days=1))


def period_of(type_: PeriodType, end: date) -> Period:
    """The period of this type ending on `end` (a month end; 31 March for years)."""
    if type_ == PeriodType.MONTH:
        return Period(end, end.replace(day=1), type_, _month_label(end))
    if type_ == PeriodType.ROLLING_12:
        start = add_months(end.replace(day=1), -11)
        return Period(end, start, type_, f"12 months to {_month_label(end)}")
    if type_ == PeriodType.QUARTER:
        start = add_months(end.replace(day=1), -2)
        year = collection_year_containing(end)
        number = (start.month - 4) % 12 // 3 + 1
        return Period(end, start, type_,
                      f"Q{number} {year.label} ({calendar.month_abbr[start.month]} to "
                      f"{calendar.month_abbr[end.month]} {end.year})")
    if type_ == PeriodType.YEAR:
        year = collection_year_containing(end)
        return Period(year.end, year.start, type_, year.label)
    return Period(end, end, type_, f"As at {end.day} {calendar.month_name[end.month]} {end.year}")


def _is_end_of(type_: PeriodType, day: date) -> bool:
    if type_ == PeriodType.YEAR:
        return (day.month, day.day) == (3, 31)
    if type_ == PeriodType.QUARTER:
        return day.month in (3, 6, 9, 12) and day == month_end(day)
    return day == month_end(day)


def merge(ranges: Iterable[DateRange]) -> list[DateRange]:
    """Overlapping or touching ranges joined into one."""
    merged: list[DateRange] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def intersect(a: Sequence[DateRange], b: Sequence[DateRange]) -> list[DateRange]:
    out: list[DateRange] = []
    for start_a, end_a in a:
        for start_b, end_b in b:
            start, end = max(start_a, start_b), min(end_a, end_b)
            if start <= end:
                out.append((start, end))
    return merge(out)


def periods_covered(coverage: Sequence[DateRange], *, rule: PeriodRule,
                    types: Iterable[PeriodType], lookback_months: int = 0,
                    extracts: Iterable[date] = ()) -> list[Period]:
    """Every period of `types` that the coverage answers for completely, oldest first.

    EVENTS and PERIOD: the period and its look-back lie inside one covered range.
    SNAPSHOT: the period's last day, and the look-back before it, lie inside one range.
    EXTRACT: each extract date inside a covered range is its own period.
    """
    ranges = merge(coverage)
    wanted = set(types)
    found: set[Period] = set()
    if rule == PeriodRule.EXTRACT:
        for day in extracts:
            if any(start <= day <= end for start, end in ranges):
                found.add(period_of(PeriodType.EXTRACT, day))
        return sorted(found)
    for start, end in ranges:
        for last in _month_ends(start, end):
            for type_ in wanted - {PeriodType.EXTRACT}:
                if not _is_end_of(type_, last):
                    continue
                period = period_of(type_, last)
                if rule == PeriodRule.SNAPSHOT:
                    needed_from = (add_months(period.end, -lookback_months) + timedelta(days=1)
                                   if lookback_months else period.end)
                else:
                    needed_from = add_months(period.start, -lookback_months)
                if needed_from >= start:
                    found.add(period)
    return sorted(found)
