"""List, and with --delete remove, closed LADO referrals kept longer than the retention period
set on the LADO settings page (`manage.py lado_retention [--delete] [--today YYYY-MM-DD]`)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clearsight.lado import selectors, services


class Command(BaseCommand):
    help = "List closed LADO referrals past their retention period; --delete removes them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", action="store_true",
                            help="delete them (with their allegations, meetings, oversight "
                                 "and timeline)")
        parser.add_argument("--today", default=None, help="the date to count from (testing)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else (
                timezone.localdate())
        except ValueError as error:
            raise CommandError("--today must be a date like 2026-03-31") from error
        years = selectors.lado_settings().retention_years
        expired = selectors.referrals_past_retention(today=today)
        references = list(expired.values_list("reference", "closed_on"))
        self.stdout.write(f"Retention: {years} years after closing. {len(references)} "
                          f"referral{'s' if len(references) != 1 else ''} past it.")
        for reference, closed_on in references:
            self.stdout.write(f"  {reference} closed {closed_on:%d/%m/%Y}")
        if options["delete"] and references:
            deleted = services.referrals_delete_past_retention(today=today)
            self.stdout.write(f"Deleted {len(deleted)}.")
