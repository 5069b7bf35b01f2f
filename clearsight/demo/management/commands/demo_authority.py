"""Generate the Demoshire demo authority, write its files and load it: `manage.py demo_authority`.

Writes staff.csv, cases.csv, annex_a.xlsx, population.csv and three collection years of national
returns (ssda903/<year>/*.csv, cin_census/<year>.xml) to --out (see clearsight.demo.files), then
loads staff.csv and cases.csv through the same importers as an upload, sets the demo password on
the fixed sign-ins (one per role, such as practitioner@demoshire.example) and makes the
administrator a Django superuser. Safe to run again: the imports update what is already there,
and demo cases that are no longer in the file are removed, so nothing is duplicated.
"""

import hashlib
import os
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, ProtectedError, QuerySet
from django.utils import timezone

from clearsight.casework.models import Case, Child
from clearsight.casework.services import cases_import_csv
from clearsight.core.csv_import import import_record_lines, import_record_summary
from clearsight.core.models import ImportRecord
from clearsight.demo import (
    audits_demo,
    complaints_demo,
    feedback_demo,
    files,
    governance_demo,
    lado_demo,
)
from clearsight.demo.generator import (
    DEFAULT_OPEN_CASES,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    LA_NAME,
    LA_NUMBER,
    Authority,
    generate,
)
from clearsight.demo.plans_demo import plans_demo
from clearsight.organisation.models import Team, User
from clearsight.organisation.services import staff_import_csv
from clearsight.performance import services as performance
from clearsight.performance.models import Computation, ReturnLoad, ReturnSource

DEMO_CASE_PREFIX = "DS-"
COMPARE_AS = "884"  # Herefordshire: see Command.performance


