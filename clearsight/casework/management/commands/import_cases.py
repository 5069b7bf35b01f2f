"""Load children and cases from a case-system extract: `manage.py import_cases PATH`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clearsight.casework.services import CASES_SPEC, cases_import_csv
from clearsight.core.csv_import import import_file_read, import_record_report


class Command(BaseCommand):
    help = ("Import children and cases from a case-system extract (CSV). All or nothing: on any "
            "problem nothing is saved, each problem is printed as file:row:column: message, and "
            "the exit status is 1. Load the staff file first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the case-system extract CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        data = import_file_read(path=path, spec=CASES_SPEC)
        record = cases_import_csv(data=data, filename=path.name, by=None)
        import_record_report(command=self, record=record, path=str(path))
