"""Clearsight's analytics engine: pure Python, no Django, no I/O of its own.

It takes in-memory tables and dates and returns results. The web app and the command line both
call it; import-linter forbids it from importing Django or the web app (pyproject.toml), and
mypy checks it strictly. The indicator catalogue of the performance issue lives here.
"""

from clearsight_analytics.calendar import (
    WorkingDayCalendar,
    england_and_wales_bank_holidays,
)
from clearsight_analytics.periods import CollectionYear, collection_year_containing
from clearsight_analytics.suppression import SUPPRESSED, suppress_small

__all__ = [
    "SUPPRESSED",
    "CollectionYear",
    "WorkingDayCalendar",
    "collection_year_containing",
    "england_and_wales_bank_holidays",
    "suppress_small",
]
