from datetime import date

import pytest

from clearsight.core.calendar import working_calendar
from clearsight.core.models import Closure


@pytest.mark.django_db
def test_a_recorded_closure_moves_deadlines_counted_over_it():
    # Friday 20 November 2026 + 1 working day is Monday 23rd ...
    assert working_calendar().add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    Closure.objects.create(day=date(2026, 11, 23), reason="Council closure")
    # ... until the Monday is a closure; bank holidays still count as closed too.
    calendar = working_calendar()
    assert calendar.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 24)
    assert calendar.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
