"""Shared tasks. Later issues add theirs in their own app's tasks.py."""

from django.core.mail import send_mail
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from clearsight.core.jobs import run_once_per_period


@db_task(retries=3, retry_delay=60)
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send an email in the background through the configured backend (SMTP or Notify)."""
    return send_mail(subject, body, None, to)


@db_periodic_task(crontab(minute="0", hour="6"))
def daily_housekeeping() -> None:
    """Runs every morning at 06:00 (UTC). Clears expired sessions once a day."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    today = timezone.localdate().isoformat()

    def clear_sessions() -> str:
        deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        return f"removed {deleted} expired sessions"

    run_once_per_period(job="clear-sessions", period=today, work=clear_sessions)