def _as_of(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-of must be a date like 2026-03-31, not {value!r}") from error


class Command(BaseCommand):
    help = ("Generate the synthetic Demoshire authority (about 150 staff and the given number of "
            "open cases, with their history), write its staff, cases, Annex A, SSDA903 and CIN "
            "census files, and load the staff and cases through the importers.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on-a-live-server", action="store_true",
                            help="run although HTTPS is on (the sign of a real deployment)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument("--open-cases", type=int, default=DEFAULT_OPEN_CASES,
                            help=f"number of open cases (default {DEFAULT_OPEN_CASES:,})")
        parser.add_argument("--as-of", type=_as_of, default=None,
                            help="the date the data is as at, YYYY-MM-DD (default today)")
        parser.add_argument("--out", type=Path, default=None,
                            help="folder for the files (default var/demo)")
        parser.add_argument("--password", default=None,
                            help="password for the demo sign-ins (default $DEMO_PASSWORD, else "
                                 f"{DEFAULT_PASSWORD})")
        parser.add_argument("--flush", action="store_true",
                            help="delete every demo case, and the children left without one, "
                                 "before loading")
        parser.add_argument("--files-only", action="store_true",
                            help="write the files but load nothing into the database")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.HTTPS and not options["on_a_live_server"]:
            raise CommandError(
                "HTTPS is on, so this looks like a real deployment. The demo sets one known "
                "password on 11 accounts, an administrator among them. Run it only on a demo "
                "server, and pass --on-a-live-server to confirm that this is one.")
        if options["open_cases"] < 1:
            raise CommandError("--open-cases must be at least 1")
        out: Path = options["out"] or Path(settings.VAR_DIR) / "demo"
        password = options["password"] or os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        started = time.perf_counter()
        authority = generate(seed=options["seed"], open_cases=options["open_cases"],
                             as_of=options["as_of"] or timezone.localdate())
        generated = time.perf_counter()
        written = files.write_all(authority, out)
        wrote = time.perf_counter()
        years = authority.collection_years
        self.stdout.write(f"Generated Demoshire (seed {authority.seed}, as at "
                          f"{authority.as_of:%d/%m/%Y}) in {generated - started:.1f}s and wrote "
                          f"{len(written.paths())} files to {out} in {wrote - generated:.1f}s "
                          f"(returns for {years[0] - 1}-{years[0] % 100:02d} to "
                          f"{years[-1] - 1}-{years[-1] % 100:02d}).")
        if options["files_only"]:
            return
        if options["flush"]:
            self.flush()
        earlier = set(Child.objects.filter(cases__case_ref__startswith=DEMO_CASE_PREFIX)
                      .values_list("pk", flat=True))
        self.load(written.staff, staff_import_csv)
        self.load(written.cases, cases_import_csv)
        self.stdout.write(complaints_demo.load(authority))  # before prune: complaints hold cases
        self.prune(authority, earlier)
        self.sign_ins(authority, password)
        self.performance(authority, written)
        self.stdout.write(f"Improvement plans: {plans_demo(as_of=authority.as_of)}")
        lado_demo.load(authority=authority, stdout=self.stdout)
        self.stdout.write(feedback_demo.load(as_of=authority.as_of, seed=authority.seed))
        self.stdout.write(audits_demo.load_audits(as_of=authority.as_of, seed=authority.seed))
        self.stdout.write(governance_demo.summary(governance_demo.board_pack(as_of=authority.as_of)))
        loaded = time.perf_counter()
        self.stdout.write(f"Loaded in {loaded - wrote:.1f}s; {loaded - started:.1f}s in all.")
        self.summary(authority, password)

    def load(self, path: Path, importer: Any) -> None:
        record: ImportRecord = importer(data=path.read_bytes(), filename=path.name, by=None)
        if record.status != ImportRecord.Status.LOADED:
            for line in list(import_record_lines(record=record, path=str(path)))[:20]:
                self.stderr.write(line)
            raise CommandError(import_record_summary(record=record))
        self.stdout.write(import_record_summary(record=record))

    def performance(self, authority: Authority, written: files.DemoFiles) -> None:
        """Load the returns and the population through the performance importers, say whom
        Demoshire compares with, and compute the indicators. A return already loaded with the
        same checksum and date is not loaded again, and nothing is computed if nothing new
        was loaded and a snapshot exists."""
        running = max(written.cin_census)
        loads: list[tuple[str, str, Callable[[], ImportRecord]]] = []
        for year, path in written.cin_census.items():
            as_at = authority.as_of if year == running else None
            loads.append((ReturnSource.CIN_CENSUS, str(year), partial(
                performance.return_load_cin_census, data=path.read_bytes(),
                filename=f"cin_census_{year}.xml", as_at=as_at, by=None)))
        for year in written.ssda903:
            as_at = authority.as_of if year == running else None
            tables = {path.name: path.read_bytes() for path in written.ssda903_files(year)}
            loads.append((ReturnSource.SSDA903, str(year), partial(
                performance.return_load_ssda903, files=tables, collection_year=year,
                as_at=as_at, by=None)))
        loads.append((ReturnSource.ANNEX_A, authority.as_of.isoformat(), partial(
            performance.return_load_annex_a, data=written.annex_a.read_bytes(),
            filename=written.annex_a.name, as_at=authority.as_of, by=None)))
        changed = False
        for source, period_key, load in loads:
            if self.already_loaded(source, period_key, load):
                continue
            record = load()
            if record.status != ImportRecord.Status.LOADED:
                for line in list(import_record_lines(record=record, path=record.filename))[:20]:
                    self.stderr.write(line)
                raise CommandError(import_record_summary(record=record))
            self.stdout.write(import_record_summary(record=record))
            changed = True
        record = performance.population_load_file(
            data=written.population.read_bytes(), filename=written.population.name,
            la_code=LA_NUMBER)
        if record.status != ImportRecord.Status.LOADED:
            raise CommandError(import_record_summary(record=record))
        profile = performance.authority_profile_get()
        # Demoshire's number (999) is made up, so it is compared as Herefordshire (884): an
        # authority of about the same number of children, in the West Midlands, with DfE
        # statistical neighbours of its own.
        performance.authority_profile_update(
            version=profile.version, name=LA_NAME, la_code=LA_NUMBER,
            comparator_la_code=COMPARE_AS, neighbour_model=profile.neighbour_model)
        if changed or not Computation.objects.filter(status=Computation.Status.DONE).exists():
            computation = performance.computation_create()
            performance.computation_run(computation_id=computation.pk)
            computation.refresh_from_db()
            self.stdout.write(f"Computed {computation.value_count:,} indicator values in "
                              f"{computation.seconds} s.")

    @staticmethod
    def already_loaded(source: str, period_key: str, load: Any) -> bool:
        """Whether the current load for this period has the same checksum and date."""
        current = ReturnLoad.objects.filter(source=source, period_key=period_key,
                                            superseded_by__isnull=True).select_related(
            "import_record").first()
        if current is None:
            return False
        keywords = load.keywords
        data = keywords.get("data")
        if data is None:
            checksum = performance.files_checksum(keywords["files"])
        else:
            checksum = hashlib.sha256(data).hexdigest()
        return bool(current.import_record.sha256 == checksum and (
            keywords.get("as_at") in (None, current.as_at)))

    def flush(self) -> None:
        with transaction.atomic():
            cases = Case.objects.filter(case_ref__startswith=DEMO_CASE_PREFIX)
            removed = self.delete_cases(cases)
        self.stdout.write(f"Flushed {removed:,} demo cases.")

    def prune(self, authority: Authority, earlier: set[int]) -> None:
        """Remove what an earlier run loaded and this run's file no longer has: demo cases not
        in the file, and the children of earlier demo cases who are now left without a case."""
        wanted = {case.case_ref for case in authority.cases}
        stale = [pk for pk, ref in Case.objects.filter(case_ref__startswith=DEMO_CASE_PREFIX)
                 .values_list("pk", "case_ref") if ref not in wanted]
        removed = 0
        with transaction.atomic():
            for start in range(0, len(stale), 900):
                removed += self.delete_cases(Case.objects.filter(pk__in=stale[start:start + 900]))
            children = self.delete_orphans(earlier)
        if removed or children:
            self.stdout.write(f"Removed {removed:,} demo cases and {children:,} children left "
                              "from an earlier run.")

    def delete_cases(self, cases: "QuerySet[Case]") -> int:
        child_pks = set(cases.values_list("child_id", flat=True))
        try:
            removed, _ = cases.delete()
        except ProtectedError as error:
            raise CommandError("Some demo cases are used by other records (such as audits), "
                               f"so they were kept: {error}") from error
        self.delete_orphans(child_pks)
        return removed

    def delete_orphans(self, child_pks: set[int]) -> int:
        """Delete those of these children who have no case left."""
        pks = list(child_pks)
        deleted = 0
        for start in range(0, len(pks), 900):
            orphans = (Child.objects.filter(pk__in=pks[start:start + 900])
                       .annotate(n=Count("cases")).filter(n=0).values_list("pk", flat=True))
            deleted += Child.objects.filter(pk__in=list(orphans)).delete()[0]
        return deleted

    def sign_ins(self, authority: Authority, password: str) -> None:
        hashed = make_password(password)  # hashed once: the slow hasher is meant to be slow
        for person in authority.sign_ins.values():
            user = User.objects.get(staff_id=person.staff_id)
            user.password = hashed
            user.is_active = True  # the staff file made administrators staff already
            user.save(update_fields=["password", "is_active"])

    def summary(self, authority: Authority, password: str) -> None:
        codes = [team.code for team in authority.teams]
        staff_ids = [person.staff_id for person in authority.staff]
        demo_cases = Case.objects.filter(case_ref__startswith=DEMO_CASE_PREFIX)
        self.stdout.write("")
        self.stdout.write(f"Teams:       {Team.objects.filter(code__in=codes).count():,} "
                          f"({sum(t.case_holding for t in authority.teams)} holding cases)")
        self.stdout.write(f"Staff:       {User.objects.filter(staff_id__in=staff_ids).count():,}")
        self.stdout.write(f"Open cases:  {demo_cases.filter(closed_on__isnull=True).count():,}")
        self.stdout.write(f"Closed:      {demo_cases.filter(closed_on__isnull=False).count():,} "
                          "(closed in the last three years)")
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (one per role):")
        width = max(len(person.email) for person in authority.sign_ins.values())
        self.stdout.write(f"  {'role':<25} {'email':<{width}}  password")
        for role, person in authority.sign_ins.items():
            self.stdout.write(f"  {role:<25} {person.email:<{width}}  {password}")
