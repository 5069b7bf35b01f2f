"""The authority's working-day calendar: England and Wales bank holidays plus its closures.

Every statutory clock in the domain apps asks for the calendar here, so that a closure an
administrator records moves every deadline counted after it.
"""

from clearsight.core.models import Closure
from clearsight_analytics import WorkingDayCalendar


def working_calendar() -> WorkingDayCalendar:
    """Bank holidays plus the closures recorded now (one small query; call once per request
    or job, not once per date)."""
    return WorkingDayCalendar(
        extra_closures=frozenset(Closure.objects.values_list("day", flat=True)))
