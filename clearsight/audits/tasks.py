"""Scheduled audit work: the monthly sample, drawn and allocated on the 1st.

The task runs every morning; `run_once_per_period` makes the month's draw happen once, on the
first run of the month, so a scheduler that was down on the 1st catches up the next day.
"""

from datetime import date

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from clearsight.core.jobs import run_once_per_period

JOB = "audit-sample"


def monthly_sample(today: date | None = None) -> str | None:
    """Draw and allocate this month's sample unless it has been drawn. Returns the outcome, or
    None when this month's run had already happened."""
    from clearsight.audits import services
    from clearsight.audits.models import SampleDraw

    month = (today or timezone.localdate()).replace(day=1)

    def work() -> str:
        if SampleDraw.objects.filter(kind=SampleDraw.Kind.MONTHLY, month=month).exists():
            return "already drawn by hand"
        draw = services.draw_monthly(month=month, by=None)
        left = services.draw_allocate(draw=draw, by=None)
        return (f"drew {draw.audits.count()} cases from {draw.population_size}; "
                f"{len(left)} left unallocated")

    run = run_once_per_period(job=JOB, period=f"{month:%Y-%m}", work=work)
    return run.outcome if run else None


@db_periodic_task(crontab(minute="30", hour="6"))
def draw_monthly_sample() -> None:
    monthly_sample()


@db_periodic_task(crontab(minute="45", hour="6"))
def send_audit_reminders() -> None:
    """Reminders before audit and action deadlines, and late audits to the service manager."""
    from clearsight.audits import services

    services.reminders_daily()
