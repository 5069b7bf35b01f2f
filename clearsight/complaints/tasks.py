"""Background work for complaints: the daily deadline reminders and overdue alerts."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="30", hour="6"))
def complaint_deadline_notices() -> None:
    """Every morning: email each allocated QA officer the reminders and alerts due today
    (services.deadline_notices_daily; once a day, and each notice once per deadline)."""
    from clearsight.complaints.services import deadline_notices_daily

    deadline_notices_daily()
