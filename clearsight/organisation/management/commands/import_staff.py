"""Load staff and teams from a CSV file: `manage.py import_staff PATH` (docs/imports.md)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clearsight.core.csv_import import import_file_read, import_record_report
from clearsight.organisation.services import STAFF_SPEC, staff_import_csv


class Command(BaseCommand):
    help = ("Import staff and teams from a CSV file. All or nothing: on any problem nothing is "
            "saved, each problem is printed as file:row:column: message, and the exit status "
            "is 1.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the staff CSV file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        data = import_file_read(path=path, spec=STAFF_SPEC)
        record = staff_import_csv(data=data, filename=path.name, by=None)
        import_record_report(command=self, record=record, path=str(path))

