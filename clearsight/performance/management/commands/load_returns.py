"""Load national returns from files on disk, as the data pages do, and optionally compute:
`manage.py load_returns`.

    manage.py load_returns --cin-census cin_2025.xml --cin-census cin_2026.xml \\
        --ssda903 2025=returns/903/2025 --ssda903 2026=returns/903/2026 \\
        --annex-a annex_a.xlsx --as-at 2026-03-31 \\
        --population-file ons_mid_year.csv --la 884 --compute

Each file (or SSDA903 year) is its own all-or-nothing import, recorded as on the web. A refused
one prints every problem as file:part:row:column: message and the command exits with status 1
after trying the rest; nothing of a refused file is kept.
"""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.core.csv_import import import_record_lines, import_record_summary
from clearsight.core.models import ImportRecord
from clearsight.performance import services


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"expected a date like 2026-03-31, not {value!r}") from error


def _year_folder(value: str) -> tuple[int, Path]:
    year, _, folder = value.partition("=")
    if not year.isdigit() or not folder:
        raise CommandError(f"--ssda903 takes YEAR=FOLDER (2026=returns/903/2026), not {value!r}")
    return int(year), Path(folder)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error


class Command(BaseCommand):
    help = ("Load Annex A, SSDA903 and CIN census returns and the child population from files, "
            "each all or nothing, and compute the indicators (--compute).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--annex-a", type=Path, action="append", default=[],
                            help="an Annex A workbook (.xlsx); needs --as-at")
        parser.add_argument("--as-at", type=_day, help="the date the Annex A lists were taken")
        parser.add_argument("--ssda903", type=_year_folder, action="append", default=[],
                            help="YEAR=FOLDER of one collection year's SSDA903 CSVs")
        parser.add_argument("--cin-census", type=Path, action="append", default=[],
                            help="a CIN census XML file")
        parser.add_argument("--data-to", type=_day,
                            help="the day a year still running has data up to")
        parser.add_argument("--population-file", type=Path,
                            help="DfE's ONS mid-year population CSV; needs --la")
        parser.add_argument("--la", help="three-digit local authority number for "
                                         "--population-file")
        parser.add_argument("--compute", action="store_true",
                            help="compute the indicators afterwards, in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["annex_a"] and options["as_at"] is None:
            raise CommandError("--annex-a needs --as-at, the date the lists were taken")
        if options["population_file"] and not options["la"]:
            raise CommandError("--population-file needs --la, the local authority number")
        records: list[ImportRecord] = []
        for path in options["cin_census"]:
            records.append(services.return_load_cin_census(
                data=_read(path), filename=path.name, as_at=options["data_to"], by=None))
        for year, folder in options["ssda903"]:
            files = {path.name: _read(path) for path in sorted(folder.glob("*.csv"))}
            if not files:
                raise CommandError(f"{folder} holds no .csv files")
            records.append(services.return_load_ssda903(
                files=files, collection_year=year, as_at=options["data_to"], by=None))
        for path in options["annex_a"]:
            records.append(services.return_load_annex_a(
                data=_read(path), filename=path.name, as_at=options["as_at"], by=None))
        if options["population_file"]:
            path = options["population_file"]
            records.append(services.population_load_file(
                data=_read(path), filename=path.name, la_code=options["la"]))
        refused = [r for r in records if r.status == ImportRecord.Status.REFUSED]
        for record in records:
            self.stdout.write(import_record_summary(record=record))
        for record in refused:
            for line in import_record_lines(record=record, path=record.filename):
                self.stderr.write(line)
        if refused:
            raise CommandError(f"{len(refused)} of {len(records)} imports refused; the others "
                               "were loaded.", returncode=1)
        if options["compute"]:
            computation = services.computation_create()
            services.computation_run(computation_id=computation.pk)
            computation.refresh_from_db()
            self.stdout.write(f"Computed {computation.value_count:,} values in "
                              f"{computation.seconds} s (data up to "
                              f"{computation.latest_data:%d/%m/%Y}).")
