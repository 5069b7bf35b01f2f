"""Background and scheduled work (ADR 0003: huey; SQLite queue by default, Redis in production).

Task functions live in each app's `tasks.py` (huey discovers them). This module holds the shared
pieces: `run_once_per_period`, which makes a monthly job idempotent and catch-up-able.
"""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from clearsight.core.models import ScheduledRun


def run_once_per_period(*, job: str, period: str, work: Callable[[], str]) -> ScheduledRun | None:
    """Run `work` for `period` unless it has already run (or is running). Returns the run row,
    or None when another run already claimed this period."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job, period=period)
    except IntegrityError:
        return None
    try:
        outcome = work()
    except Exception:
        # Release the claim so tomorrow's run tries again.
        ScheduledRun.objects.filter(pk=run.pk).delete()
        raise
    run.finished_at = timezone.now()
    run.outcome = outcome
    run.save(update_fields=["finished_at", "outcome"])
    return run
