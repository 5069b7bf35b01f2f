"""Scheduled LADO work: once a month, delete closed referrals past their retention period
(the same rule as `manage.py lado_retention --delete`), catching up if a month was missed."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from clearsight.core.jobs import run_once_per_period
from clearsight.lado import services


def retention_run() -> str:
    deleted = services.referrals_delete_past_retention(today=timezone.localdate())
    return f"Deleted {len(deleted)} referrals past retention: {', '.join(deleted)}"[:500]


@db_periodic_task(crontab(hour="2", minute="30"))
def lado_retention() -> None:
    run_once_per_period(job="lado_retention", period=f"{timezone.localdate():%Y-%m}",
                        work=retention_run)
